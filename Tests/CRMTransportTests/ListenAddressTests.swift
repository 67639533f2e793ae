import CRMTransport
import Testing

@Suite struct ListenAddressTests {
    @Test(arguments: [
        ("127.0.0.1:7070", ListenAddress.tcp(host: "127.0.0.1", port: 7070)),
        ("localhost:0", .tcp(host: "localhost", port: 0)),
        ("[::1]:8080", .tcp(host: "::1", port: 8080)),
        (":9000", .tcp(host: "127.0.0.1", port: 9000)),
        ("9000", .tcp(host: "127.0.0.1", port: 9000)),
    ])
    func parsesTCPAddresses(_ spec: String, _ expected: ListenAddress) throws {
        #expect(try ListenAddress(tcp: spec) == expected)
    }

    @Test(arguments: ["::1:80", "[::1]80", "[::1", "host:", "host:65536", "host:-1", "host:http"])
    func rejectsMalformedAddresses(_ spec: String) {
        #expect(throws: ListenError.self) { try ListenAddress(tcp: spec) }
    }

    @Test func describesAddresses() {
        #expect(ListenAddress.tcp(host: "::1", port: 5).description == "tcp [::1]:5")
        #expect(ListenAddress.tcp(host: "127.0.0.1", port: 5).description == "tcp 127.0.0.1:5")
        #expect(ListenAddress.unix(path: "/run/c.sock").description == "unix /run/c.sock")
    }
}
