#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Which certificate authorities https trusts, and where that choice came from.
///
/// Chosen the way curl chooses, so what works with curl on a machine works here: an explicit CA file wins
/// (`--ca-file`, then the profile's `ca_file`); else `CURL_CA_BUNDLE`; else `SSL_CERT_FILE` and
/// `SSL_CERT_DIR` (a hashed directory, read lazily); else libcurl's built-in store. As for curl, a named
/// bundle takes the place of libcurl's default bundle and a named directory that of its default directory;
/// the default of the other kind stays in use.
public struct TLSTrust: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        case system
        case option
        case profile(String)
        case environment(String)
    }

    public var caFile: String?
    public var caPath: String?
    public var source: Source

    public init(caFile: String? = nil, caPath: String? = nil, origin source: Source) {
        self.caFile = caFile
        self.caPath = caPath
        self.source = source
    }

    public static let system = TLSTrust(origin: .system)

    /// Only the store named here, not libcurl's default of the other kind: the lazily read system directory
    /// (`effective`) stands in for the whole default store.
    public var replacesDefaultStore: Bool { source == .system && caPath != nil }

    /// The trust for these settings; a named file or directory that does not exist or cannot be read is an
    /// error naming where it was set, before any request.
    public static func resolve(option: String?, profile: (name: String, caFile: String)? = nil,
                               environment: (String) -> String? = { ProcessInfo.processInfo.environment[$0] })
        throws(ValidationError) -> TLSTrust
    {
        func set(_ name: String) -> String? {
            guard let value = environment(name), !value.isEmpty else { return nil }
            return value
        }
        if let option {
            return TLSTrust(caFile: try checkedFile(option, field: "--ca-file"), origin: .option)
        }
        if let profile {
            return TLSTrust(caFile: try checkedFile(profile.caFile, field: "ca_file of profile \(profile.name)"), origin: .profile(profile.name))
        }
        if let bundle = set("CURL_CA_BUNDLE") {
            return TLSTrust(caFile: try checkedFile(bundle, field: "CURL_CA_BUNDLE"), origin: .environment("CURL_CA_BUNDLE"))
        }
        let file = set("SSL_CERT_FILE")
        let directory = set("SSL_CERT_DIR")
        if file != nil || directory != nil {
            let names = [file.map { _ in "SSL_CERT_FILE" }, directory.map { _ in "SSL_CERT_DIR" }].compactMap { $0 }
            return TLSTrust(caFile: try file.map { path throws(ValidationError) in try checkedFile(path, field: "SSL_CERT_FILE") },
                            caPath: try directory.map { path throws(ValidationError) in try checkedDirectory(path, field: "SSL_CERT_DIR") },
                            origin: .environment(names.joined(separator: " and ")))
        }
        return .system
    }

    /// What `.system` means on this machine: libcurl's hashed CA directory alone where it has one (Debian
    /// and Ubuntu keep `/etc/ssl/certs` in step with the bundle), read lazily: OpenSSL then loads the one CA
    /// a server's chain needs instead of parsing all ~140 of the bundle on every first connection, which
    /// costs about 1 MiB and, on OpenSSL 3, tens of milliseconds before the first request can start.
    /// Otherwise (no directory, or one without hash links) libcurl's own default, unchanged.
    public func effective(defaultStore: (file: String?, directory: String?)) -> TLSTrust {
        guard source == .system, let directory = defaultStore.directory, Self.isHashedDirectory(directory) else { return self }
        return TLSTrust(caPath: directory, origin: .system)
    }

    /// A directory with at least one `<8 hex digits>.<digit>` entry, as `openssl rehash` makes.
    static func isHashedDirectory(_ path: String) -> Bool {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
        return entries.contains { name in
            let parts = name.split(separator: ".")
            return parts.count == 2 && parts[0].count == 8 && parts[0].allSatisfy(\.isHexDigit) && parts[1].allSatisfy(\.isNumber)
        }
    }

    /// Where the trust was set, in the words of the command line.
    public var sourceDescription: String {
        switch source {
        case .system: return "libcurl's default store"
        case .option: return "--ca-file"
        case .profile(let name): return "ca_file of profile \(name)"
        case .environment(let names): return names
        }
    }

    /// "the CA bundle /etc/corp.pem (--ca-file) and libcurl's default CA directory /etc/ssl/certs", or
    /// the default store with the paths libcurl uses ("… (libcurl's default store)").
    public func describe(defaultStore: (file: String?, directory: String?)) -> String {
        let trust = effective(defaultStore: defaultStore)
        let keepsDefaults = !trust.replacesDefaultStore
        let named = [trust.caFile.map { "the CA bundle \($0)" }, trust.caPath.map { "the CA directory \($0)" }].compactMap { $0 }
        var kept: [String] = []
        if keepsDefaults {
            if trust.caFile == nil, let file = defaultStore.file { kept.append("CA bundle \(file)") }
            if trust.caPath == nil, let directory = defaultStore.directory { kept.append("CA directory \(directory)") }
        }
        let what: String
        if trust.source == .system || named.isEmpty {
            let all = named + kept.map { "the " + $0 }
            what = (all.isEmpty ? "the TLS library's built-in CAs" : all.joined(separator: " and ")) + " (\(sourceDescription))"
        } else {
            what = named.joined(separator: " and ") + " (\(sourceDescription))"
                + (kept.isEmpty ? "" : " and libcurl's default " + kept.joined(separator: " and "))
        }
        return TerminalText.sanitize(what)
    }

    private static func checkedFile(_ path: String, field: String) throws(ValidationError) -> String {
        guard let isDirectory = LocalPath.isDirectory(path) else {
            throw ValidationError(field: field, message: "no such file: \(TerminalText.excerpt(path, limit: 120))")
        }
        guard !isDirectory else {
            throw ValidationError(field: field, message: "\(TerminalText.excerpt(path, limit: 120)) is a directory; give a PEM file (or use SSL_CERT_DIR for a hashed directory)")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw ValidationError(field: field, message: "cannot read \(TerminalText.excerpt(path, limit: 120))")
        }
        return path
    }

    private static func checkedDirectory(_ path: String, field: String) throws(ValidationError) -> String {
        guard LocalPath.isDirectory(path) == true else {
            throw ValidationError(field: field, message: "no such directory: \(TerminalText.excerpt(path, limit: 120))")
        }
        return path
    }
}
