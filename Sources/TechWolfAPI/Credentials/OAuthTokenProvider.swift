#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fetches access tokens with the OAuth 2.0 client-credentials grant and keeps the current one in memory.
///
/// The first `token()` asks the token endpoint; later calls reuse that token until it is within
/// max(60 s, 10 % of its lifetime) of expiry (at most half its lifetime, so a very short-lived token is not
/// fetched on every call), then renew it. Concurrent callers share one request. A renewal that fails while
/// the old token is still valid is not an error: the old token is returned, and renewal is tried again a
/// few seconds later. Neither the secret nor a token ever appears in an error message.
public actor OAuthTokenProvider {
    /// A token with what is known about its life, all measured on the provider's clock.
    struct Grant: Sendable {
        let token: AccessToken
        /// nil when the endpoint gave no lifetime and the token carries no `exp`: kept until `invalidate()`.
        let expiresAt: Date?
        let renewAt: Date?
    }

    /// How long to wait before trying again after a renewal failed while the old token was still valid.
    static let renewalRetryDelay: TimeInterval = 5

    private let settings: OAuthSettings
    private let transport: any HTTPTransport
    private let clock: @Sendable () -> Date
    private let timeout: TimeInterval

    private var current: Grant?
    private var inFlight: Task<Result<Grant, APIError>, Never>?
    private var renewalBlockedUntil: Date?

    /// `oauth:<client ID>@<token endpoint host>`: names these credentials for cache scoping without the
    /// secret, and stays the same when the token is renewed.
    public nonisolated let identity: String

    public init(settings: OAuthSettings, transport: (any HTTPTransport)? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }, timeout: TimeInterval = 15, trust: TLSTrust = .system) {
        self.settings = settings
        self.clock = clock
        self.timeout = timeout
        let host = settings.tokenURL.host?.lowercased() ?? ""
        identity = "oauth:\(settings.clientID)@\(host)"
        self.transport = transport ?? CurlTransport(maxBodyBytes: 64 * 1024, trust: trust)
    }

    /// When the current token expires, by the provider's clock; nil before the first fetch, after
    /// `invalidate()`, or when the endpoint did not say.
    public var expiresAt: Date? { current?.expiresAt }

    /// Forgets the current token (call it after the API answered 401): the next `token()` fetches anew.
    public func invalidate() {
        current = nil
        renewalBlockedUntil = nil
    }

    public func token() async throws(APIError) -> AccessToken {
        let now = clock()
        if let grant = current, Self.isValid(grant, at: now) {
            let due = grant.renewAt.map { now >= $0 } ?? false
            if !due { return grant.token }
            if let blocked = renewalBlockedUntil, now < blocked { return grant.token }
        }
        let task: Task<Result<Grant, APIError>, Never>
        if let inFlight {
            task = inFlight
        } else {
            let settings = self.settings, transport = self.transport, clock = self.clock, timeout = self.timeout
            task = Task { await Self.fetch(settings: settings, transport: transport, clock: clock, timeout: timeout) }
            inFlight = task
        }
        let result = await task.value
        // Only the first caller to resume records the outcome; the others just read it.
        if inFlight == task {
            inFlight = nil
            record(result)
        }
        switch result {
        case .success(let grant):
            return grant.token
        case .failure(let error):
            if let grant = current, Self.isValid(grant, at: clock()) { return grant.token }
            throw error
        }
    }

    private func record(_ result: Result<Grant, APIError>) {
        switch result {
        case .success(let grant):
            current = grant
            renewalBlockedUntil = nil
        case .failure:
            if let grant = current, Self.isValid(grant, at: clock()) {
                renewalBlockedUntil = clock().addingTimeInterval(Self.renewalRetryDelay)
            } else {
                current = nil
            }
        }
    }

    private static func isValid(_ grant: Grant, at now: Date) -> Bool {
        grant.expiresAt.map { now < $0 } ?? true
    }

    /// How long before expiry a token is renewed: max(60 s, 10 % of its lifetime), but at most half of it.
    static func renewalMargin(lifetime: TimeInterval) -> TimeInterval {
        min(max(60, lifetime * 0.1), lifetime / 2)
    }

    // MARK: The request

    private static func fetch(settings: OAuthSettings, transport: any HTTPTransport, clock: @Sendable () -> Date,
                              timeout: TimeInterval) async -> Result<Grant, APIError> {
        do {
            return .success(try await request(settings: settings, transport: transport, clock: clock, timeout: timeout))
        } catch {
            return .failure(error)
        }
    }

    private static func request(settings: OAuthSettings, transport: any HTTPTransport, clock: @Sendable () -> Date,
                                timeout: TimeInterval) async throws(APIError) -> Grant {
        // The settings are a struct with public properties: check them again right before the secret is sent.
        do { try settings.validate() } catch { throw .invalidInput(error) }
        var members = [
            JSONMember("client_id", .string(settings.clientID)),
            JSONMember("client_secret", .string(settings.secret.revealed)),
            JSONMember("audience", .string(settings.audience)),
            JSONMember("grant_type", .string("client_credentials")),
            JSONMember("scopes", .array(settings.scopes.map(JSONValue.string))),
        ]
        if let tenant = settings.tenant { members.append(JSONMember("tenant", .string(tenant))) }
        let spec = HTTPRequestSpec(
            url: settings.tokenURL,
            headers: [
                "Content-Type": "application/json",
                "Accept": "application/json",
                "User-Agent": TWBrowseVersion.userAgent,
            ],
            method: "POST",
            body: Data(JSONPrinter.compact(.object(members)).utf8))

        let requested = clock()
        let response: HTTPResponseData
        do {
            response = try await transport.send(spec, timeout: timeout)
        } catch {
            if case .network(let message) = error { throw .network("token endpoint: " + message) }
            throw APIError(error, timeout: timeout)
        }
        guard (200...299).contains(response.status) else {
            throw refusal(response, settings: settings)
        }
        return try grant(from: response, settings: settings, requested: requested)
    }

    /// Reads a 2xx answer. Its body holds a token, so no part of it is ever quoted in a message.
    private static func grant(from response: HTTPResponseData, settings: OAuthSettings, requested: Date)
        throws(APIError) -> Grant
    {
        let json: JSONValue
        do { json = try JSONParser.parse(response.body) } catch {
            throw .undecodable("the token endpoint's answer is not JSON (\(response.body.count) bytes)")
        }
        guard case .object = json else {
            throw .undecodable("the token endpoint's answer is \(json.kindName), not an object")
        }
        guard let raw = json["access_token"]?.stringValue else {
            throw .undecodable("the token endpoint's answer has no access_token")
        }
        if let type = json["token_type"] {
            guard let text = type.stringValue, text.lowercased() == "bearer" else {
                throw .undecodable("the token endpoint issued a token of type \(TerminalText.excerpt(type.displayText, limit: 30)), not Bearer")
            }
        }
        let token: AccessToken
        do { token = try AccessToken(raw) } catch {
            throw .undecodable("the token endpoint's access_token is not one line of visible ASCII")
        }
        let lifetime: TimeInterval?
        if let seconds = json["expires_in"]?.doubleValue {
            guard seconds > 0, seconds.isFinite else {
                throw .undecodable("the token endpoint gave a lifetime (expires_in) that is not a positive number")
            }
            lifetime = seconds
        } else if let exp = token.claims?.expiresAt {
            // No expires_in (it is only RECOMMENDED): trust the JWT's own expiry, as a lifetime.
            lifetime = max(0, exp.timeIntervalSince(Date()))
        } else {
            lifetime = nil
        }
        guard let lifetime else { return Grant(token: token, expiresAt: nil, renewAt: nil) }
        let expiresAt = requested.addingTimeInterval(lifetime)
        return Grant(token: token, expiresAt: expiresAt,
                     renewAt: expiresAt.addingTimeInterval(-renewalMargin(lifetime: lifetime)))
    }

    /// A non-2xx answer as an error. Auth0 sends `{"error", "error_description"}`; the description is
    /// sanitised, cut short, and has the secret removed should the server echo it.
    private static func refusal(_ response: HTTPResponseData, settings: OAuthSettings) -> APIError {
        let json = try? JSONParser.parse(response.body)
        let described = json?["error_description"]?.stringValue ?? json?["error"]?.stringValue
        let text = settings.secret.redacting(in: described ?? ErrorBody.message(status: response.status, body: response.body,
                                                                                contentType: response.headers["content-type"]))
        let message = TerminalText.excerpt(text, limit: 160)
        let client = TerminalText.excerpt(settings.clientID, limit: 80)
        switch response.status {
        case 401, 403:
            return .unauthorized("the token endpoint refused client \(client): \(message)")
        case 429:
            return .rateLimited("token endpoint: \(message)",
                                retryAfter: RetryPolicy.parseRetryAfter(response.headers["retry-after"]))
        case 500...599:
            return .serverError(status: response.status, message: "token endpoint: \(message)")
        default:
            return .rejected(status: response.status, message: "the token endpoint refused the request: \(message)")
        }
    }
}
