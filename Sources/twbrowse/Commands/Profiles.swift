import ArgumentParser
import BrowserCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The config file, read once per process. A malformed file is reported (with line and column) and the
/// tool goes on without it.
enum ConfigFile {
    struct Loaded: Sendable {
        let config: ProfileConfig
        let problem: String?
    }

    /// The usable profiles' names for shell completion: read without a warning, which would land in
    /// the middle of the user's command line.
    static func profileNamesQuietly() -> [String] {
        let path = ProfileConfig.path(environment: ProcessInfo.processInfo.environment)
        return ((try? ProfileConfig.load(path: path))?.profiles.keys.sorted()) ?? []
    }

    /// A `static let` is initialised once, on first use, safely across threads.
    static let loaded: Loaded = {
        let path = ProfileConfig.path(environment: ProcessInfo.processInfo.environment)
        do throws(ConfigError) {
            return Loaded(config: try ProfileConfig.load(path: path), problem: nil)
        } catch {
            Console.warning("ignoring the config file: \(error.message)")
            return Loaded(config: ProfileConfig(), problem: error.message)
        }
    }()
}

extension ConnectionOptions {
    /// The profile these options select: --profile, then TWBROWSE_PROFILE, then the file's default_profile.
    func selectedProfile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Profile? {
        let loaded = ConfigFile.loaded
        let explicit = profile ?? environment["TWBROWSE_PROFILE"].nonEmpty
        guard let name = explicit ?? loaded.config.defaultProfile else { return nil }
        if let reason = loaded.config.brokenProfiles[name] {
            throw CLIFailure(message: "profile \(TerminalText.excerpt(name, limit: 40)) cannot be used: \(reason)", code: ExitCode.usage)
        }
        guard let p = loaded.config.profiles[name] else {
            let known = loaded.config.profiles.keys.sorted()
            let why = loaded.problem.map { " (the config file could not be read: \($0))" }
                ?? (known.isEmpty ? " (no profiles in \(ProfileConfig.path(environment: environment)))" : "; known: \(known.joined(separator: ", "))")
            throw CLIFailure(message: "no profile named \(TerminalText.excerpt(name, limit: 40))\(why)", code: ExitCode.usage)
        }
        return p
    }

    /// Flags first, then the selected profile, then the environment (which `origin()` reads last).
    func applyingProfile(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ConnectionOptions {
        guard let p = try selectedProfile(environment: environment) else { return self }
        var m = self
        let flagsGiveOrigin = baseURL != nil || tenant != nil || region != nil
        if !flagsGiveOrigin {
            m.baseURL = p.baseURL
            m.tenant = p.tenant
            m.region = p.region
        }
        m.apiVersion = apiVersion ?? p.apiVersion
        if tokenFile == nil && tokenCommand == nil && tokenEnv == nil, case .token(let source)? = p.credentials {
            switch source {
            case .environment(let name): m.tokenEnv = name
            case .file(let path): m.tokenFile = path
            case .command(let command): m.tokenCommand = command
            }
        }
        return m
    }
}

extension ConnectionOptions {
    /// When the token should come from the selected profile's `token_env` and that variable is unset or
    /// empty: a sentence in the profile's terms (the generic advice names TECHWOLF_TOKEN and flags).
    func profileTokenProblem(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        guard case .environment(let name) = tokenSource, (environment[name] ?? "").isEmpty,
              let p = try? selectedProfile(environment: environment), case .token(.environment(name))? = p.credentials else { return nil }
        let state = environment[name] == nil ? "is not set" : "is set but empty"
        return """
            no token: profile \(p.name) reads it from \(name) (its token_env), which \(state).
            Export it before running twbrowse (export \(name)=…), or change token_env in profile \(p.name) of \(ProfileConfig.path(environment: environment)) \
            (or use token_file or token_command there).
            """
    }

    /// The OAuth provider of a profile with client credentials, unless a token source was given on the
    /// command line (which wins).
    func oauthProvider(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> OAuthTokenProvider? {
        guard tokenFile == nil, tokenCommand == nil, tokenEnv == nil,
              let p = try selectedProfile(environment: environment),
              case .clientCredentials(let clientID, let secretSource, let tokenURL, let audience)? = p.credentials else { return nil }
        do {
            let loaded = try TokenLoader.loadSecret(secretSource, environment: environment, timeout: effectiveTimeout)
            loaded.warnings.forEach(Console.warning)
            _ = try self.origin(environment: environment)   // refused here, before a token is asked for
            let region = region ?? p.region ?? environment["TECHWOLF_REGION"] ?? ""
            let url: URL
            if let tokenURL {
                guard let u = URL(string: tokenURL) else { throw CLIFailure(message: "profile \(p.name): token_url is not a URL", code: ExitCode.usage) }
                url = u
            } else if let u = OAuthSettings.defaultTokenURL(region: region) {
                url = u
            } else {
                throw CLIFailure(message: "profile \(p.name): no token_url, and region \(region.isEmpty ? "(none)" : region) has no known token endpoint", code: ExitCode.usage)
            }
            let settings = try OAuthSettings(clientID: clientID, secret: loaded.secret, tokenURL: url,
                                             audience: audience ?? OAuthSettings.defaultAudience(region: region),
                                             tenant: tenant ?? p.tenant, scopes: p.scopes ?? OAuthSettings.defaultScopes)
            return OAuthTokenProvider(settings: settings, timeout: timeout ?? ClientConfiguration.defaultTimeout,
                                      trust: try trust(environment: environment))
        } catch let error as TokenLoadError {
            throw CLIFailure(message: error.message, code: ExitCode.usage)
        } catch let error as TechWolfAPI.ValidationError {
            throw CLIFailure(message: "profile \(p.name): invalid \(error.field): \(error.message)", code: ExitCode.usage)
        }
    }
}

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show where the config file is and what it holds.",
        usage: "twbrowse config [show | path]",
        discussion: """
            The file holds named profiles (tenant, region or base_url, api_version, theme, ca_file, and where the token \
            comes from: token_env, token_file or token_command; or client_id with client_secret_env, \
            client_secret_file or client_secret_command for OAuth). Never a token or secret value: such keys \
            are refused. See README for an example.
            """,
        subcommands: [ConfigPathCommand.self, ConfigShowCommand.self],
        defaultSubcommand: ConfigShowCommand.self
    )
}

struct ConfigPathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "path", abstract: "Print the config file's path.")
    func run() throws {
        Console.out(ProfileConfig.path())
    }
}

struct ConfigShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the profiles, secrets masked.")
    func run() throws {
        let path = ProfileConfig.path()
        let loaded = ConfigFile.loaded
        Console.out("# \(path)" + (FileManager.default.fileExists(atPath: path) ? "" : " (does not exist)"))
        if let problem = loaded.problem { throw CLIFailure(message: problem, code: ExitCode.usage) }
        Console.out(loaded.config.describe())
    }
}
