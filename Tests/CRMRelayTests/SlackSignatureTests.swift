import CRMTransport
import Foundation
import Testing

@testable import CRMRelay

/// Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
/// the example of Slack's own documentation, and what is refused.
struct SlackSignatureTests {
    static let secret = Array("8f742231b10e8888abcd99yyyzzz85a5".utf8)
    static let body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
        + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
        + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
        + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"

    static func request(stamp: String?, signature: String?) -> HTTPRequest {
        var headers: [(name: String, value: String)] = [("Host", "x")]
        if let stamp { headers.append(("X-Slack-Request-Timestamp", stamp)) }
        if let signature { headers.append(("X-Slack-Signature", signature)) }
        return HTTPRequest(method: "POST", target: "/v1/slash", headers: headers, body: Array(body.utf8))
    }

    @Test func slacksDocumentedExampleVerifies() {
        let good = Self.request(stamp: "1531420618", signature: "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503")
        #expect(RelayDelegate.checkSlackSignature(good, secret: Self.secret, now: 1_531_420_618) == nil)
        #expect(RelayDelegate.checkSlackSignature(good, secret: Self.secret, now: 1_531_420_618 + 299) == nil)
    }

    @Test func aWrongMissingOrOldSignatureIsRefused() {
        let signature = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        for (request, now) in [
            (Self.request(stamp: "1531420618", signature: signature), Int64(1_531_420_618 + 301)),  // replayed later
            (Self.request(stamp: "1531420619", signature: signature), Int64(1_531_420_619)),  // another timestamp
            (Self.request(stamp: "1531420618", signature: signature.replacingOccurrences(of: "a2114", with: "a2115")), Int64(1_531_420_618)),
            (Self.request(stamp: nil, signature: signature), Int64(1_531_420_618)),
            (Self.request(stamp: "1531420618", signature: nil), Int64(1_531_420_618)),
            // Extreme timestamps are refused, never an arithmetic overflow (a trap ended the server).
            (Self.request(stamp: "-9223372036854775808", signature: signature), Int64(1_531_420_618)),
            (Self.request(stamp: "9223372036854775807", signature: signature), Int64(1_531_420_618)),
            (Self.request(stamp: "1531420618", signature: signature), Int64.max),
            (Self.request(stamp: "1531420618", signature: signature), Int64.min),
        ] {
            #expect(RelayDelegate.checkSlackSignature(request, secret: Self.secret, now: now)?.status == 401)
        }
    }
}
