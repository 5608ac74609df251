import Foundation

public enum TWBrowseVersion {
    public static let string = "0.1.0"
    public static let userAgent = "twbrowse/\(string)"
}

/// Everything a client needs to talk to one tenant: where, with which token, and how patiently.
public struct ClientConfiguration: Sendable {
    public var origin: APIOrigin
    public var token: AccessToken
    /// `X-API-Version`, a date, or nil for the tenant's default.
    public var apiVersion: String?
    /// The overall deadline for one call, retries included.
    public var timeout: TimeInterval
    public var retry: RetryPolicy

    public static let defaultTimeout: TimeInterval = 15

    public init(origin: APIOrigin, token: AccessToken, apiVersion: String? = nil,
                timeout: TimeInterval = ClientConfiguration.defaultTimeout, retry: RetryPolicy = RetryPolicy()) {
        self.origin = origin
        self.token = token
        self.apiVersion = apiVersion
        self.timeout = timeout
        self.retry = retry
    }

    /// Identifies "this origin with this token" for the cache, without holding the token's text.
    public var scope: String {
        "\(origin)\(origin.basePath)#\(String(token.fingerprint, radix: 16))#\(apiVersion ?? "")"
    }
}
