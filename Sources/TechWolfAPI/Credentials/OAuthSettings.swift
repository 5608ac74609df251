#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Who asks the token endpoint for an access token (OAuth 2.0 client credentials, as Auth0 issues them),
/// and where. The secret is redacted in every textual form; the token URL must be `https`, or `http` only
/// on a loopback address (the demo server and tests), so the secret is never sent in clear text.
public struct OAuthSettings: Sendable, CustomStringConvertible {
    public var clientID: String
    public var secret: ClientSecret
    /// Checked by `init` and again before every request, since the property can be changed afterwards.
    public var tokenURL: URL
    /// The API the token is for, e.g. `eu3.techwolf.ai`.
    public var audience: String
    public var tenant: String?
    /// The scopes asked for. A read-only tool asks for `read` only: without the list the token gets every
    /// scope the client has, `write` included.
    public var scopes: [String]

    public static let defaultScopes = ["read"]
    public static let euTokenURL = URL(string: "https://techwolf.eu.auth0.com/oauth/token")!
    public static let usTokenURL = URL(string: "https://techwolf-us.us.auth0.com/oauth/token")!

    public init(clientID: String, secret: ClientSecret, tokenURL: URL, audience: String, tenant: String? = nil,
                scopes: [String] = OAuthSettings.defaultScopes) throws(ValidationError)
    {
        self.clientID = clientID
        self.secret = secret
        self.tokenURL = tokenURL
        self.audience = audience
        self.tenant = tenant
        self.scopes = scopes
        try validate()
    }

    /// Settings for a TechWolf region's own token endpoint and audience.
    public static func techWolf(clientID: String, secret: ClientSecret, region: String, tenant: String? = nil,
                                scopes: [String] = OAuthSettings.defaultScopes) throws(ValidationError) -> OAuthSettings
    {
        let r = try Validators.region(region)
        guard let url = defaultTokenURL(region: r) else {
            throw ValidationError(field: "region", message: "has no known token endpoint (eu… and us… regions do); give the token URL")
        }
        return try OAuthSettings(clientID: clientID, secret: secret, tokenURL: url, audience: defaultAudience(region: r),
                                 tenant: tenant, scopes: scopes)
    }

    /// The documented token endpoints: EU for `eu…` regions, US for `us…` regions, nil for any other.
    public static func defaultTokenURL(region: String) -> URL? {
        let r = region.lowercased()
        if r.hasPrefix("eu") { return euTokenURL }
        if r.hasPrefix("us") { return usTokenURL }
        return nil
    }

    /// `eu3.techwolf.ai` for `eu3`.
    public static func defaultAudience(region: String) -> String {
        "\(region).techwolf.ai"
    }

    public func validate() throws(ValidationError) {
        try Self.validateClientID(clientID)
        try Self.validateTokenURL(tokenURL)
        if audience.trimmingSpaces().isEmpty {
            throw ValidationError(field: "audience", message: "is empty")
        }
        if audience.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            throw ValidationError(field: "audience", message: "contains an invisible or control character")
        }
        if let tenant { _ = try Validators.tenant(tenant) }
        try Self.validateScopes(scopes)
    }

    /// At least one; each a scope token of RFC 6749 (visible ASCII but `"` and `\\`, no spaces), at most 100 long.
    public static func validateScopes(_ scopes: [String]) throws(ValidationError) {
        if scopes.isEmpty { throw ValidationError(field: "scopes", message: "is empty; a read-only tool needs read") }
        for scope in scopes {
            guard (1...100).contains(scope.unicodeScalars.count),
                  scope.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value <= 0x7E && $0 != "\"" && $0 != "\\" }) else {
                throw ValidationError(field: "scopes", message: "has \(TerminalText.excerpt(scope, limit: 30)), which is not a scope (1 to 100 visible ASCII characters, no quotes)")
            }
        }
    }

    /// `scopes:` of a profile, as a space-separated string.
    public static func scopes(parsing text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// 1–200 characters of visible ASCII: it is shown in messages and is part of the cache scope.
    static func validateClientID(_ id: String) throws(ValidationError) {
        if id.isEmpty { throw ValidationError(field: "client-id", message: "is empty") }
        if id.unicodeScalars.count > 200 {
            throw ValidationError(field: "client-id", message: "is \(id.unicodeScalars.count) characters long; at most 200")
        }
        if let bad = id.unicodeScalars.first(where: { $0.value < 0x21 || $0.value > 0x7E }) {
            throw ValidationError(field: "client-id", message: "contains \(Validators.describe(bad)); a client ID is visible ASCII")
        }
    }

    /// `https`, or `http` on 127.0.0.0/8, ::1 and localhost; no user name, password, query or fragment.
    public static func validateTokenURL(_ url: URL) throws(ValidationError) {
        let field = "token-url"
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false),
              let scheme = components.scheme?.lowercased(), let host = components.hostAsTyped, !host.isEmpty else {
            throw ValidationError(field: field, message: "is not an absolute URL like https://host/oauth/token")
        }
        if components.user != nil || components.password != nil {
            throw ValidationError(field: field, message: "must not contain a user name or password")
        }
        if components.query != nil || components.fragment != nil {
            throw ValidationError(field: field, message: "must not contain a query or fragment")
        }
        switch scheme {
        case "https": break
        case "http" where APIOrigin.isLoopback(host): break
        case "http":
            throw ValidationError(field: field, message: "must use https (plain http is allowed only for 127.0.0.0/8, ::1 and localhost, so the client secret is never sent in clear text)")
        default:
            throw ValidationError(field: field, message: "must use https, got \(TerminalText.excerpt(scheme, limit: 20))")
        }
    }

    public var description: String {
        "OAuthSettings(client \(clientID), \(tokenURL.absoluteString), audience \(TerminalText.excerpt(audience, limit: 80)), scopes \(scopes.joined(separator: " ")))"
    }
}
