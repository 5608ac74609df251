import BrowserCore
import CursesUI
import Foundation
import TechWolfAPI

/// Glue between the pure core and the terminal: feeds events to `Update`, hands effects to the runner,
/// and renders. Runs on the UI thread only.
final class BrowserApp: TerminalApplication {
    private(set) var state: AppState
    private let runner: EffectRunner
    private(set) var theme: Theme
    private var terminalWrites: [String] = []
    private let inTmux = ProcessInfo.processInfo.environment["TMUX"].map { !$0.isEmpty } ?? false

    init(state: AppState, runner: EffectRunner, theme: Theme) {
        self.state = state
        self.runner = runner
        self.theme = theme
    }

    var isAnimating: Bool { state.isAnimating }

    var isLoadingFirstScreen: Bool { state.isLoadingFirstScreen }

    /// The effects the start-up options ask for (connect, open an employee).
    func start(_ effects: [Effect]) {
        effects.forEach(perform)
    }

    /// Clipboard writes belong to the terminal; everything else to the runner.
    private func perform(_ effect: Effect) {
        if case .copy(let text) = effect {
            terminalWrites.append(Clipboard.osc52(text, inTmux: inTmux))
        } else {
            runner.run(effect)
        }
    }

    func takeTerminalWrites() -> [String] {
        defer { terminalWrites = [] }
        return terminalWrites
    }

    func handle(_ event: Event) -> Bool {
        if case .result(.themeChanged(let newTheme)) = event { theme = newTheme }
        if case .result(.profileLoaded(let ready)) = event, let newTheme = ready.theme { theme = newTheme }
        state.now = Date()
        let effects = Update.handle(event, &state)
        effects.forEach(perform)
        return !state.shouldQuit
    }

    func render(width: Int, height: Int) -> Frame {
        if state.width != width || state.height != height {
            _ = Update.handle(.resize(width: width, height: height), &state)
        }
        return Render.frame(state)
    }
}
