import BrowserCore
import CursesUI
import DemoAPI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TechWolfAPI
import Threads

/// Starts the terminal UI from the command line's options.
enum UILauncher {
    struct Options {
        var connection: ConnectionOptions
        var demo: Bool
        var employee: String?
        var interaction: String?
        var worklist: String?
        var theme: String?
        var mouse = true
    }

    static func run(_ options: Options) async throws {
        // Started before the arguments were parsed (EarlyDemo), so its data is made while all this runs.
        let demoServer = options.demo ? EarlyDemo.take() : nil
        let env = ProcessInfo.processInfo.environment
        // Check what the user typed before taking over the screen, so mistakes are plain messages, and
        // before asking for a terminal, so a mistake is not hidden behind "not a terminal".
        if let e = options.employee { _ = try TechWolfClient.employeePath(e) }
        if let e = options.employee, let i = options.interaction { _ = try TechWolfClient.interactionPath(employee: e, interaction: i) }
        if options.interaction != nil && options.employee == nil {
            throw CLIFailure(message: "--interaction needs --employee", code: ExitCode.usage)
        }

        let connection = try options.connection.applyingProfile(environment: env)
        let profile = try options.connection.selectedProfile(environment: env)
        let noColor = env["NO_COLOR"].map { !$0.isEmpty } ?? false
        let theme = try resolveTheme(options.theme ?? env["TWBROWSE_THEME"] ?? profile?.theme, noColor: noColor)
        if let problem = TerminalCheck.problem(environment: env) {
            throw CLIFailure(message: "\(problem)\nThe full-screen browser needs a terminal; the command-line commands work anywhere: twbrowse get, employees, employee, vacancy, check (see twbrowse --help).", code: ExitCode.usage)
        }
        var state = AppState()
        state.profileName = profile?.name
        state.profileNames = ConfigFile.loaded.config.profiles.keys.sorted()
        state.theme = theme
        var worklist: [WorklistEntry] = []
        var worklistSkipped = 0
        var notes: [String] = []

        if let server = demoServer {
            let url = try await server.start()
            state.form = ConnectForm(baseURL: url.absoluteString, presetToken: try AccessToken(DemoServer.demoToken), presetTokenSource: "the demo")
        } else {
            state.form = try await initialForm(connection, env: env, notes: &notes)
        }
        if let path = options.worklist {
            let (entries, problems) = try InputFile.pairs(path)
            worklist += entries
            worklistSkipped = problems.count
            if let first = problems.first {
                notes.append("worklist: \(problems.count) bad line\(problems.count == 1 ? "" : "s") skipped (\(first))")
            }
        }

        let trust = try connection.trust(environment: env)
        let inbox = try EventInbox()
        let terminalRequests = TerminalRequestQueue()
        let log = try connection.requestLog(environment: env)
        let runner = EffectRunner(post: { inbox.post($0) }, makeService: { request in
            // A new service and cache for every connection.
            connection.service(connection.clientConfiguration(origin: request.origin, token: request.token,
                                                              apiVersion: request.apiVersion, tokenProvider: request.tokenProvider,
                                                              trust: trust), log: log)
        }, loadProfile: { name in await profileSwitch(name, base: options.connection, env: env, noColor: noColor) },
           terminal: { terminalRequests.add($0) })
        let startEffects = Update.start(&state, autoConnect: state.form.isComplete, employee: options.employee,
                                        interaction: options.interaction, worklist: worklist, worklistName: options.worklist, worklistSkipped: worklistSkipped)
        if let note = notes.first { state.form.generalError = note }
        let initial = state
        if let demoServer {
            // The data set's own pairs, once it is built: the first frame does not wait for them.
            Task.detached {
                let pairs = await demoServer.dataSet.worklist
                let entries = pairs.enumerated().map { WorklistEntry(line: $0.offset + 1, employee: $0.element.employee, interaction: $0.element.interaction) }
                inbox.post(.result(.worklistAdded(entries)))
            }
        }
        // tmux is asked once, off the UI thread; copies made before it answers say nothing of it.
        Task.detached {
            if let problem = ClipboardRoute.current(environment: env).problem { inbox.post(.result(.clipboardBlocked(problem))) }
        }
        let exitStatus = ExitStatusBox()
        let mouse = options.mouse && ConfigFile.loaded.config.mouse != false
        try await onUIThread {
            // The app lives and dies on the UI thread.
            let app = BrowserApp(state: initial, runner: runner, terminalRequests: terminalRequests)
            app.start(startEffects)
            try CursesTerminal.run(app, inbox: inbox, noColor: noColor, mouse: mouse)
            exitStatus.set(app.state.exitStatus)
        }
        runner.run(.cancelAll)
        if let demoServer { await demoServer.stop() }
        if exitStatus.value != 0 { throw CLIFailure(message: "", code: exitStatus.value) }
    }

    /// Curses blocks in poll() for the whole session; on a thread of its own it leaves both of the
    /// concurrency pool's threads (on a 2-core server) free for network work. Its stack is a main
    /// thread's size: deep renders and ncurses' own frames run there.
    static func onUIThread(_ body: @escaping @Sendable () throws -> Void) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            let started = DetachedThread.start(stackBytes: 8 << 20) {
                do {
                    try body()
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            if !started { continuation.resume(throwing: CLIFailure(message: "cannot start the terminal's thread: the system has no thread to spare", code: ExitCode.unexpected)) }
        }
    }

    /// `:profile NAME`: the profile's settings over the command line's, its token loaded, its theme.
    static func profileSwitch(_ name: String, base: ConnectionOptions, env: [String: String], noColor: Bool) async -> Result<ProfileSwitch, ConfigError> {
        var options = base
        options.profile = name
        // The profile decides the origin and the token, not the flags the session started with.
        options.tenant = nil
        options.region = nil
        options.baseURL = nil
        options.tokenFile = nil
        options.tokenCommand = nil
        options.tokenEnv = nil
        do {
            guard let profile = try options.selectedProfile(environment: env) else { return .failure(ConfigError(message: "no profile \(name)")) }
            let connection = try options.applyingProfile(environment: env)
            var notes: [String] = []
            let form = try await initialForm(connection, env: env, notes: &notes)
            let theme = noColor ? nil : profile.theme.flatMap { try? Theme.resolve($0) }
            return .success(ProfileSwitch(name: name, form: form, theme: theme))
        } catch let failure as CLIFailure {
            return .failure(ConfigError(message: failure.message))
        } catch {
            return .failure(ConfigError(message: "\(error)"))
        }
    }

    static func resolveTheme(_ name: String?, noColor: Bool) throws -> Theme {
        if noColor { return .monochromeFallback }
        guard let name, !name.isEmpty else { return .default }
        do {
            return try Theme.resolve(name)
        } catch {
            throw CLIFailure(message: "theme: \(error.message)", code: ExitCode.usage)
        }
    }

    /// The connect form, prefilled from options and the environment. A token source that fails is not
    /// fatal here: the form opens with the problem shown next to the token field.
    static func initialForm(_ c: ConnectionOptions, env: [String: String], notes: inout [String]) async throws -> ConnectForm {
        let base = c.explicitBaseURL(environment: env)
        // Invalid values given on the command line are refused before the screen is taken over.
        if base != nil || (c.tenant != nil && c.region != nil) { _ = try c.origin() }
        _ = try c.validatedAPIVersion()
        var preset: AccessToken?
        var tokenError: String?
        var provider: OAuthTokenProvider?
        var source: String
        switch c.tokenSource {
        case .environment(let name): source = name
        case .file(let path): source = path
        case .command: source = "--token-command"
        }
        if let oauth = try c.oauthProvider(environment: env) {
            provider = oauth
            source = "OAuth client credentials"
            do { preset = try await oauth.token() } catch { tokenError = error.message }
        } else {
            do {
                let loaded = try TokenLoader.load(c.tokenSource, environment: env, timeout: c.effectiveTimeout)
                preset = loaded.token
                notes += loaded.warnings
            } catch {
                // No TECHWOLF_TOKEN is normal (the form asks); a file, a command or a profile's variable
                // that fails is worth saying.
                if let problem = c.profileTokenProblem(environment: env) { tokenError = problem }
                else if case .environment = c.tokenSource {} else { tokenError = error.message }
            }
        }
        var form = ConnectForm(tenant: c.tenant ?? env["TECHWOLF_TENANT"] ?? "", region: c.region ?? env["TECHWOLF_REGION"] ?? "",
                               apiVersion: c.apiVersion ?? "", baseURL: base ?? "", presetToken: preset, presetTokenSource: source)
        form.presetTokenProvider = provider
        if let tokenError {
            form.errors[.token] = tokenError
            form.focus = .token
        }
        return form
    }
}

/// The browser's exit status, handed from the UI thread back to the launcher.
final class ExitStatusBox: @unchecked Sendable {
    private let lock = Lock()
    private var status: Int32 = 0
    var value: Int32 { lock.withLock { status } }
    func set(_ value: Int32) { lock.withLock { status = value } }
}
