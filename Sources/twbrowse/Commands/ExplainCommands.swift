import ArgumentParser
import BrowserCore
import CursesUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        usage: "twbrowse completions <shell>",
        discussion: """
            bash: twbrowse completions bash > ~/.local/share/bash-completion/completions/twbrowse
            zsh:  twbrowse completions zsh > "${fpath[1]}/_twbrowse"
            fish: twbrowse completions fish > ~/.config/fish/completions/twbrowse.fish
            """
    )

    @Argument(help: "bash, zsh or fish.", completion: .list(["bash", "zsh", "fish"]))
    var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw CLIFailure(message: "unknown shell '\(TerminalText.excerpt(shell, limit: 20))': use bash, zsh or fish", code: ExitCode.usage)
        }
        Console.out(TWBrowse.completionScript(for: kind), verbatim: true)
    }
}

struct DoctorCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the terminal, locale, token and connection, and say what is wrong.",
        usage: "twbrowse doctor [<options>]",
        discussion: "Never prints the token: only where it comes from, its last 4 characters and its expiry.\n\n\(ExitCode.help)"
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let connection = try self.connection
        var failures = 0
        func section(_ title: String) { Console.out("\n\(title)") }
        /// `counted: false` marks a line that is not a fault of the set-up (doctor's own output piped).
        func line(_ label: String, _ value: String, ok: Bool = true, counted: Bool = true) {
            if !ok && counted { failures += 1 }
            Console.out("  \(ok ? "✓" : counted ? "✗" : "–") \(label.padded(toUTF16Length: 16)) \(TerminalText.sanitize(value))")
        }
        Console.out("twbrowse \(TWBrowseVersion.string)")

        section("Terminal")
        for (label, value, ok) in TerminalReport.lines(environment: env) {
            // Output into a pipe or file says nothing about the terminal the browser would run in.
            line(label, value, ok: ok, counted: !value.hasSuffix("not a terminal"))
        }

        section("Config")
        let configPath = ProfileConfig.path(environment: env)
        let loaded = ConfigFile.loaded
        line("file", configPath + (FileManager.default.fileExists(atPath: configPath) ? "" : " (none)"), ok: loaded.problem == nil)
        if let problem = loaded.problem { line("problem", problem, ok: false) }
        for (name, reason) in loaded.config.brokenProfiles.sorted(by: { $0.key < $1.key }) {
            line("profile \(name)", "not usable: \(reason)", ok: false)
        }
        if let p = try connection.selectedProfile(environment: env) { line("profile", p.name) }
        else { line("profile", "none selected" + (loaded.config.profiles.isEmpty ? "" : " (\(loaded.config.profiles.keys.sorted().joined(separator: ", ")))")) }

        section("Connection")
        var origin: APIOrigin?
        do {
            origin = try connection.origin()
            line("origin", origin!.description)
        } catch let failure as CLIFailure {
            line("origin", failure.message, ok: false)
        }
        if let v = connection.apiVersion { line("API version", v) }
        let proxies = ProxyEnvironment.variables
            .compactMap { k in env[k].flatMap { $0.isEmpty ? nil : "\(k)=\(ProxyEnvironment.redacted($0))" } }
        line("proxy", proxies.isEmpty ? "none set" : proxies.joined(separator: " "))
        switch CurlTransport.library() {
        case .success(let version): line("https", version)
        case .failure(let failure): line("https", "\(failure)", ok: false)
        }
        var trust: TLSTrust?
        do {
            trust = try connection.trust(environment: env)
            line("trust", trust!.describe(defaultStore: CurlTransport.defaultStore()))
        } catch let failure as CLIFailure {
            line("trust", failure.message, ok: false)
        }
        if let log = connection.logFile ?? env["TWBROWSE_LOG"] { line("request log", log) }

        section("Token")
        var token: AccessToken?
        var provider: OAuthTokenProvider?
        var oauthRefused = false
        do {
            provider = try connection.oauthProvider(environment: env)
        } catch let failure as CLIFailure {
            oauthRefused = true
            line("source", failure.message, ok: false)
        }
        if let provider {
            // Client credentials: ask the token endpoint now, as every command would.
            line("source", "OAuth client credentials (\(provider.identity)); the secret is never shown")
            do {
                let issued = try await provider.token()
                token = issued
                line("token", "issued by the token endpoint, \(issued.masked)")
            } catch {
                line("token", error.message, ok: false)
            }
        } else if !oauthRefused {
            do {
                let loaded = try TokenLoader.load(connection.tokenSource, timeout: connection.effectiveTimeout)
                token = loaded.token
                line("source", "\(connection.tokenSource)")
                line("token", "\(loaded.token.masked)" + (loaded.token.claims == nil ? " (not a JWT: expiry unknown)" : ""))
                for warning in loaded.warnings { line("warning", warning, ok: false) }
            } catch {
                if let problem = connection.profileTokenProblem(environment: env) {
                    line("source", problem.split(separator: "\n").joined(separator: " "), ok: false)
                } else {
                    line("source", "\(connection.tokenSource): \(error.message.split(separator: "\n").first ?? "")", ok: false)
                }
            }
        }
        if let claims = token?.claims {
            let expiry = claims.expiryDescription() ?? "no exp claim"
            line("expiry", expiry, ok: !expiry.hasPrefix("expired"))
            if !claims.scopes.isEmpty { line("scopes", claims.scopes.joined(separator: " ")) }
            if claims.scopes.contains("write") {
                // Not a failure (the token works), but more than a read-only tool should hold.
                Console.out("  ⚠ \("least privilege".padded(toUTF16Length: 16)) this token could write; twbrowse only reads: "
                            + (provider == nil ? "ask for a token with the read scope only" : "set `scopes: [read]` in the profile (it is the default)"))
            }
        }

        if let origin, let token, let trust {
            section("Live check (GET /version)")
            let config = connection.clientConfiguration(origin: origin, token: token, apiVersion: try connection.validatedAPIVersion(),
                                                        tokenProvider: provider, trust: trust)
            let started = Date()
            do {
                let (text, _) = try await TechWolfClient(configuration: config).version()
                line("status", "ok in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
                if origin.url(path: [], query: []).scheme == "https" {
                    line("certificate", "verified for \(origin.host) by \(trust.describe(defaultStore: CurlTransport.defaultStore()))")
                }
                line("version", TerminalText.excerpt(text.trimmingWhitespace(), limit: 120))
            } catch {
                line("status", "\(error.message) (after \(Int(Date().timeIntervalSince(started) * 1000)) ms)", ok: false)
            }
        }
        Console.out(failures == 0 ? "\nAll good." : "\n\(failures) problem\(failures == 1 ? "" : "s") found.")
        if failures > 0 { throw CLIFailure(message: "", code: ExitCode.unexpected) }
    }
}
