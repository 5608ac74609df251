import BrowserCore
import CNcursesw
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

/// The full-screen terminal UI on ncursesw.
public enum CursesTerminal {
    /// Runs the UI until the app says quit or a terminating signal arrives; always restores the terminal.
    /// The app first gets a `.resize` with the screen size. On SIGINT, SIGTERM or SIGHUP (or the terminal
    /// going away) the terminal is restored and the process exits with 128 + the signal number.
    /// `mouse`: report clicks and the wheel (SGR 1006, presses only).
    public static func run(_ app: any TerminalApplication, inbox: EventInbox, noColor: Bool, mouse: Bool = true) throws {
        let mode = LocaleSetup.configure()
        if let problem = TerminalCheck.problem(environment: ProcessInfo.processInfo.environment) {
            throw TerminalError(problem)
        }
        let session = try CursesSession(wakeFD: inbox.wakeWriteFD, noColor: noColor, mouse: mouse)
        let outcome: EventLoop.Outcome
        do {
            defer { session.close() }
            var loop = EventLoop(app: app, inbox: inbox, session: session, mode: mode)
            outcome = try loop.run()
        }
        if case .signal(let signal) = outcome { exit(128 + signal) }
    }
}
