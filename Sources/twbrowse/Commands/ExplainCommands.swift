import ArgumentParser
import BrowserCore
import CursesUI
import Foundation
import TechWolfAPI

struct CompletionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "completions",
        abstract: "Print a shell completion script for bash, zsh or fish.",
        discussion: """
            bash: twbrowse completions bash > ~/.local/share/bash-completion/completions/twbrowse
            zsh:  twbrowse completions zsh > "${fpath[1]}/_twbrowse"
            fish: twbrowse completions fish > ~/.config/fish/completions/twbrowse.fish
            """
    )

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func run() throws {
        guard let kind = CompletionShell(rawValue: shell) else {
            throw CLIFailure(message: "unknown shell '\(TerminalText.excerpt(shell, limit: 20))': use bash, zsh or fish", code: ExitCode.usage)
        }
        print(TWBrowse.completionScript(for: kind))
    }
}

struct DoctorCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the terminal, locale, token and connection, and say what is wrong.",
        discussion: "Never prints the token: only where it comes from, its last 4 characters and its expiry.\n\n\(ExitCode.help)"
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        let connection = try self.connection
        var failures = 0
        func section(_ title: String) { print("\n\(title)") }
        func line(_ label: String, _ value: String, ok: Bool = true) {
            if !ok { failures += 1 }
            print("  \(ok ? "✓" : "✗") \(label.padding(toLength: 16, withPad: " ", startingAt: 0)) \(TerminalText.sanitize(value))")
        }
        print("twbrowse \(TWBrowseVersion.string)")

        section("Terminal")
        for (label, value) in TerminalReport.lines(environment: env) {
            line(label, value, ok: !value.hasPrefix("not possible"))
        }

        section("Config")
        let configPath = ProfileConfig.path(environment: env)
        let loaded = ConfigFile.loaded
        line("file", configPath + (FileManager.default.fileExists(atPath: configPath) ? "" : " (none)"), ok: loaded.problem == nil)
        if let problem = loaded.problem { line("problem", problem, ok: false) }
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
        let proxies = ["https_proxy", "HTTPS_PROXY", "http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"]
            .compactMap { k in env[k].flatMap { $0.isEmpty ? nil : "\(k)=\(Self.redactProxy($0))" } }
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
        do {
            let loaded = try TokenLoader.load(connection.tokenSource)
            token = loaded.token
            line("source", "\(connection.tokenSource)")
            line("token", "\(loaded.token.masked)" + (loaded.token.claims == nil ? " (not a JWT: expiry unknown)" : ""))
            if let claims = loaded.token.claims {
                let expiry = claims.expiryDescription() ?? "no exp claim"
                line("expiry", expiry, ok: !expiry.hasPrefix("expired"))
                if !claims.scopes.isEmpty { line("scopes", claims.scopes.joined(separator: " ")) }
            }
            for warning in loaded.warnings { line("warning", warning, ok: false) }
        } catch {
            line("source", "\(connection.tokenSource): \(error.message.split(separator: "\n").first ?? "")", ok: false)
        }

        if let origin, let token, let trust {
            section("Live check (GET /version)")
            let config = connection.clientConfiguration(origin: origin, token: token, apiVersion: try connection.validatedAPIVersion(), trust: trust)
            let started = Date()
            do {
                let (text, _) = try await TechWolfClient(configuration: config).version()
                line("status", "ok in \(Int(Date().timeIntervalSince(started) * 1000)) ms")
                if origin.url(path: [], query: []).scheme == "https" {
                    line("certificate", "verified for \(origin.host) by \(trust.describe(defaultStore: CurlTransport.defaultStore()))")
                }
                line("version", TerminalText.excerpt(text.trimmingCharacters(in: .whitespacesAndNewlines), limit: 120))
            } catch {
                line("status", "\(error.message) (after \(Int(Date().timeIntervalSince(started) * 1000)) ms)", ok: false)
            }
        }
        print(failures == 0 ? "\nAll good." : "\n\(failures) problem\(failures == 1 ? "" : "s") found.")
        if failures > 0 { throw CLIFailure(message: "", code: ExitCode.unexpected) }
    }

    /// Proxy URLs may carry a password: show the host only.
    static func redactProxy(_ value: String) -> String {
        guard let url = URLComponents(string: value), url.password != nil || url.user != nil else { return value }
        var c = url
        c.user = c.user == nil ? nil : "…"
        c.password = c.password == nil ? nil : "…"
        return c.string ?? "(set)"
    }
}
