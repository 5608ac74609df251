import Foundation
import Testing
@testable import TechWolfAPI

@Suite struct RetryTests {
    @Test func retriesRetryableStatusesThenSucceeds() async throws {
        for status in [429, 502, 503, 504] {
            let transport = ScriptedTransport([ScriptedTransport.json(status, "[]"), ScriptedTransport.json(200, Fixtures.record)])
            let sleeper = SleepRecorder()
            let client = Fixtures.client(transport, sleeper: sleeper)
            let result = try await client.getJSON(["employees", "E-1", "interactions", "int-1"])
            #expect(result.attempts == 2)
            #expect(transport.count == 2)
            #expect(sleeper.sleeps.count == 1)
        }
    }

    @Test func honoursRetryAfterSeconds() async throws {
        let transport = ScriptedTransport([ScriptedTransport.json(429, "[]", headers: ["retry-after": "2"]), ScriptedTransport.json(200, Fixtures.record)])
        let sleeper = SleepRecorder()
        _ = try await Fixtures.client(transport, sleeper: sleeper).getJSON(["version"])
        #expect(sleeper.sleeps == [2])
    }

    @Test func parsesRetryAfterHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)   // Wed, 21 Oct 2015 07:28:00 GMT
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", now: now) == 30)
        #expect(RetryPolicy.parseRetryAfter("120", now: now) == 120)
        #expect(RetryPolicy.parseRetryAfter("soon", now: now) == nil)
        #expect(RetryPolicy.parseRetryAfter("-5", now: now) == nil)
    }

    @Test func retryAfterBeyondTheDeadlineIsNotAwaited() async {
        let transport = ScriptedTransport([ScriptedTransport.json(429, #"[{"title": "429 Too Many Requests", "description": "slow down"}]"#, headers: ["retry-after": "60"])])
        let sleeper = SleepRecorder()
        await #expect(throws: APIError.rateLimited("slow down", retryAfter: 60)) {
            try await Fixtures.client(transport, sleeper: sleeper, timeout: 5).getJSON(["version"])
        }
        #expect(sleeper.sleeps.isEmpty)
        #expect(transport.count == 1)
    }

    @Test func atMostThreeAttempts() async {
        let transport = ScriptedTransport([ScriptedTransport.json(503, "")])
        let sleeper = SleepRecorder()
        await #expect(throws: APIError.self) { try await Fixtures.client(transport, sleeper: sleeper).getJSON(["version"]) }
        #expect(transport.count == 3)
        #expect(sleeper.sleeps.count == 2)
    }

    @Test func backoffGrowsWithJitterBounds() {
        let low = RetryPolicy(baseDelay: 1, maxDelay: 8, random: { 0 })
        let high = RetryPolicy(baseDelay: 1, maxDelay: 8, random: { 0.999 })
        #expect(low.delay(afterAttempt: 1, retryAfter: nil) == 0.5)
        #expect(low.delay(afterAttempt: 3, retryAfter: nil) == 2)
        #expect(high.delay(afterAttempt: 3, retryAfter: nil) < 4)
        #expect(low.delay(afterAttempt: 10, retryAfter: nil) == 4)
    }

    @Test func connectionFailuresAreRetried() async throws {
        let transport = ScriptedTransport([.failure(.network("connection refused")), ScriptedTransport.json(200, Fixtures.record)])
        let result = try await Fixtures.client(transport).getJSON(["version"])
        #expect(result.attempts == 2)
    }

    @Test(arguments: [400, 401, 403, 404, 409, 422, 500])
    func otherStatusesAreNotRetried(_ status: Int) async {
        let transport = ScriptedTransport([ScriptedTransport.json(status, "[]")])
        await #expect(throws: APIError.self) { try await Fixtures.client(transport).getJSON(["version"]) }
        #expect(transport.count == 1)
    }

    @Test func errorBodiesBecomeOneCleanLine() {
        #expect(ErrorBody.message(status: 401, body: Data(#"[{"title": "401 Unauthorized", "description": "OAuth access token is missing, invalid or expired."}]"#.utf8), contentType: "application/json")
                == "OAuth access token is missing, invalid or expired.")
        let html = ErrorBody.message(status: 502, body: Data("<html><body><h1>502 Bad Gateway</h1>\n<p>nginx</p></body></html>".utf8), contentType: "text/html")
        #expect(html.hasPrefix("Bad Gateway (the server sent an HTML page"))
        #expect(!html.contains("\n"))
        #expect(ErrorBody.message(status: 500, body: Data(), contentType: nil) == "Internal Server Error (empty body)")
        let hostile = ErrorBody.message(status: 400, body: Data(#"[{"title": "x\u001b]0;evil\u0007", "description": "y"}]"#.utf8), contentType: nil)
        #expect(!hostile.unicodeScalars.contains { TerminalText.isUnsafe($0) })
    }

    @Test func statusesMapToTypedErrorsAndExitCodes() {
        func err(_ status: Int) -> APIError { TechWolfClient.error(for: HTTPResponseData(status: status, headers: [:], body: Data()), retryAfter: nil) }
        #expect(err(401).exitCode == 3)
        #expect(err(403).exitCode == 3)
        #expect(err(404).exitCode == 4)
        #expect(err(500).exitCode == 5)
        #expect(err(429).exitCode == 5)
        #expect(APIError.undecodable("x").exitCode == 6)
        #expect(APIError.tooLarge(limit: 1).exitCode == 6)
        #expect(APIError.invalidInput(ValidationError(field: "f", message: "m")).exitCode == 2)
    }

    @Test func undecodableBodyGivesASanitisedExcerpt() async {
        let transport = ScriptedTransport([ScriptedTransport.json(200, "{\"external_id\": \"x\u{1B}[2J")])
        do {
            _ = try await Fixtures.client(transport).getJSON(["version"])
            Issue.record("truncated JSON was accepted")
        } catch {
            guard case .undecodable(let message) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("not valid JSON"))
            #expect(!message.contains("\u{1B}"))
        }
    }
}
