#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// Where a profile's token comes from. Never the token itself: config files get copied, synced, backed up
/// and pasted into tickets.
public enum ProfileCredentials: Sendable, Equatable {
    case token(TokenSource)
    /// OAuth client credentials: the tool fetches and renews the access token itself.
    case clientCredentials(clientID: String, secret: TokenSource, tokenURL: String?, audience: String?)
}

/// A named connection, like a k9s context or an AWS profile.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var tenant: String?
    public var region: String?
    public var baseURL: String?
    public var apiVersion: String?
    public var theme: String?
    /// A PEM bundle of CAs to trust instead of the system's (a TLS-inspecting corporate proxy's CA).
    public var caFile: String?
    public var credentials: ProfileCredentials?
    /// The OAuth scopes to ask for (`scopes:`, a list or a space-separated string); nil: `read` only.
    public var scopes: [String]?
}

public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// `$XDG_CONFIG_HOME/twbrowse/config.yaml` (default `~/.config/twbrowse/config.yaml`).
public struct ProfileConfig: Sendable, Equatable {
    public var profiles: [String: Profile] = [:]
    /// Profiles that could not be read, by name, with the reason. One bad profile does not take the others
    /// down: it is reported by `doctor` and refused, with this reason, when selected.
    public var brokenProfiles: [String: String] = [:]
    public var defaultProfile: String?
    /// `mouse: false` turns mouse reporting off (it is on by default; `--no-mouse` also turns it off).
    public var mouse: Bool?

    public init() {}

    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path) + "/.config")
        return base + "/twbrowse/config.yaml"
    }

    /// The file's profiles; an absent file is an empty config, a malformed one an error with line and column.
    public static func load(path: String) throws(ConfigError) -> ProfileConfig {
        guard FileManager.default.fileExists(atPath: path) else { return ProfileConfig() }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(message: "\(path): cannot read the file as UTF-8 text")
        }
        let config = try parse(text, source: path)
        // A profile chosen later (`:profile`) reads its variable then; no child started before may see it.
        ChildEnvironment.protect(config.secretVariables)
        return config
    }

    /// The environment variables the profiles read a token or a client secret from.
    public var secretVariables: Set<String> {
        Set(profiles.values.compactMap { profile -> String? in
            switch profile.credentials {
            case .token(.environment(let name))?, .clientCredentials(_, .environment(let name), _, _)?: return name
            default: return nil
            }
        })
    }

    static let tokenValueKeys: Set<String> = ["token", "access_token", "bearer", "bearer_token", "api_token", "client_secret", "secret", "password"]
    static let profileKeys: Set<String> = ["tenant", "region", "base_url", "api_version", "theme", "ca_file", "token_env", "token_file", "token_command",
                                           "client_id", "client_secret_env", "client_secret_file", "client_secret_command", "token_url", "audience", "scopes"]

    public static func parse(_ text: String, source: String) throws(ConfigError) -> ProfileConfig {
        let root: YAMLNode?
        do throws(YAMLError) {
            root = try YAMLReader.read(text)
        } catch {
            throw ConfigError(message: describe(error, source: source))
        }
        var config = ProfileConfig()
        guard let root else { return config }
        guard let mapping = root.mapping else { throw ConfigError(message: "\(at(source, root)): the top level must be a mapping with `profiles:`") }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "default_profile":
                config.defaultProfile = value.string
            case "mouse":
                switch value.string {
                case "true"?: config.mouse = true
                case "false"?: config.mouse = false
                default: throw ConfigError(message: "\(at(source, value)): `mouse` must be true or false")
                }
            case "profiles":
                guard let profiles = value.mapping else { throw ConfigError(message: "\(at(source, value)): `profiles` must be a mapping of names to profiles") }
                for (nameNode, body) in profiles {
                    let name = nameNode.string ?? ""
                    do throws(ConfigError) {
                        config.profiles[name] = try profile(name, body, source: source)
                    } catch {
                        config.brokenProfiles[name] = error.message
                    }
                }
            default:
                throw ConfigError(message: "\(at(source, keyNode)): unknown key `\(TerminalText.excerpt(key, limit: 40))` (expected default_profile, mouse, profiles)")
            }
        }
        if let d = config.defaultProfile, config.profiles[d] == nil, config.brokenProfiles[d] == nil {
            throw ConfigError(message: "\(source): default_profile `\(TerminalText.excerpt(d, limit: 40))` is not defined under profiles")
        }
        return config
    }

    static func profile(_ name: String, _ node: YAMLNode, source: String) throws(ConfigError) -> Profile {
        guard let mapping = node.mapping else { throw ConfigError(message: "\(at(source, node)): profile `\(name)` must be a mapping") }
        var values: [String: String] = [:]
        var scopes: [String]?
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            if tokenValueKeys.contains(key) {
                throw ConfigError(message: "\(at(source, keyNode)): profile `\(name)` has `\(key)`: secrets never go in the config file (it gets copied, synced and backed up). Use token_env, token_file or token_command (or client_secret_env/_file/_command).")
            }
            guard profileKeys.contains(key) else {
                throw ConfigError(message: "\(at(source, keyNode)): profile `\(name)`: unknown key `\(TerminalText.excerpt(key, limit: 40))`")
            }
            switch key {
            case "scopes":
                scopes = try scopeList(value, profile: name, source: source)
            default:
                guard let s = value.string else { throw ConfigError(message: "\(at(source, value)): profile `\(name)`: `\(key)` must be a string") }
                values[key] = s
            }
        }
        var p = Profile(name: name)
        p.tenant = values["tenant"]
        p.region = values["region"]
        p.baseURL = values["base_url"]
        p.apiVersion = values["api_version"]
        p.theme = values["theme"]
        p.caFile = values["ca_file"].map(expand)
        p.scopes = scopes
        if scopes != nil && values["client_id"] == nil {
            throw ConfigError(message: "\(at(source, node)): profile `\(name)` has scopes but no client_id: scopes are asked for with client credentials")
        }
        let tokenSources = [values["token_env"].map(TokenSource.environment), values["token_file"].map { TokenSource.file(expand($0)) },
                            values["token_command"].map(TokenSource.command)].compactMap { $0 }
        let secretSources = [values["client_secret_env"].map(TokenSource.environment), values["client_secret_file"].map { TokenSource.file(expand($0)) },
                             values["client_secret_command"].map(TokenSource.command)].compactMap { $0 }
        if tokenSources.count > 1 || secretSources.count > 1 {
            throw ConfigError(message: "\(at(source, node)): profile `\(name)` gives more than one token or secret source; keep one")
        }
        if let clientID = values["client_id"] {
            guard let secret = secretSources.first else {
                throw ConfigError(message: "\(at(source, node)): profile `\(name)` has client_id but no client_secret_env, client_secret_file or client_secret_command")
            }
            if !tokenSources.isEmpty { throw ConfigError(message: "\(at(source, node)): profile `\(name)`: give a token source or client credentials, not both") }
            p.credentials = .clientCredentials(clientID: clientID, secret: secret, tokenURL: values["token_url"], audience: values["audience"])
        } else if let token = tokenSources.first {
            p.credentials = .token(token)
        }
        return p
    }

    /// `scopes: [read]` or `scopes: read read_reports`.
    static func scopeList(_ node: YAMLNode, profile name: String, source: String) throws(ConfigError) -> [String] {
        let scopes: [String]
        if let text = node.string {
            scopes = OAuthSettings.scopes(parsing: text)
        } else if let list = node.sequence {
            var items: [String] = []
            for item in list {
                guard let text = item.string else { throw ConfigError(message: "\(at(source, item)): profile `\(name)`: each scope must be a string") }
                items += OAuthSettings.scopes(parsing: text)
            }
            scopes = items
        } else {
            throw ConfigError(message: "\(at(source, node)): profile `\(name)`: `scopes` must be a list or a space-separated string")
        }
        do throws(ValidationError) {
            try OAuthSettings.validateScopes(scopes)
        } catch {
            throw ConfigError(message: "\(at(source, node)): profile `\(name)`: scopes \(error.message)")
        }
        return scopes
    }

    static func expand(_ path: String) -> String { LocalPath.expandingTilde(path) }

    static func at(_ source: String, _ node: YAMLNode) -> String {
        "\(source):\(node.line):\(node.column)"
    }

    static func describe(_ error: YAMLError, source: String) -> String {
        switch error {
        case let .syntax(line, column, problem):
            return "\(source): \(line):\(column): \(problem)"
        case let .unsupported(line, what):
            return YAMLError.unsupportedMessage(source: source, line: line, what: what)
        }
    }

    /// A command with anything that looks like a secret pasted into it (a JWT, a long random word) masked.
    static func masked(_ source: TokenSource) -> String {
        guard case .command(let command) = source else { return source.description }
        let words = command.split(separator: " ", omittingEmptySubsequences: false).map { word -> String in
            let w = word.trimmingScalars { $0 == "'" || $0 == "\"" }
            let secretLike = w.count >= 24 && w.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.=+/".contains($0)) }
                && w.contains(where: \.isNumber) && w.contains(where: \.isLetter) && !w.contains("/")
            return secretLike || (w.hasPrefix("eyJ") && w.split(separator: ".").count == 3) ? "…" + w.suffix(4) : String(word)
        }
        return TokenSource.command(words.joined(separator: " ")).description
    }

    /// The file with secrets masked, for `twbrowse config show`. Paths, variable names and commands are
    /// shown: they say where a secret lives, not what it is.
    public func describe() -> String {
        var lines: [String] = []
        if let d = defaultProfile { lines.append("default_profile: \(d)") }
        lines.append(profiles.isEmpty && brokenProfiles.isEmpty ? "profiles: (none)" : "profiles:")
        for name in Set(profiles.keys).union(brokenProfiles.keys).sorted() {
            guard let p = profiles[name] else {
                lines.append("  \(TerminalText.sanitize(name)): (not usable: \(TerminalText.sanitize(brokenProfiles[name] ?? "")))")
                continue
            }
            lines.append("  \(name):")
            for (k, v) in [("tenant", p.tenant), ("region", p.region), ("base_url", p.baseURL), ("api_version", p.apiVersion), ("theme", p.theme), ("ca_file", p.caFile)] {
                if let v { lines.append("    \(k): \(TerminalText.sanitize(v))") }
            }
            switch p.credentials {
            case .token(let source)?: lines.append("    token: from the \(Self.masked(source))")
            case .clientCredentials(let id, let secret, let url, let audience)?:
                lines.append("    client_id: \(TerminalText.sanitize(id))")
                lines.append("    client_secret: from the \(Self.masked(secret))")
                if let url { lines.append("    token_url: \(TerminalText.sanitize(url))") }
                if let audience { lines.append("    audience: \(TerminalText.sanitize(audience))") }
                lines.append("    scopes: \((p.scopes ?? OAuthSettings.defaultScopes).joined(separator: " "))" + (p.scopes == nil ? " (the default)" : ""))
            case nil: lines.append("    token: (none: TECHWOLF_TOKEN or the connect form)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
