import CRMSupport
import CRMTestSupport
import Foundation
import Testing

/// `crmbot serve --http`: the JSON endpoint, the slash-command endpoint and the
/// health check, through the real binary and raw HTTP/1.1 on a socket.
@Suite(.serialized, .offThePool) struct ServeHTTPTests {
    static let json = ["Content-Type": "application/json"]
    static func bearer(_ token: String) -> [String: String] {
        ["Content-Type": "application/json", "Authorization": "Bearer \(token)"]
    }

    static func form(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { name, value in
            "\(name)=" + (value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
        }.joined(separator: "&")
    }

    static func parse(_ body: String) throws -> JSONValue { try JSONValue.parse(body) }

    @Test func messagesOverKeepAliveWithTokensRepsAndRetries() async throws {
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0"])
        let address = try s.httpAddress()
        let responses = try await onThread { () -> [HTTPTestResponse] in
            let c = try SocketClient(address)
            var out: [HTTPTestResponse] = []
            func exchange(_ wire: String) throws {
                try c.send(wire)
                guard let r = try c.readHTTPResponse() else { throw E2EError("connection closed") }
                out.append(r)
            }
            try exchange(httpRequest("GET", "/healthz"))  // 0
            try exchange(httpRequest("POST", "/v1/messages", headers: Self.json, body: #"{"text":"help"}"#))  // 1
            let li = Self.bearer(ServeHarness.liToken)
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":1,"text":"add customer Quanyu Hospital"}"#))  // 2
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":2,"text":"Quanyu Hospital ordered 50 phones for 120k"}"#))  // 3
            var keyed = li
            keyed["Idempotency-Key"] = "slack-msg-1"
            let pay = #"{"id":3,"text":"Quanyu Hospital paid 60k"}"#
            try exchange(httpRequest("POST", "/v1/messages", headers: keyed, body: pay))  // 4
            try exchange(httpRequest("POST", "/v1/messages", headers: keyed, body: pay))  // 5: the retry
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":4,"text":"show Quanyu Hospital"}"#))  // 6
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":5,"user":"Wang Fang","text":"help"}"#))  // 7
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":6,"text":"#))  // 8
            try exchange(httpRequest("POST", "/v1/messages", headers: li, body: #"{"id":7,"text":"拜访了Quanyu Hospital，谈了试用"}"#))  // 9
            try exchange(httpRequest("GET", "/v1/messages"))  // 10
            try exchange(httpRequest("GET", "/nowhere"))  // 11
            try exchange(httpRequest("POST", "/v1/messages", headers: ["Authorization": "Bearer \(ServeHarness.liToken)", "Content-Type": "text/plain"], body: "help"))  // 12
            try c.send(httpRequest("HEAD", "/healthz"))
            out += [try c.readHTTPResponse(headOnly: true)].compactMap { $0 }  // 13
            try exchange(httpRequest("GET", "/healthz", headers: ["Connection": "close"]))  // 14
            #expect(try c.readLine() == nil, "the server closes after Connection: close")
            return out
        }
        #expect(responses.count == 15)
        #expect(responses[0].status == 200 && responses[0].body.contains(#""status":"serving""#))
        #expect(responses[1].status == 401 && responses[1].headers["www-authenticate"]?.hasPrefix("Bearer") == true)
        #expect(try Self.parse(responses[1].body)["error"]?["code"] == "unauthenticated")
        let added = try Self.parse(responses[2].body)
        #expect(responses[2].status == 200 && added["ok"] == true && added["intent"] == "customer.add" && added["id"] == 1)
        #expect(responses[2].headers["content-type"] == "application/json; charset=utf-8")
        #expect(try Self.parse(responses[3].body)["intent"] == "order.record")
        #expect(try Self.parse(responses[4].body)["intent"] == "payment.record")
        let retried = try Self.parse(responses[5].body)
        #expect(responses[5].status == 200 && retried["ok"] == true && retried["id"] == 3)
        // Paid once, not twice: the retry wrote nothing.
        #expect(try Self.parse(responses[6].body)["data"]?["outstanding"]?.intValue == 60_000, "\(responses[6])")
        let (forbidden, badJSON) = (try Self.parse(responses[7].body), try Self.parse(responses[8].body))
        #expect(responses[7].status == 403 && forbidden["error"]?["code"] == "forbidden")
        #expect(responses[8].status == 400 && badJSON["error"]?["code"] == "bad_json")
        let chinese = try Self.parse(responses[9].body)
        #expect(chinese["intent"] == "activity.log" && chinese["text"]?.stringValue?.contains("拜访") == true, "\(chinese)")
        #expect(responses[10].status == 405 && responses[10].headers["allow"] == "POST")
        #expect(responses[11].status == 404)
        #expect(responses[12].status == 415)
        #expect(responses[13].status == 200 && responses[13].headers["content-length"] != "0")
        #expect(responses[14].status == 200 && responses[14].headers["connection"] == "close")
        #expect(try s.terminate() == 0)
    }

    @Test func slashCommandsAndOutgoingWebhooksSpeakThePlatformsJSON() async throws {
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0"])
        let address = try s.httpAddress()
        let form = ["Content-Type": "application/x-www-form-urlencoded"]
        let responses = try await onThread { () -> [HTTPTestResponse] in
            let c = try SocketClient(address)
            var out: [HTTPTestResponse] = []
            for body in [
                Self.form([("token", ServeHarness.relayToken), ("team_id", "T1"), ("user_name", "Li Ming"),
                    ("command", "/crm"), ("text", "add customer 泉宇医院")]),
                Self.form([("token", ServeHarness.relayToken), ("user_name", "Li Ming"), ("trigger_word", "crm"),
                    ("text", "crm list my customers")]),
                Self.form([("token", "not-a-token-at-all-000"), ("user_name", "Li Ming"), ("text", "help")]),
                Self.form([("token", ServeHarness.relayToken), ("user_name", "Li\nMing"), ("text", "help")]),
                "token=%zz",
            ] {
                try c.send(httpRequest("POST", "/v1/slash", headers: form, body: body))
                if let r = try c.readHTTPResponse() { out.append(r) }
            }
            // An Idempotency-Key the bot refuses (over 128 characters): the rep reads why.
            var keyed = form
            keyed["Idempotency-Key"] = String(repeating: "k", count: 200)
            try c.send(httpRequest("POST", "/v1/slash", headers: keyed,
                body: Self.form([("token", ServeHarness.relayToken), ("user_name", "Li Ming"), ("text", "help")])))
            if let r = try c.readHTTPResponse() { out.append(r) }
            return out
        }
        #expect(responses.count == 6)
        let added = try Self.parse(responses[0].body)
        #expect(responses[0].status == 200 && added["response_type"] == "ephemeral", "\(responses[0])")
        #expect(added["text"]?.stringValue?.contains("泉宇医院") == true, "\(added)")
        #expect(try Self.parse(responses[1].body)["text"]?.stringValue?.contains("泉宇医院") == true, "\(responses[1])")
        #expect(responses[2].status == 401)
        // A name no rep may have: the rep reads why (platforms show only a 200's text).
        #expect(responses[3].status == 200 && responses[3].body.contains("name"), "\(responses[3])")
        #expect(responses[4].status == 400)
        #expect(responses[5].status == 200 && responses[5].body.contains("128"), "\(responses[5])")
        #expect(try s.terminate() == 0)
    }

    @Test func badOversizedAndSlowRequestsAreAnsweredAndClosed() async throws {
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0", "--request-timeout", "1"])
        let address = try s.httpAddress()
        let (unix, database) = (s.unix, URL(fileURLWithPath: s.database))
        let results = try await onThread { () -> [(HTTPTestResponse?, String?)] in
            var out: [(HTTPTestResponse?, String?)] = []
            for wire in [
                "HELLO THERE\r\n\r\n",
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n",
                "GET /healthz HTTP/1.1\r\n\r\n",
                "POST /v1/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 40\r\n\r\n{\"te",  // then nothing: too slow
            ] {
                let c = try SocketClient(address)
                try c.send(wire)
                let r = try c.readHTTPResponse()
                out.append((r, try c.readLine()))  // then the end of the connection
            }
            // Three wrong tokens on one connection close it; the attempts are audited.
            let c = try SocketClient(address)
            for _ in 0..<3 {
                try c.send(httpRequest("POST", "/v1/messages", headers: Self.bearer("wrong-token-0000000000"), body: #"{"text":"help"}"#))
                out.append((try c.readHTTPResponse(), nil))
            }
            out.append((nil, try c.readLine()))
            try BotSession.makeAdmin("Boss", db: database)
            let ops = try ServeHarness.login(unix, token: ServeHarness.adminToken)
            try ops.send("{\"id\":1,\"user\":\"Boss\",\"command\":\"audit\",\"limit\":10}\n")
            out.append((nil, try ops.readLine()))
            return out
        }
        #expect(results[0].0?.status == 400 && results[0].0?.headers["connection"] == "close" && results[0].1 == nil)
        #expect(results[1].0?.status == 413 && results[1].1 == nil)
        #expect(results[2].0?.status == 400 && results[2].1 == nil)  // HTTP/1.1 without Host
        #expect(results[3].0?.status == 408 && results[3].1 == nil)
        #expect(results[4].0?.status == 401 && results[6].0?.status == 401 && results[6].0?.headers["connection"] == "close")
        #expect(results[7].1 == nil)
        let audit = try #require(results[8].1)
        let entries = try JSONValue.parse(audit)["data"]?["entries"]?.arrayValue ?? []
        let wrong = entries.filter { $0["kind"] == "login_failed" && $0["detail"]?.stringValue?.contains("wrong token over HTTP") == true }
        #expect(wrong.count == 3, "\(audit)")
        #expect(try s.terminate() == 0)
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0"])
        let address = try s.httpAddress()
        let ids = try await onThread { () -> [Int64?] in
            let c = try SocketClient(address)
            var wire = ""
            for i in 0..<10 {
                wire += httpRequest(
                    "POST", "/v1/messages", headers: Self.bearer(ServeHarness.relayToken),
                    body: #"{"id":\#(i),"user":"Rep \#(i % 3)","text":"add customer Pipe \#(i)"}"#)
            }
            try c.send(wire)
            return try (0..<10).map { _ in try c.readHTTPResponse().flatMap { try? JSONValue.parse($0.body)["id"]?.intValue } }
        }
        #expect(ids == (0..<10).map { Int64($0) })
        #expect(try s.terminate() == 0)
    }

    @Test("a refused HEAD has no body and a refused request keeps its Connection: close, so the stream stays in step")
    func refusalsKeepTheStreamInStep() async throws {
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0", "--rate", "0.5", "--burst", "1"])
        let address = try s.httpAddress()
        let responses = try await onThread { () -> [HTTPTestResponse] in
            let c = try SocketClient(address)
            try c.send(httpRequest("HEAD", "/healthz") + httpRequest("HEAD", "/healthz")
                + httpRequest("GET", "/healthz", headers: ["Connection": "close"]))
            var out = [try c.readHTTPResponse(headOnly: true), try c.readHTTPResponse(headOnly: true)].compactMap { $0 }
            out += [try c.readHTTPResponse()].compactMap { $0 }  // a stray body would not parse as a status line
            #expect(try c.readLine() == nil, "closed after the request that asked for it")
            return out
        }
        #expect(responses.map(\.status) == [200, 429, 429], "\(responses)")
        #expect(responses[1].headers["retry-after"] == "1" && responses[2].headers["connection"] == "close")
        #expect(try s.terminate() == 0)
    }

    @Test("with Slack's signing secret, /v1/slash answers only requests signed within 5 minutes")
    func slashRequestsMustBeSignedWhenASecretIsSet() async throws {
        let dir = try TempDir()
        let secretFile = dir.file("slack-secret").path
        #expect(FileManager.default.createFile(atPath: secretFile, contents: Data("0123456789abcdef-signing-secret\n".utf8)))
        chmod(secretFile, 0o600)
        let s = try ServeHarness(extra: ["--http", "127.0.0.1:0", "--slack-secret", secretFile], dir: dir)
        // A secret others can read is refused, as a token file is.
        chmod(secretFile, 0o644)
        let readable = try CrmbotProcess.run(
            ["serve", "--db", dir.file("x.sqlite").path, "--http", "127.0.0.1:0", "--slack-secret", secretFile,
             "--tokens", dir.file("tokens").path])
        #expect(readable.status != 0 && readable.stderr.contains("must be 0600"), "\(readable.stderr)")
        let address = try s.httpAddress()
        let body = Self.form([("token", ServeHarness.relayToken), ("user_name", "Li Ming"), ("command", "/crm"), ("text", "help")])
        func signed(_ stamp: Int, secret: String = "0123456789abcdef-signing-secret") -> [String: String] {
            let mac = SHA256.hmac(key: Array(secret.utf8), message: Array("v0:\(stamp):\(body)".utf8))
            return ["Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": String(stamp),
                "X-Slack-Signature": "v0=" + SHA256.hex(mac)]
        }
        let now = Int(Date().timeIntervalSince1970)
        let attempts = [
            signed(now), ["Content-Type": "application/x-www-form-urlencoded"], signed(now, secret: "another-secret-0000000"),
            signed(now - 3600),
        ]
        let responses = try await onThread { () -> [HTTPTestResponse] in
            let c = try SocketClient(address)
            var out: [HTTPTestResponse] = []
            for headers in attempts {
                try c.send(httpRequest("POST", "/v1/slash", headers: headers, body: body))
                if let r = try c.readHTTPResponse() { out.append(r) }
            }
            return out
        }
        #expect(responses.map(\.status) == [200, 401, 401, 401], "\(responses)")
        #expect(responses.first?.body.contains("response_type") == true)
        #expect(responses.dropFirst().allSatisfy { $0.body.contains("bad_signature") })
        #expect(try s.terminate() == 0)
    }
}
