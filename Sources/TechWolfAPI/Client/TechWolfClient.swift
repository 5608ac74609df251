#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A JSON body fetched over the network, with what it cost.
public struct NetworkJSON: Sendable {
    public let json: JSONValue
    /// The body's bytes as they arrived, for writing out exactly what the server sent (`:w`).
    public let body: Data
    public let duration: TimeInterval
    public let attempts: Int
}

/// Talks to one TechWolf origin: builds URLs from validated parts, sends GETs with the deadline and retry
/// policy, and turns every outcome into a value or a typed `APIError`. It never caches; `TechWolfService`
/// puts the cache in front of it.
public final class TechWolfClient: Sendable {
    public let configuration: ClientConfiguration
    private let transport: any HTTPTransport
    private let sleep: @Sendable (TimeInterval) async throws -> Void

    public init(configuration: ClientConfiguration, transport: (any HTTPTransport)? = nil,
                sleep: (@Sendable (TimeInterval) async throws -> Void)? = nil) {
        self.configuration = configuration
        self.transport = transport ?? CurlTransport(trust: configuration.trust)
        self.sleep = sleep ?? { seconds in try await Task.sleep(nanoseconds: Self.nanoseconds(seconds)) }
    }

    // MARK: Endpoints

    public static func interactionPath(employee: String, interaction: String) throws(APIError) -> [String] {
        ["employees", try id(employee, "employee ID"), "interactions", try id(interaction, "interaction ID")]
    }

    public static func employeePath(_ employee: String) throws(APIError) -> [String] {
        ["employees", try id(employee, "employee ID")]
    }

    public static func vacancyPath(_ vacancy: String) throws(APIError) -> [String] {
        ["vacancies", try id(vacancy, "vacancy ID")]
    }

    /// `GET /employees`'s query. `unit` filters on `organisational_unit` on the server.
    public static func employeesQuery(limit: Int, offset: Int, active: Bool?, unit: String? = nil) throws(APIError) -> [URLQueryItem] {
        guard (1...200).contains(limit) else {
            throw .invalidInput(ValidationError(field: "limit", message: "must be between 1 and 200, got \(limit)"))
        }
        guard offset >= 0 else {
            throw .invalidInput(ValidationError(field: "offset", message: "must be 0 or more, got \(offset)"))
        }
        var query = [URLQueryItem(name: "limit", value: String(limit)), URLQueryItem(name: "offset", value: String(offset))]
        if let active { query.append(URLQueryItem(name: "is_active", value: active ? "true" : "false")) }
        if let unit {
            guard (1...255).contains(unit.count), !unit.unicodeScalars.contains(where: TerminalText.isUnsafe) else {
                throw .invalidInput(ValidationError(field: "organisational unit", message: "must be 1 to 255 printable characters"))
            }
            query.append(URLQueryItem(name: "organisational_unit", value: unit))
        }
        return query
    }

    /// The only documented `include` value: custom properties of an employee or a vacancy.
    public static let includeCustomProperties = [URLQueryItem(name: "include", value: "custom_properties")]

    private static func id(_ raw: String, _ field: String) throws(APIError) -> String {
        do { return try Validators.externalID(raw, field: field) } catch { throw .invalidInput(error) }
    }

    /// `GET /version`: any 2xx proves the token; the body's shape is not documented, so it is returned as text.
    public func version() async throws(APIError) -> (text: String, duration: TimeInterval) {
        let (response, duration, _, _) = try await send(["version"], query: [])
        return (String(decoding: response.body, as: UTF8.self), duration)
    }

    /// GET a path and parse the 2xx body as JSON.
    public func getJSON(_ segments: [String], query: [URLQueryItem] = []) async throws(APIError) -> NetworkJSON {
        let (response, duration, attempts, token) = try await send(segments, query: query)
        if response.body.isEmpty { throw .undecodable("the server sent an empty body (HTTP \(response.status)), expected JSON") }
        do {
            return NetworkJSON(json: try JSONParser.parse(response.body), body: response.body, duration: duration, attempts: attempts)
        } catch let error as JSONParseError {
            let start = String(decoding: token.redacting(in: response.body).prefix(60), as: UTF8.self)
            throw .undecodable("not valid JSON (\(error.message) at byte \(error.offset) of \(response.body.count)); it starts with \"\(TerminalText.excerpt(start, limit: 60))\"")
        } catch {
            throw .undecodable("not valid JSON")
        }
    }

    // MARK: Sending

    /// The response, how long it took, the attempts, and the token that was sent (to redact it from messages).
    private func send(_ segments: [String], query: [URLQueryItem]) async throws(APIError)
        -> (HTTPResponseData, TimeInterval, Int, AccessToken)
    {
        let config = configuration
        let url = config.origin.url(path: segments, query: query)
        // The token may only ever go to the validated origin.
        guard config.origin.contains(url) else {
            throw .invalidInput(ValidationError(field: "url", message: "would leave the configured origin"))
        }
        var headers = [
            "Accept": "application/json",
            "User-Agent": TWBrowseVersion.userAgent,
        ]
        if let v = config.apiVersion { headers["X-API-Version"] = v }
        var spec = HTTPRequestSpec(url: url, headers: headers)
        var renewedAfter401 = false

        let started = Date()
        let deadline = started.addingTimeInterval(config.timeout)
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled { throw .cancelled }
            if deadline.timeIntervalSinceNow <= 0 { throw .timeout(seconds: config.timeout) }
            let token = try await config.tokenProvider?.token() ?? config.token
            spec.headers["Authorization"] = token.authorizationHeader
            // Measured after the token: a slow renewal comes out of the same deadline.
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { throw .timeout(seconds: config.timeout) }
            let response: HTTPResponseData
            do {
                response = try await transport.send(spec, timeout: remaining)
            } catch {
                // Connection failures are retried; every other failure (a refused certificate or proxy among
                // them: trying again cannot fix those) ends the request.
                if case .network = error, attempt < config.retry.maxAttempts,
                   try await wait(config.retry.delay(afterAttempt: attempt, retryAfter: nil), before: deadline) {
                    continue
                }
                throw APIError(error, timeout: config.timeout, redact: token.redacting(in:))
            }
            if (200...299).contains(response.status) {
                return (response, Date().timeIntervalSince(started), attempt, token)
            }
            // An OAuth token revoked or expired early: fetch a new one, once.
            if response.status == 401, let provider = config.tokenProvider, !renewedAfter401 {
                renewedAfter401 = true
                await provider.invalidate()
                attempt -= 1
                continue
            }
            let retryAfter = RetryPolicy.parseRetryAfter(response.headers["retry-after"])
            if RetryPolicy.isRetryable(status: response.status), attempt < config.retry.maxAttempts,
               try await wait(config.retry.delay(afterAttempt: attempt, retryAfter: retryAfter), before: deadline) {
                continue
            }
            let redacted = HTTPResponseData(status: response.status, headers: response.headers,
                                            body: token.redacting(in: response.body))
            throw Self.error(for: redacted, retryAfter: retryAfter)
        }
    }


    /// Seconds as nanoseconds for `Task.sleep`, never trapping: negative, NaN and beyond a day are clamped.
    static func nanoseconds(_ seconds: TimeInterval) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        return UInt64(min(seconds, ClientConfiguration.maxTimeout) * 1_000_000_000)
    }

    /// Sleeps when the wait ends before the deadline; returns false (no sleep) when it would not.
    private func wait(_ seconds: TimeInterval, before deadline: Date) async throws(APIError) -> Bool {
        guard seconds.isFinite, seconds < deadline.timeIntervalSinceNow else { return false }
        do { try await sleep(seconds) } catch { throw .cancelled }
        return true
    }

    static func error(for response: HTTPResponseData, retryAfter: TimeInterval?) -> APIError {
        let message = ErrorBody.message(status: response.status, body: response.body, contentType: response.headers["content-type"])
        switch response.status {
        case 401: return .unauthorized(message)
        case 403: return .forbidden(message)
        case 404: return .notFound(message)
        case 429: return .rateLimited(message, retryAfter: retryAfter)
        case 500...599: return .serverError(status: response.status, message: message)
        default: return .rejected(status: response.status, message: message)
        }
    }

    /// "another host (evil.example:8443)" — the host and port of a redirect target, sanitised.
    /// Where a refused redirect pointed: scheme, host and port only (a Location may carry anything).
    static func describeTarget(_ location: String?) -> String {
        guard let location, let url = URL(string: location), let host = url.host else {
            return location.map { TerminalText.excerpt($0, limit: 80) } ?? "an unspecified location"
        }
        let port = url.port.map { ":\($0)" } ?? ""
        return TerminalText.excerpt("\(url.scheme ?? "?")://\(host)\(port)", limit: 80)
    }
}
