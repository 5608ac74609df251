import Foundation
import Testing
import TestSupport
@testable import TechWolfAPI

/// The real `CurlTransport` and `TechWolfClient` against a scripted raw-socket server on 127.0.0.1 that
/// misbehaves on purpose, reached over plain http and over https through a TLS front that presents a leaf
/// of the test CA (so every misbehaviour happens inside TLS). Every error must be typed, end on time, and
/// carry a clean one-line message that never contains the token.
@Suite(.serialized, .enabled(if: LocalTools.libcurlInstalled, "libcurl is not installed"))
struct HostileServerTests {
    static let token = "hostile-SECRET-token-7f3a9c"
    static let employee = "E-1001"
    static let interaction = "int-0001"

    /// The transport users run, trusting the test CA on https.
    static func transport(_ origin: ScriptedOrigin, maxBody: Int = 1 << 20) throws -> CurlTransport {
        CurlTransport(maxBodyBytes: maxBody, caFile: origin.scheme == .https ? try TestCA.shared().certificate : nil)
    }

    static func client(_ origin: ScriptedOrigin, timeout: TimeInterval = 10, maxBody: Int = 1 << 20,
                       tokenProvider: OAuthTokenProvider? = nil) throws -> TechWolfClient {
        let config = ClientConfiguration(origin: try APIOrigin.baseURL(origin.baseURL.absoluteString), token: try AccessToken(token),
                                         timeout: timeout, retry: RetryPolicy(baseDelay: 0.05, random: { 0.5 }), tokenProvider: tokenProvider)
        return TechWolfClient(configuration: config, transport: try transport(origin, maxBody: maxBody))
    }

    static func service(_ origin: ScriptedOrigin, timeout: TimeInterval = 10) throws -> TechWolfService {
        TechWolfService(client: try client(origin, timeout: timeout))
    }

    /// The error `GET /version` ends with. `within` is a hang detector, not a timing claim: the client's
    /// clock also counts waiting for the concurrency pool.
    static func versionFailure(_ origin: ScriptedOrigin, timeout: TimeInterval = 10, within: TimeInterval = 15,
                               sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIError? {
        let client = try client(origin, timeout: timeout)
        let started = Date()
        let error = await failure(sourceLocation: sourceLocation) { () async throws(APIError) in try await client.getJSON(["version"]) }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < within, "the call took \(elapsed) s", sourceLocation: sourceLocation)
        return error
    }

    /// The error `body` throws, or nil (recorded as an issue) when it succeeds.
    static func failure<T>(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(APIError) -> T) async -> APIError? {
        do {
            let value = try await body()
            Issue.record("expected an error, got \(value)", sourceLocation: sourceLocation)
            return nil
        } catch {
            expectClean(error, sourceLocation: sourceLocation)
            return error
        }
    }

    /// One line, nothing a terminal would act on, no token.
    static func expectClean(_ error: APIError, sourceLocation: SourceLocation = #_sourceLocation) {
        let message = error.message
        let unsafe = message.unicodeScalars.filter(TerminalText.isUnsafe)
        #expect(unsafe.isEmpty, "unsafe scalars \(unsafe.map { String($0.value, radix: 16) }) in \(message.debugDescription)",
                sourceLocation: sourceLocation)
        #expect(!message.contains("\n") && !message.contains("\r"), "\(message.debugDescription)", sourceLocation: sourceLocation)
        #expect(!message.contains(token), "the token leaked into \(message.debugDescription)", sourceLocation: sourceLocation)
        #expect(!message.isEmpty, sourceLocation: sourceLocation)
    }

    static func json(_ text: String, status: Int = 200, headers: [RawHTTPServer.Header] = []) -> RawHTTPServer.Action {
        .respond(status: status, headers: [RawHTTPServer.Header("Content-Type", "application/json")] + headers, body: Data(text.utf8))
    }

    static let record = #"{"external_id": "int-0001", "interaction_type": "vacancy_liked", "timestamp": "2025-05-02", "vacancy_id": "vac-1"}"#

    // MARK: Deadlines

    @Test(arguments: [Scheme.http, .https])
    func slowHeadersEndAtTheDeadline(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .trickleHeaders(interval: 0.2) }) { origin in
            try await Self.expectDeadline(origin)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func tricklingBodyEndsAtTheDeadline(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .trickleBody(contentLength: 100_000, interval: 0.2) }) { origin in
            try await Self.expectDeadline(origin)
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func silentServerEndsAtTheDeadline(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .silence }) { origin in
            try await Self.expectDeadline(origin)
        }
    }

    /// A 1.5 s deadline ends the call with `.timeout` no sooner than 1.5 s, and the transfer itself is
    /// dropped within 3.5 s.
    /// The transfer's end is timed at the server: the client's own clock also counts how long its task
    /// waited for a thread of the concurrency pool, which other suites may keep busy.
    static func expectDeadline(_ origin: ScriptedOrigin, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let started = Date()
        // Only a hang detector: in a full parallel `swift test`, suites that block pool threads
        // (waitUntilExit, Thread.sleep) have held this task back for 15 s after the transfer had ended.
        let error = try await versionFailure(origin, timeout: 1.5, within: 60, sourceLocation: sourceLocation)
        let elapsed = Date().timeIntervalSince(started)
        #expect(error == .timeout(seconds: 1.5), sourceLocation: sourceLocation)
        #expect(elapsed >= 1.4, "the call took \(elapsed) s", sourceLocation: sourceLocation)
        let held = await origin.server.secondsUntilClientLeft(request: 0)
        // No lower bound here: the deadline runs from before the connection was made, so under load the
        // head can arrive well into it. The lower bound is the client's elapsed time above.
        #expect(held.map { $0 < 3.5 } == true, "the client dropped the transfer after \(String(describing: held)) s",
                sourceLocation: sourceLocation)
        #expect(origin.server.requests.count == 1, "a timeout is not retried", sourceLocation: sourceLocation)
    }

    // MARK: Broken transfers

    @Test(arguments: [Scheme.http, .https])
    func connectionResetMidBodyIsANetworkErrorAfterRetries(_ scheme: Scheme) async throws {
        let partial = Data(#"{"external_id": "int-0001", "interaction_type": "vac"#.utf8)
        try await ScriptedOrigin.with(scheme, { _ in .resetMidBody(contentLength: 4096, partial: partial) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .network = error else { Issue.record("expected .network, got \(String(describing: error))"); return }
            #expect(origin.server.requests.count == 3, "a dropped connection on a GET is retried up to the policy's 3 attempts")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func truncatedJSONIsACleanError(_ scheme: Scheme) async throws {
        let partial = Data(#"{"external_id": "int-0001", "interaction_type": "vac"#.utf8)
        try await ScriptedOrigin.with(scheme, { _ in .truncated(contentLength: 4096, partial: partial) }) { origin in
            let error = try await Self.versionFailure(origin)
            switch error {
            case .network?, .undecodable?: break
            default: Issue.record("expected .network or .undecodable, got \(String(describing: error))")
            }
            #expect((1...3).contains(origin.server.requests.count))
        }
    }

    /// A chunked body that never ends: the kept body never passes the cap, and the connection is dropped
    /// rather than drained.
    @Test(arguments: [Scheme.http, .https])
    func endlessChunkedBodyIsRefusedAtTheCap(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .chunked(totalBytes: .max, chunkSize: 16 << 10) }) { origin in
            let error = try await Self.versionFailure(origin, within: 10)
            #expect(error == .tooLarge(limit: 1 << 20))
            #expect(origin.server.requests.count == 1, "an oversized body is not retried")
            let held = await origin.server.secondsUntilClientLeft(request: 0)
            #expect(held != nil, "the client never left the endless body")
        }
    }

    /// 12 MiB, once with its length declared (refused before the body) and once delimited by the close
    /// (counted as it arrives).
    @Test(arguments: [Scheme.http, .https])
    func twelveMebibyteBodyIsRefused(_ scheme: Scheme) async throws {
        let body = Data(repeating: UInt8(ascii: "x"), count: 12 << 20)
        let declared = RawHTTPServer.Action.respond(status: 200, headers: [.init("Content-Type", "application/json")], body: body)
        let undeclared = RawHTTPServer.Action.raw(Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".utf8) + body)
        for (name, action) in [("declared", declared), ("close-delimited", undeclared)] {
            try await ScriptedOrigin.with(scheme, { _ in action }) { origin in
                let error = try await Self.versionFailure(origin, within: 10)
                #expect(error == .tooLarge(limit: 1 << 20), "\(name)")
                #expect(origin.server.requests.count == 1, "\(name): an oversized body is not retried")
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func declaredLengthOverTheCapIsRefusedBeforeTheBody(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .trickleBody(contentLength: 50 << 20, interval: 0.2) }) { origin in
            let error = try await Self.versionFailure(origin)
            #expect(error == .tooLarge(limit: 1 << 20))
            let held = await origin.server.secondsUntilClientLeft(request: 0)
            #expect(held.map { $0 < 1 } == true, "the transfer was kept for \(String(describing: held)) s after the head")
        }
    }

    /// One header line of 1 MiB, and 20,000 short ones: refused with a clean error, not buffered without end.
    @Test(arguments: [Scheme.http, .https])
    func hugeHeadersAreACleanError(_ scheme: Scheme) async throws {
        let giant = "X-Padding: " + String(repeating: "a", count: 1 << 20) + "\r\n"
        let many = (0..<20_000).map { "X-Header-\($0): \(String(repeating: "b", count: 40))\r\n" }.joined()
        for (name, headers) in [("one giant header", giant), ("20,000 headers", many)] {
            let head = Data("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\(headers)Content-Length: 2\r\nConnection: close\r\n\r\n{}".utf8)
            try await ScriptedOrigin.with(scheme, { _ in .raw(head) }) { origin in
                let error = try await Self.versionFailure(origin, within: 10)
                guard case .network(let message)? = error else { Issue.record("\(name): expected .network, got \(String(describing: error))"); return }
                #expect(message.contains("headers were too large"), "\(name): \(message)")
                #expect(origin.server.requests.count == 1, "\(name): a server that breaks HTTP is not asked again")
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func somethingOtherThanHTTPIsACleanError(_ scheme: Scheme) async throws {
        let banner = Data("SSH-2.0-OpenSSH_9.2\r\n\u{1B}]0;owned\u{07}\r\n".utf8)
        try await ScriptedOrigin.with(scheme, { _ in .raw(banner) }) { origin in
            let error = try await Self.versionFailure(origin, timeout: 3)
            switch error {
            case .network?, .undecodable?, .timeout?: break
            default: Issue.record("expected a network-level error, got \(String(describing: error))")
            }
            if case .network(let message)? = error {
                #expect(message.contains("malformed"), "\(message)")
                #expect(origin.server.requests.count == 1, "a server that does not speak HTTP is not asked again")
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func unauthorizedIsTheServersOneLineAndNotRetried(_ scheme: Scheme) async throws {
        let body = #"[{"title": "401 Unauthorized", "description": "OAuth access token is missing, invalid or expired.\n\u001b[2J"}]"#
        try await ScriptedOrigin.with(scheme, { _ in Self.json(body, status: 401, headers: [.init("WWW-Authenticate", "Bearer")]) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .unauthorized(let message)? = error else { Issue.record("expected .unauthorized, got \(String(describing: error))"); return }
            #expect(message.hasPrefix("OAuth access token is missing, invalid or expired."), "\(message)")
            #expect(error?.exitCode == 3)
            #expect(origin.server.requests.count == 1, "a 401 is not retried with the same token")
            #expect(origin.server.requests.first?.headers["authorization"] == "Bearer " + Self.token)
        }
    }

    // MARK: Bodies that are not what they claim

    @Test(arguments: [Scheme.http, .https])
    func invalidUTF8InAStringIsUndecodableWithASanitisedExcerpt(_ scheme: Scheme) async throws {
        // Short enough that the whole body, OSC sequence included, falls inside the message's excerpt.
        var body = Data(#"{"title": "caf"#.utf8)
        body.append(contentsOf: [0xC3, 0x28, 0xFF, 0xFE])
        body.append(Data(#"", "x": ""#.utf8))
        body.append(contentsOf: [0x1B, 0x5D, 0x30, 0x3B, 0x07])  // an OSC sequence after the broken string
        body.append(Data(#""}"#.utf8))
        let payload = body
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: payload) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .undecodable(let message)? = error else { Issue.record("expected .undecodable, got \(String(describing: error))"); return }
            #expect(message.contains("UTF-8"), "\(message)")
            #expect(message.contains("\u{FFFD}") || message.contains("<U+"), "the excerpt shows where the bytes were: \(message)")
            #expect(message.contains("\u{241B}"), "ESC is shown as a visible placeholder: \(message)")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func emptyOKBodyIsUndecodableWithAClearMessage(_ scheme: Scheme) async throws {
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 200, headers: [.init("Content-Type", "application/json")], body: Data()) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .undecodable(let message)? = error else { Issue.record("expected .undecodable, got \(String(describing: error))"); return }
            #expect(message == "the server sent an empty body (HTTP 200), expected JSON", "\(message)")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func htmlBadGatewayIsAOneLineServerError(_ scheme: Scheme) async throws {
        let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body bgcolor=\"white\">\n<center><h1>502 Bad Gateway</h1></center>\n\u{1B}[2J<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 502, headers: [.init("Content-Type", "text/html")], body: Data(page.utf8)) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .serverError(502, let message)? = error else { Issue.record("expected .serverError(502), got \(String(describing: error))"); return }
            #expect(!message.contains("<"), "\(message)")
            #expect(!message.contains("\n") && !message.contains("\r"))
            #expect(message.contains("HTML"))
            #expect(origin.server.requests.count == 3, "502 is retried for a GET")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func plainTextErrorWithEscapesIsSanitised(_ scheme: Scheme) async throws {
        let text = "upstream \u{1B}]52;c;ZXZpbA==\u{07} failed\r\n\u{9B}31m and \u{202E}reversed"
        try await ScriptedOrigin.with(scheme, { _ in .respond(status: 500, headers: [.init("Content-Type", "text/plain")], body: Data(text.utf8)) }) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .serverError(500, _)? = error else { Issue.record("expected .serverError(500), got \(String(describing: error))"); return }
        }
    }

    /// Each shape is served for every path; each endpoint decodes it through the service.
    @Test(arguments: [
        #"[]"#, #"[1, 2]"#, #""just a string""#, #"null"#, #"42"#, #"true"#, #"{}"#,
        #"{"external_id": 1, "interaction_type": 2, "timestamp": 3, "vacancy_id": 4, "title": 5, "count": "many", "results": [6], "job_title": 7, "assigned_position": 8, "last_updated": 9}"#,
        #"{"external_id": 1e999, "interaction_type": -0, "timestamp": 123456789012345678901234567890, "title": [], "count": 1e400, "results": {}}"#,
        #"{"external_id": null, "interaction_type": null, "timestamp": null, "vacancy_id": null, "title": null, "results": null}"#,
    ])
    func wrongShapesAreUndecodableOrFlagged(_ shape: String) async throws {
        try await ScriptedOrigin.with(.http, { _ in Self.json(shape) }) { origin in
            let service = try Self.service(origin)
            let value = try JSONParser.parse(shape)

            do throws(APIError) {
                let record = try await service.interaction(employee: Self.employee, interaction: Self.interaction).value
                // Lenient for objects: the record is kept, and every rule it breaks is flagged.
                #expect(value.members != nil, "only an object may decode as a record")
                #expect(!record.warnings.isEmpty, "a record with \(shape) must carry warnings")
                #expect(record.raw == value)
                for key in ["external_id", "interaction_type", "timestamp", "vacancy_id", "title"] {
                    if let field = value[key], field.stringValue == nil, field != .null {
                        #expect(record.warnings.contains("\(key) should be a string but is \(field.kindName)"), "\(record.warnings)")
                    }
                }
                let lines = RecordDescription.lines(record, vacancy: nil, source: nil)
                #expect(lines.allSatisfy { !$0.value.unicodeScalars.contains(where: TerminalText.isUnsafe) })
            } catch {
                Self.expectClean(error)
                guard case .undecodable = error else { Issue.record("interaction: \(error)"); return }
                #expect(value.members == nil, "an object must decode as a record with warnings, got \(error)")
            }

            do throws(APIError) {
                let employee = try await service.employee(Self.employee).value
                if let sent = value["external_id"]?.stringValue {
                    #expect(sent == employee.externalID)
                } else {
                    // A body without a string ID is shown under the ID asked for, flagged.
                    #expect(employee.externalID == Self.employee)
                    #expect(employee.warnings.contains { $0.hasPrefix("external_id") }, "\(employee.warnings)")
                }
            } catch {
                Self.expectClean(error)
                guard case .undecodable = error else { Issue.record("employee: \(error)"); return }
            }

            do throws(APIError) {
                let page = try await service.employees(limit: 10).value
                #expect(value.arrayValue?.isEmpty == true, "only the empty list decodes here, got \(page)")
            } catch {
                Self.expectClean(error)
                guard case .undecodable = error else { Issue.record("employees: \(error)"); return }
            }

            do throws(APIError) {
                let vacancy = try await service.vacancy("vac-1").value
                #expect(value.members != nil, "only an object may decode as a vacancy, got \(vacancy)")
            } catch {
                Self.expectClean(error)
                guard case .undecodable = error else { Issue.record("vacancy: \(error)"); return }
                #expect(value.members == nil)
            }
        }
    }

    // MARK: Rate limits

    @Test(arguments: [Scheme.http, .https])
    func retryAfterAsAnHTTPDateIsHonouredAndTheRetrySucceeds(_ scheme: Scheme) async throws {
        // A whole second at least one second ahead: the HTTP-date has one-second resolution.
        let when = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 1).rounded(.up))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        let httpDate = formatter.string(from: when)
        let script: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { context in
            context.index == 0
                ? Self.json(#"[{"title": "429 Too Many Requests", "description": "slow down"}]"#, status: 429, headers: [.init("Retry-After", httpDate)])
                : Self.json(Self.record)
        }
        try await ScriptedOrigin.with(scheme, script) { origin in
            let result = try await Self.client(origin).getJSON(["employees", Self.employee, "interactions", Self.interaction])
            #expect(result.attempts == 2)
            let requests = origin.server.requests
            #expect(requests.count == 2)
            if requests.count == 2 {
                let gap = requests[1].receivedAt.timeIntervalSince(requests[0].receivedAt)
                #expect(gap >= 0.9, "the Retry-After date was not honoured: retried after \(gap) s")
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func absurdRetryAfterEndsAsARateLimitWithAMessage(_ scheme: Scheme) async throws {
        for value in ["9223372036854775807", "99999999999999999999999", "Fri, 31 Dec 9999 23:59:59 GMT", "-1", "soon"] {
            try await ScriptedOrigin.with(scheme, { _ in Self.json("[]", status: 429, headers: [.init("Retry-After", value)]) }) { origin in
                let client = try Self.client(origin, timeout: 3)
                let error = await Self.failure { () async throws(APIError) in try await client.getJSON(["version"]) }
                guard case .rateLimited? = error else { Issue.record("Retry-After \(value): got \(String(describing: error))"); return }
            }
        }
    }

    // MARK: Redirects

    /// The other listener is reached both ways, plain and through a TLS front of its own; neither sees a
    /// connection, let alone the token.
    @Test(arguments: [Scheme.http, .https])
    func redirectToAnotherLocalListenerIsRefusedAndItNeverSeesARequest(_ scheme: Scheme) async throws {
        let stolen: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { _ in Self.json(#"{"stolen": true}"#) }
        try await ScriptedOrigin.with(.http, stolen) { plainOther in
            try await ScriptedOrigin.with(.https, stolen) { tlsOther in
                for other in [plainOther, tlsOther] {
                    let target = other.baseURL.appendingPathComponent("version").absoluteString
                    for status in [301, 302, 303, 307, 308] {
                        try await ScriptedOrigin.with(scheme, { _ in .respond(status: status, headers: [.init("Location", target)], body: Data()) }) { origin in
                            let error = try await Self.versionFailure(origin)
                            guard case .redirectRefused(status, let shown)? = error else {
                                Issue.record("\(status) to \(target): expected .redirectRefused, got \(String(describing: error))"); return
                            }
                            #expect(shown.contains("127.0.0.1:\(other.port)"), "\(shown)")
                            #expect(origin.server.requests.count == 1)
                            #expect(origin.server.requests.first?.headers["authorization"] == "Bearer " + Self.token, "the origin itself does get the token")
                        }
                    }
                }
                try await Task.sleep(nanoseconds: 200_000_000)
                for other in [plainOther, tlsOther] {
                    #expect(await other.settledConnections() == 0, "the redirect target \(other.baseURL) was contacted")
                    #expect(other.server.connections == 0)
                    #expect(other.server.requests.isEmpty)
                }
            }
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func redirectLoopIsRefusedAtTheFirstHop(_ scheme: Scheme) async throws {
        // Back to this very origin: the Host the client sent names the port it connected to (the front's on https).
        let script: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { context in
            .respond(status: 302, headers: [.init("Location", "\(scheme)://\(context.request.headers["host"] ?? "")/version")], body: Data())
        }
        try await ScriptedOrigin.with(scheme, script) { origin in
            let error = try await Self.versionFailure(origin)
            guard case .redirectRefused(302, _)? = error else { Issue.record("expected .redirectRefused, got \(String(describing: error))"); return }
            try await Task.sleep(nanoseconds: 200_000_000)
            #expect(origin.server.requests.count == 1, "the loop was followed \(origin.server.requests.count - 1) time(s)")
        }
    }

    @Test(arguments: [Scheme.http, .https])
    func relativeAndHostileLocationsAreRefusedAndShownSafely(_ scheme: Scheme) async throws {
        for location in ["/elsewhere", "//127.0.0.1:9/x", "http://127.0.0.1:9/\u{1B}[2J", "ht tp://%%%", ""] {
            try await ScriptedOrigin.with(scheme, { _ in .respond(status: 302, headers: [.init("Location", location)], body: Data()) }) { origin in
                let error = try await Self.versionFailure(origin)
                guard case .redirectRefused? = error else { Issue.record("\(location.debugDescription): got \(String(describing: error))"); return }
            }
        }
    }

    // MARK: The token stays out of every message

    @Test(arguments: [Scheme.http, .https])
    func echoedTokenNeverReachesAnErrorMessage(_ scheme: Scheme) async throws {
        // A debugging proxy that echoes the request's Authorization header into its error pages and bodies.
        let cases: [(Int, String)] = [
            (401, #"[{"title": "401 Unauthorized", "description": "bad header: %AUTH%"}]"#),
            (403, "forbidden for %AUTH%"),
            (500, "<html><body>%AUTH%</body></html>"),
            (200, "%AUTH% is not JSON"),
            (200, #"{"echo": "%AUTH%""#),
        ]
        for (status, template) in cases {
            let script: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { context in
                let auth = context.request.headers["authorization"] ?? "none"
                return .respond(status: status, headers: [], body: Data(template.replacingOccurrences(of: "%AUTH%", with: auth).utf8))
            }
            try await ScriptedOrigin.with(scheme, script) { origin in
                _ = try await Self.versionFailure(origin)
            }
        }
        let location: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { context in
            .respond(status: 302, headers: [.init("Location", "not a url \(context.request.headers["authorization"] ?? "")")], body: Data())
        }
        try await ScriptedOrigin.with(scheme, location) { origin in
            _ = try await Self.versionFailure(origin)
        }
    }

    /// The same with an OAuth provider: the token to keep out is the one it issued, not the configured one.
    @Test(arguments: [Scheme.http, .https])
    func echoedOAuthTokenNeverReachesAnErrorMessage(_ scheme: Scheme) async throws {
        let issued = "issued-OAUTH-token-51d0e2"
        let tokenEndpoint = ScriptedTransport([ScriptedTransport.json(200, #"{"access_token": "\#(issued)", "token_type": "Bearer", "expires_in": 3600}"#)])
        let settings = try OAuthSettings(clientID: "client-1", secret: try ClientSecret("client-secret-1"),
                                         tokenURL: URL(string: "http://127.0.0.1:9/oauth/token")!, audience: "eu3.techwolf.ai")
        let provider = OAuthTokenProvider(settings: settings, transport: tokenEndpoint)
        for (status, template) in [(403, "forbidden for %AUTH%"), (200, "%AUTH% is not JSON"), (302, "")] {
            let script: @Sendable (RawHTTPServer.Context) -> RawHTTPServer.Action = { context in
                let auth = context.request.headers["authorization"] ?? "none"
                let headers = status == 302 ? [RawHTTPServer.Header("Location", "not a url \(auth)")] : []
                return .respond(status: status, headers: headers, body: Data(template.replacingOccurrences(of: "%AUTH%", with: auth).utf8))
            }
            try await ScriptedOrigin.with(scheme, script) { origin in
                let client = try Self.client(origin, tokenProvider: provider)
                let error = await Self.failure { () async throws(APIError) in try await client.getJSON(["version"]) }
                #expect(origin.server.requests.first?.headers["authorization"] == "Bearer " + issued)
                #expect(error.map { !$0.message.contains(issued) } == true, "the issued token leaked into \(String(describing: error?.message))")
            }
        }
    }

    // MARK: Regressions

    @Test func hugeDurationsAreWordedWithoutTrapping() throws {
        for seconds in [9.223372036854775807e18, 1e300, .infinity, -.infinity, .nan, -9.3e18] {
            #expect(!RelativeTime.duration(seconds).isEmpty)
        }
        #expect(!APIError.rateLimited("x", retryAfter: 9.223372036854775807e18).message.isEmpty)
        // A JWT whose exp is far beyond any date.
        let payload = Data(#"{"exp": 1e300, "scope": "read"}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        let token = try AccessToken("eyJhbGciOiJub25lIn0.\(payload).sig")
        let claims = try #require(token.claims)
        #expect(claims.expiryDescription()?.hasPrefix("expires in") == true)
    }
}
