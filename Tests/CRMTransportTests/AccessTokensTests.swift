import CRMTestSupport
import CRMTransport
import Foundation
import Glibc
import Testing

@Suite struct AccessTokensTests {
    let sample = """
        # relays
        0123456789abcdef0123  slack-bridge
        fedcba9876543210fedc  wecom-bridge  Li Ming, Wang Fang

        aaaaaaaaaaaaaaaaaaaa  ops  *
        """

    @Test func parsesTokensNamesAndReps() throws {
        let tokens = try AccessTokens.parse(sample, source: "test")
        #expect(tokens.count == 3)
        #expect(tokens.authenticate("0123456789abcdef0123") == TokenGrant(name: "slack-bridge", reps: nil))
        let wecom = try #require(tokens.authenticate("fedcba9876543210fedc"))
        #expect(wecom.reps == ["Li Ming", "Wang Fang"])
        #expect(wecom.allows(rep: "Li Ming") && !wecom.allows(rep: "Zhao Lei"))
        #expect(tokens.authenticate("aaaaaaaaaaaaaaaaaaaa")?.reps == nil)
        #expect(tokens.authenticate("0123456789abcdef012") == nil)
        #expect(tokens.authenticate("0123456789abcdef01234") == nil)
        #expect(tokens.authenticate("") == nil)
    }

    @Test(arguments: [
        ("short slack", "test line 1: the token is shorter than 16 characters"),
        ("0123456789abcdef0123", "test line 1: expected 'TOKEN NAME [REPS]'"),
        ("0123456789abcdef0123 a\n0123456789abcdef0123 b", "test line 2: the token appears twice"),
        ("0123456789abcdef0123 a ,", "test line 1: the rep list is empty"),
    ])
    func rejectsBadLines(_ text: String, _ message: String) {
        #expect(throws: TokenFileError(message)) { try AccessTokens.parse(text, source: "test") }
    }

    @Test func refusesNamesThatCouldHideOrForge() {
        #expect(throws: TokenFileError(
            "test line 1: The rep name \"Li\\u{200B}Ming\" contains U+200B (an invisible formatting character). "
                + "A rep name is 1 to 64 visible characters, with no control or invisible characters and no space at either end.")
        ) { try AccessTokens.parse("0123456789abcdef0123 relay Li\u{200B}Ming", source: "test") }
        #expect(throws: TokenFileError(
            "test line 1: the name \"re\\u{202E}lay\" contains an invisible character (\\u{202E})")
        ) { try AccessTokens.parse("0123456789abcdef0123 re\u{202E}lay", source: "test") }
    }

    @Test func rolesBoundWhatATokenMayActAs() throws {
        let tokens = try AccessTokens.parse(
            """
            0123456789abcdef0123  slack-bridge
            fedcba9876543210fedc  wecom-bridge  Li Ming, Wang Fang
            aaaaaaaaaaaaaaaaaaaa  ops           role=admin
            bbbbbbbbbbbbbbbbbbbb  desk          role=rep *
            cccccccccccccccccccc  phone         role=manager\tLi Ming
            """, source: "test")
        #expect(tokens.authenticate("0123456789abcdef0123") == TokenGrant(name: "slack-bridge", reps: nil, highestRole: .manager))
        #expect(tokens.authenticate("fedcba9876543210fedc")?.highestRole == .manager)
        #expect(tokens.authenticate("aaaaaaaaaaaaaaaaaaaa") == TokenGrant(name: "ops", reps: nil, highestRole: .admin))
        #expect(tokens.authenticate("bbbbbbbbbbbbbbbbbbbb") == TokenGrant(name: "desk", reps: nil, highestRole: .rep))
        #expect(tokens.authenticate("cccccccccccccccccccc") == TokenGrant(name: "phone", reps: ["Li Ming"], highestRole: .manager))
        #expect(TokenRole.rep < .manager && TokenRole.manager < .admin)
        #expect(throws: TokenFileError("test line 1: \"role=boss\" is not a role; use role=rep, role=manager or role=admin")) {
            try AccessTokens.parse("0123456789abcdef0123 a role=boss", source: "test")
        }
    }

    @Test func constantTimeEqualityIsEquality() {
        let a = Array("secret-token-1234".utf8)
        #expect(AccessTokens.constantTimeEqual(a, a))
        #expect(!AccessTokens.constantTimeEqual(a, Array("secret-token-1235".utf8)))
        #expect(!AccessTokens.constantTimeEqual(a, Array("secret-token-123".utf8)))
        #expect(!AccessTokens.constantTimeEqual([], a))
        #expect(AccessTokens.constantTimeEqual([], []))
    }

    @Test func loadsAPrivateFileAndRefusesAReadableOne() throws {
        let dir = TempSocketDir()
        let path = dir.file("tokens")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(sample.utf8)))
        chmod(path, 0o600)
        #expect(try AccessTokens.load(path: path).count == 3)
        chmod(path, 0o644)
        #expect(throws: TokenFileError("the token file \(path) has mode 644; it must be 0600 (readable by its owner only): chmod 600 \(path)")) {
            try AccessTokens.load(path: path)
        }
        #expect(throws: TokenFileError.self) { try AccessTokens.load(path: dir.file("missing")) }
    }

    @Test func readsTokensFromTheEnvironment() throws {
        let environment = [
            "CRMBOT_TEST_TOKEN_A": "0123456789abcdef0123",
            "CRMBOT_TEST_TOKEN_B": "0123456789abcdef0123 slack; fedcba9876543210fedc wecom Li Ming",
        ]
        let a = try #require(try AccessTokens.fromEnvironment("CRMBOT_TEST_TOKEN_A", environment: environment))
        #expect(a.authenticate("0123456789abcdef0123") == TokenGrant(name: "env", reps: nil))
        let b = try #require(try AccessTokens.fromEnvironment("CRMBOT_TEST_TOKEN_B", environment: environment))
        #expect(b.authenticate("fedcba9876543210fedc") == TokenGrant(name: "wecom", reps: ["Li Ming"]))
        #expect(try AccessTokens.fromEnvironment("CRMBOT_TEST_TOKEN_UNSET", environment: environment) == nil)
    }
}
