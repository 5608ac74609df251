#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The one place the token may be sent: `https://{tenant}.{region}.techwolf.ai`, or an explicit base URL
/// that is `https`, or `http` on a loopback address (the demo server and tests).
public struct APIOrigin: Sendable, Hashable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// A path prefix from an explicit base URL (without a trailing slash), usually empty.
    public let basePath: String
    /// `tenant.region` when built from those, for the breadcrumb; nil for an explicit base URL.
    public let tenantRegion: String?

    public static func techWolf(tenant: String, region: String) throws(ValidationError) -> APIOrigin {
        let t = try Validators.tenant(tenant)
        let r = try Validators.region(region)
        // Lower-cased like every other host here: `contains` compares lower-cased hosts, so `Company_XYZ`
        // must not make every request look as if it left the origin.
        return APIOrigin(scheme: "https", host: "\(t).\(r).techwolf.ai".lowercased(), port: nil, basePath: "", tenantRegion: "\(t).\(r)")
    }

    public static func baseURL(_ raw: String) throws(ValidationError) -> APIOrigin {
        let field = "base-url"
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased(),
              let host = components.hostAsTyped, !host.isEmpty else {
            throw ValidationError(field: field, message: "is not an absolute URL like https://host or http://127.0.0.1:8080")
        }
        // The host as typed, before percent-decoding: `a%2fb` or `a%40b` would decode to a host that cannot be
        // put back into a URL, and `bücher` would be rewritten to punycode, so the request would not go where
        // the origin says. Only plain ASCII names and bracketed IPv6 literals are accepted.
        if !isPlainHost(host) {
            throw ValidationError(field: field, message: "has a host that is not a plain ASCII name or IPv6 address (letters, digits, '.', '-', '_'; use the punycode form of an international name)")
        }
        if components.user != nil || components.password != nil {
            throw ValidationError(field: field, message: "must not contain a user name or password")
        }
        if components.query != nil || components.fragment != nil {
            throw ValidationError(field: field, message: "must not contain a query or fragment")
        }
        if let port = components.port, !(1...65535).contains(port) {
            throw ValidationError(field: field, message: "has port \(port); a port is between 1 and 65535")
        }
        let loopback = isLoopback(host)
        switch scheme {
        case "https": break
        case "http" where loopback: break
        case "http": throw ValidationError(field: field, message: "must use https (plain http is allowed only for 127.0.0.0/8, ::1 and localhost, so the token is never sent in clear text)")
        default: throw ValidationError(field: field, message: "must use https, got \(TerminalText.excerpt(scheme, limit: 20))")
        }
        var path = components.percentEncodedPath
        while path.hasSuffix("/") { path.removeLast() }
        var bareHost = host.lowercased()
        if bareHost.hasPrefix("[") && bareHost.hasSuffix("]") { bareHost = String(bareHost.dropFirst().dropLast()) }
        return APIOrigin(scheme: scheme, host: bareHost, port: components.port, basePath: path, tenantRegion: nil)
    }

    private static func isPlainHost(_ host: String) -> Bool {
        let scalars = host.unicodeScalars
        if host.hasPrefix("[") && host.hasSuffix("]") && scalars.count > 2 {
            return scalars.dropFirst().dropLast().allSatisfy { $0 == ":" || $0 == "." || $0.properties.isASCIIHexDigit }
        }
        return !scalars.isEmpty && scalars.allSatisfy { Validators.isIDCharacter($0) || $0 == "." }
    }

    /// 127.0.0.0/8, ::1 and localhost. Other names that resolve to loopback are not trusted: resolution can change.
    public static func isLoopback(_ rawHost: String) -> Bool {
        var host = rawHost.lowercased()
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { p in !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && (Int(p) ?? 256) <= 255 }
    }

    public var isLoopback: Bool { Self.isLoopback(host) }

    /// `scheme://host[:port]`, the origin as browsers define it.
    public var description: String {
        let h = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(scheme)://\(h)" + (port.map { ":\($0)" } ?? "")
    }

    /// The label for headers and breadcrumbs: `tenant.region`, or `host:port`.
    public var label: String {
        tenantRegion ?? (host + (port.map { ":\($0)" } ?? ""))
    }

    /// Builds a URL from path segments that have already been validated (IDs are `[A-Za-z0-9_-]`, so no
    /// escaping is needed and none can smuggle a `/`, `..` or `?`).
    public func url(path segments: [String], query: [URLQueryItem] = []) -> URL {
        var components = URLComponents()
        components.scheme = scheme
        if host.contains(":") { components.percentEncodedHost = "[\(host)]" } else { components.host = host }
        components.port = port
        components.percentEncodedPath = basePath + "/" + segments.joined(separator: "/")
        if !query.isEmpty { components.queryItems = query }
        return components.url!
    }

    /// True when `url` is on this origin (same scheme, host and port).
    public func contains(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), var host = url.host?.lowercased() else { return false }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return scheme == self.scheme && host == self.host && (url.port ?? defaultPort(scheme)) == (port ?? defaultPort(self.scheme))
    }

    private func defaultPort(_ scheme: String) -> Int { scheme == "https" ? 443 : 80 }
}
