#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

public enum TWBrowseVersion {
    public static let string = "0.1.0"
    public static let userAgent = "twbrowse/\(string)"
}

/// Everything a client needs to talk to one tenant: where, with which token, and how patiently.
public struct ClientConfiguration: Sendable {
    public var origin: APIOrigin
    /// The token to send, or the first one an OAuth provider issued.
    public var token: AccessToken
    /// When set, every request asks it for the current token (it renews before expiry), and a 401 makes
    /// it fetch a new one once.
    public var tokenProvider: OAuthTokenProvider?
    /// `X-API-Version`, a date, or nil for the tenant's default.
    public var apiVersion: String?
    /// The overall deadline for one call, retries included.
    public var timeout: TimeInterval
    public var retry: RetryPolicy
    /// The CAs https trusts.
    public var trust: TLSTrust

    public static let defaultTimeout: TimeInterval = 15
    /// The longest deadline accepted: a day. Longer ones only make waits that no one sees end.
    public static let maxTimeout: TimeInterval = 86_400

    public init(origin: APIOrigin, token: AccessToken, apiVersion: String? = nil,
                timeout: TimeInterval = ClientConfiguration.defaultTimeout, retry: RetryPolicy = RetryPolicy(),
                tokenProvider: OAuthTokenProvider? = nil, trust: TLSTrust = .system) {
        self.trust = trust
        self.origin = origin
        self.token = token
        self.tokenProvider = tokenProvider
        self.apiVersion = apiVersion
        // Clamped here too, for callers other than the command line: every wait is computed from it.
        self.timeout = timeout.isFinite ? min(max(timeout, 0.001), Self.maxTimeout) : Self.defaultTimeout
        self.retry = retry
    }

    /// Identifies "this origin with this token" for the cache, without holding the token's text.
    public var scope: String {
        let credential = tokenProvider?.identity ?? String(token.fingerprint, radix: 16)
        return "\(origin)\(origin.basePath)#\(credential)#\(apiVersion ?? "")"
    }
}
