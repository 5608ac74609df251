import BrowserCore
import CursesUI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// Glue between the pure core and the terminal: feeds events to `Update`, hands its effects to the runner,
/// and renders. Runs on the UI thread only.
final class BrowserApp: TerminalApplication {
    private(set) var state: AppState
    private let runner: EffectRunner
    private let terminalRequests: TerminalRequestQueue

    /// `terminalRequests`: where the runner puts what only the terminal can do.
    init(state: AppState, runner: EffectRunner, terminalRequests: TerminalRequestQueue) {
        self.state = state
        self.runner = runner
        self.terminalRequests = terminalRequests
    }

    var theme: Theme { state.theme }

    var isAnimating: Bool { state.isAnimating }


    /// The effects the start-up options ask for (connect, open an employee).
    func start(_ effects: [Effect]) {
        effects.forEach(runner.run)
    }

    func takeTerminalRequests() -> [TerminalRequest] { terminalRequests.take() }

    func handle(_ event: Event) -> Bool {
        state.now = Date()
        Update.handle(event, &state).forEach(runner.run)
        return !state.shouldQuit
    }

    func render() -> Frame { Render.frame(state) }
}

/// The runner's requests for the terminal, taken by the UI thread after each event.
final class TerminalRequestQueue: @unchecked Sendable {
    private let lock = Lock()
    private var requests: [TerminalRequest] = []

    func add(_ request: TerminalRequest) { lock.withLock { requests.append(request) } }

    func take() -> [TerminalRequest] {
        lock.withLock {
            defer { requests = [] }
            return requests
        }
    }
}
