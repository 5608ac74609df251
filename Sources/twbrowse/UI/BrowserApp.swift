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

    init(state: AppState, runner: EffectRunner, theme: Theme) {
        self.state = state
        self.runner = runner
        self.theme = theme
    }

    var isAnimating: Bool { state.isAnimating }

    /// The effects the start-up options ask for (connect, open an employee).
    func start(_ effects: [Effect]) {
        effects.forEach(runner.run)
    }

    func handle(_ event: Event) -> Bool {
        if case .result(.themeChanged(let newTheme)) = event { theme = newTheme }
        state.now = Date()
        let effects = Update.handle(event, &state)
        effects.forEach(runner.run)
        return !state.shouldQuit
    }

    func render(width: Int, height: Int) -> Frame {
        if state.width != width || state.height != height {
            _ = Update.handle(.resize(width: width, height: height), &state)
        }
        return Render.frame(state)
    }
}
