import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The options every command that talks to the API shares. No option takes a token: see `ArgvGuard`.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Tenant name, e.g. company_xyz (env TECHWOLF_TENANT).", valueName: "NAME"))
    var tenant: String?

    @Option(help: ArgumentHelp("Region, e.g. eu3 or us3 (env TECHWOLF_REGION).", valueName: "REGION"))
    var region: String?

    @Option(name: .customLong("base-url"),
            help: ArgumentHelp("Explicit API origin instead of tenant and region (env TECHWOLF_BASE_URL). https only, except loopback addresses.", valueName: "URL"))
    var baseURL: String?

    @Option(name: .customLong("api-version"), help: ArgumentHelp("Send X-API-Version: DATE (YYYY-MM-DD).", valueName: "DATE"))
    var apiVersion: String?

    // Unconditional, like the other numbers: `--timeout -3` reaches the range check instead of reading as an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Overall deadline per request in seconds, retries included (fractions allowed; default 15).", valueName: "SECONDS"))
    var timeout: Double?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the token from the first line of this file.", valueName: "PATH"))
    var tokenFile: String?

    @Option(name: .customLong("token-command"), help: ArgumentHelp("Run this command once and use the first line it prints as the token.", valueName: "CMD"))
    var tokenCommand: String?

    @Option(name: .customLong("token-env"), help: ArgumentHelp("Read the token from this environment variable instead of TECHWOLF_TOKEN.", valueName: "NAME"))
    var tokenEnv: String?

    @Option(help: ArgumentHelp("Use a profile from the config file (env TWBROWSE_PROFILE); see `twbrowse config`.", valueName: "NAME"),
            completion: .custom { _, _, _ in ConfigFile.profileNamesQuietly() })
    var profile: String?

    @Option(name: .customLong("cache-ttl"), parsing: .unconditional, help: ArgumentHelp("How long fetched records stay fresh in the in-memory cache, in seconds (default 300).", valueName: "SECONDS"))
    var cacheTTL: Double?

    @Option(name: .customLong("ca-file"), help: ArgumentHelp("Trust the CAs in this PEM file instead of the system's, e.g. a TLS-inspecting corporate proxy's CA (also: ca_file in a profile, CURL_CA_BUNDLE, SSL_CERT_FILE, SSL_CERT_DIR).", valueName: "PATH"))
    var caFile: String?

    @Option(name: .customLong("log-file"), help: ArgumentHelp("Append one line per request (method, path, status, latency, cache or network, attempts) to this file (env TWBROWSE_LOG). Never the token.", valueName: "PATH"))
    var logFile: String?

    func validate() throws {
        if let timeout, !(timeout > 0) || !timeout.isFinite {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
        if let timeout, timeout > ClientConfiguration.maxTimeout {
            throw ValidationError("--timeout must be at most \(Int(ClientConfiguration.maxTimeout)) seconds (a day)")
        }
        if let cacheTTL, !(cacheTTL >= 0) || !cacheTTL.isFinite {
            throw ValidationError("--cache-ttl must be 0 or more seconds")
        }
        if [tokenFile, tokenCommand, tokenEnv].compactMap({ $0 }).count > 1 {
            throw ValidationError("give only one of --token-file, --token-command, --token-env")
        }
    }

    var tokenSource: TokenSource {
        if let tokenFile { return .file(tokenFile) }
        if let tokenCommand { return .command(tokenCommand) }
        return .environment(tokenEnv ?? TokenSource.defaultVariable)
    }

    /// `--base-url`, else `TECHWOLF_BASE_URL` unless a tenant or region was given on the command line.
    func explicitBaseURL(environment: [String: String]) -> String? {
        baseURL ?? (tenant == nil && region == nil ? environment["TECHWOLF_BASE_URL"].nonEmpty : nil)
    }

    /// The origin from options, then the environment. Invalid values fail here, before any request.
    func origin(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> APIOrigin {
        do {
            if let base = explicitBaseURL(environment: environment) {
                return try APIOrigin.baseURL(base)
            }
            let t = tenant ?? environment["TECHWOLF_TENANT"].nonEmpty
            let r = region ?? environment["TECHWOLF_REGION"].nonEmpty
            guard let t, let r else {
                let missing = [t == nil ? "--tenant (or TECHWOLF_TENANT)" : nil, r == nil ? "--region (or TECHWOLF_REGION)" : nil]
                    .compactMap { $0 }.joined(separator: " and ")
                throw CLIFailure(message: "no API origin: give \(missing), or --base-url", code: ExitCode.usage)
            }
            return try APIOrigin.techWolf(tenant: t, region: r)
        } catch let error as TechWolfAPI.ValidationError {
            throw CLIFailure(message: "invalid \(error.field): \(error.message)", code: ExitCode.usage)
        }
    }

    func validatedAPIVersion() throws -> String? {
        guard let apiVersion else { return nil }
        do { return try Validators.apiVersion(apiVersion) } catch {
            throw CLIFailure(message: "invalid \(error.field): \(error.message)", code: ExitCode.usage)
        }
    }

    /// Origin, token and settings, all validated; warnings (a readable token file) go to stderr.
    func configuration() throws -> ClientConfiguration {
        let origin = try origin()
        let apiVersion = try validatedAPIVersion()
        let token: AccessToken
        do {
            let loaded = try TokenLoader.load(tokenSource, timeout: effectiveTimeout)
            loaded.warnings.forEach(Console.warning)
            token = loaded.token
        } catch {
            throw CLIFailure(message: profileTokenProblem() ?? error.message, code: ExitCode.usage)
        }
        return clientConfiguration(origin: origin, token: token, apiVersion: apiVersion, trust: try trust())
    }

    /// `--timeout`, or the default: it bounds every request and every token or secret command.
    var effectiveTimeout: TimeInterval { timeout ?? ClientConfiguration.defaultTimeout }

    /// A client's settings with this command line's timeout.
    func clientConfiguration(origin: APIOrigin, token: AccessToken, apiVersion: String?,
                             tokenProvider: OAuthTokenProvider? = nil, trust: TLSTrust) -> ClientConfiguration {
        ClientConfiguration(origin: origin, token: token, apiVersion: apiVersion,
                            timeout: timeout ?? ClientConfiguration.defaultTimeout, tokenProvider: tokenProvider, trust: trust)
    }

    /// The CAs https trusts: --ca-file, then the profile's ca_file, then curl's environment variables
    /// (`TLSTrust.resolve`). A named file that cannot be read is refused here, before any request.
    func trust(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TLSTrust {
        let profileFile = try selectedProfile(environment: environment).flatMap { p in p.caFile.map { (name: p.name, caFile: $0) } }
        do {
            return try TLSTrust.resolve(option: caFile, profile: profileFile, environment: { environment[$0] })
        } catch {
            throw CLIFailure(message: "invalid \(error.field): \(error.message)", code: ExitCode.usage)
        }
    }

    /// A service over a new client and a new cache with this command line's time-to-live: nothing fetched
    /// with one token or tenant is served for another.
    func service(_ config: ClientConfiguration, log: RequestLog?) -> TechWolfService {
        TechWolfService(client: TechWolfClient(configuration: config), cache: ResponseCache(ttl: cacheTTL ?? ResponseCache.defaultTTL), log: log)
    }

    func service() async throws -> TechWolfService {
        var config: ClientConfiguration
        if let provider = try oauthProvider() {
            // Fetch the first token now: a refused client is reported before anything else happens.
            config = clientConfiguration(origin: try origin(), token: try await provider.token(), apiVersion: try validatedAPIVersion(),
                                         tokenProvider: provider, trust: try trust())
        } else {
            config = try configuration()
        }
        return service(config, log: try requestLog())
    }

    /// The request log, when `--log-file` or `TWBROWSE_LOG` asks for one.
    func requestLog(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RequestLog? {
        guard let path = logFile ?? environment["TWBROWSE_LOG"].nonEmpty else { return nil }
        do {
            let log = try RequestLog(path: path, problems: { Console.warning($0) })
            if let warning = log.warning { Console.warning(warning) }
            return log
        } catch {
            throw CLIFailure(message: "cannot open the log file \(path): \(error.description)", code: ExitCode.usage)
        }
    }
}

/// A subcommand that talks to the API: its connection options may come before or after its name.
protocol ConnectedCommand {
    var ownConnection: ConnectionOptions { get }
    var root: TWBrowse { get }
}

extension ConnectedCommand {
    /// The options given after the subcommand over those given before it, then the profile's.
    var connection: ConnectionOptions { get throws { try ownConnection.merged(over: root.connection).applyingProfile() } }
}

extension ConnectionOptions {
    /// These options given after the subcommand, filled in from the ones given before it
    /// (`twbrowse --base-url URL get …` and `twbrowse get --base-url URL …` both work).
    func merged(over parent: ConnectionOptions) -> ConnectionOptions {
        var m = self
        m.tenant = tenant ?? parent.tenant
        m.region = region ?? parent.region
        m.baseURL = baseURL ?? parent.baseURL
        m.apiVersion = apiVersion ?? parent.apiVersion
        m.timeout = timeout ?? parent.timeout
        if tokenFile == nil && tokenCommand == nil && tokenEnv == nil {
            m.tokenFile = parent.tokenFile
            m.tokenCommand = parent.tokenCommand
            m.tokenEnv = parent.tokenEnv
        }
        m.profile = profile ?? parent.profile
        m.cacheTTL = cacheTTL ?? parent.cacheTTL
        m.logFile = logFile ?? parent.logFile
        m.caFile = caFile ?? parent.caFile
        return m
    }
}

extension Optional where Wrapped == String {
    var nonEmpty: String? {
        guard let s = self, !s.isEmpty else { return nil }
        return s
    }
}
