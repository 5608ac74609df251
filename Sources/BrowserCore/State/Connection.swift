#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// What the connect form submits. The token is an `AccessToken`, redacted wherever it is printed.
public struct ConnectRequest: Sendable {
    public var origin: APIOrigin
    public var token: AccessToken
    public var apiVersion: String?
    /// OAuth client credentials: the provider renews the token; `token` is the first one it issued.
    public var tokenProvider: OAuthTokenProvider?

    public init(origin: APIOrigin, token: AccessToken, apiVersion: String?, tokenProvider: OAuthTokenProvider? = nil) {
        self.origin = origin
        self.token = token
        self.apiVersion = apiVersion
        self.tokenProvider = tokenProvider
    }
}

/// A live connection as the UI shows it.
public struct ConnectionInfo: Sendable, Equatable {
    public let label: String
    /// `scheme://host[:port][/base]`, for the curl commands `c` copies.
    public var baseURL: String = ""
    public let maskedToken: String
    public let expiresAt: Date?
    public let apiVersion: String?
    /// The token's `scope` claim, when it has one.
    public var scopes: [String] = []

    /// A token that could change data: twbrowse only reads, so it says so.
    public var canWrite: Bool { scopes.contains("write") }

    public init(label: String, maskedToken: String, expiresAt: Date?, apiVersion: String?) {
        self.label = label
        self.maskedToken = maskedToken
        self.expiresAt = expiresAt
        self.apiVersion = apiVersion
    }
}

/// The connect form: tenant, region, token, API version, and an optional explicit base URL.
public struct ConnectForm: Sendable {
    public enum Field: Int, CaseIterable, Sendable {
        case tenant, region, token, apiVersion, baseURL

        public var label: String {
            switch self {
            case .tenant: return "Tenant"
            case .region: return "Region"
            case .token: return "Token"
            case .apiVersion: return "API version"
            case .baseURL: return "Base URL"
            }
        }

        public var placeholder: String {
            switch self {
            case .tenant: return "e.g. company_xyz"
            case .region: return "eu3 or us3"
            case .token: return "paste the access token"
            case .apiVersion: return "optional, YYYY-MM-DD"
            case .baseURL: return "optional: https://… replaces tenant and region"
            }
        }

        /// Which field a validation error's `field` belongs to.
        static func from(errorField: String) -> Field? {
            switch errorField {
            case "tenant": return .tenant
            case "region": return .region
            case "token": return .token
            case "api-version": return .apiVersion
            case "base-url": return .baseURL
            default: return nil
            }
        }
    }

    public var values: [Field: TextField] = [:]
    public var focus: Field = .tenant
    public var errors: [Field: String] = [:]
    /// A failure that belongs to no one field (network, server).
    public var generalError: String?
    /// A token from the environment, a file or a command. It is used while the token field is empty, and
    /// its text never enters the form: only its last 4 characters are shown.
    public var presetToken: AccessToken?
    /// Where the preset token came from, e.g. "TECHWOLF_TOKEN".
    public var presetTokenSource: String?
    /// With OAuth client credentials: the provider that issued the preset token and renews it.
    public var presetTokenProvider: OAuthTokenProvider?

    public init(tenant: String = "", region: String = "", token: String = "", apiVersion: String = "", baseURL: String = "",
                presetToken: AccessToken? = nil, presetTokenSource: String? = nil) {
        self.presetToken = presetToken
        self.presetTokenSource = presetTokenSource
        values[.tenant] = TextField(tenant, limit: 63)
        values[.region] = TextField(region, limit: 63)
        values[.token] = TextField(token, limit: 16_384)
        values[.apiVersion] = TextField(apiVersion, limit: 10)
        values[.baseURL] = TextField(baseURL, limit: 2048)
        let hasToken = !token.isEmpty || presetToken != nil
        focus = Field.allCases.first { (values[$0]?.isEmpty ?? true) && $0 != .apiVersion && $0 != .baseURL && !($0 == .token && hasToken) } ?? .tenant
        if !baseURL.isEmpty && !hasToken { focus = .token }
    }

    public func value(_ field: Field) -> String { values[field]?.text ?? "" }

    /// True when a token is at hand, typed or preset.
    public var hasToken: Bool { !value(.token).isEmpty || presetToken != nil }

    /// Tenant and region (or a base URL) and a token: enough to connect without asking.
    public var isComplete: Bool {
        hasToken && (!value(.baseURL).isEmpty || (!value(.tenant).isEmpty && !value(.region).isEmpty))
    }

    /// Validates everything the user typed; on success the request to send, else errors by field.
    public enum Validation: Sendable {
        case valid(ConnectRequest)
        case invalid([Field: String])
    }

    public func validate() -> Validation {
        var errors: [Field: String] = [:]
        var origin: APIOrigin?
        let base = value(.baseURL).trimmingSpaces()
        do {
            if !base.isEmpty {
                origin = try APIOrigin.baseURL(base)
            } else {
                do { _ = try Validators.tenant(value(.tenant).trimmingSpaces()) } catch { errors[.tenant] = error.message }
                do { _ = try Validators.region(value(.region).trimmingSpaces()) } catch { errors[.region] = error.message }
                if errors.isEmpty {
                    origin = try APIOrigin.techWolf(tenant: value(.tenant).trimmingSpaces(),
                                                    region: value(.region).trimmingSpaces())
                }
            }
        } catch {
            if let f = Field.from(errorField: error.field) { errors[f] = error.message }
        }
        var token: AccessToken?
        var provider: OAuthTokenProvider?
        if value(.token).isEmpty, let presetToken {
            token = presetToken
            provider = presetTokenProvider
        } else {
            do { token = try AccessToken(value(.token)) } catch { errors[.token] = error.message }
        }
        var apiVersion: String?
        let v = value(.apiVersion).trimmingSpaces()
        if !v.isEmpty {
            do { apiVersion = try Validators.apiVersion(v) } catch { errors[.apiVersion] = error.message }
        }
        if let origin, let token, errors.isEmpty {
            return .valid(ConnectRequest(origin: origin, token: token, apiVersion: apiVersion, tokenProvider: provider))
        }
        return .invalid(errors)
    }
}
