/// Clicks and the wheel, turned into what the keys do: a click selects a list row, a click on the
/// selected row opens it (so a double click opens too), the wheel moves, a breadcrumb part goes back to
/// its screen, a hint runs its key. Everything goes through the same actions as the keyboard.
enum Mouse {
    /// Rows one wheel step moves.
    static let wheelStep = 3

    static func handle(_ event: MouseEvent, _ state: inout AppState) -> [Effect] {
        guard !state.isTooSmall, state.overlay == nil else { return [] }
        switch event.kind {
        case .wheelUp, .wheelDown:
            guard state.context != .connect else { return [] }
            let delta = event.kind == .wheelDown ? wheelStep : -wheelStep
            return state.withTop { screen, app in screen.move(by: delta, &app) }
        case .click:
            if event.y == 0 { return breadcrumbClick(x: event.x, &state) }
            if event.y == state.height - 1 { return hintClick(x: event.x, &state) }
            guard let row = state.top.listRow(at: event.y, state) else { return [] }
            if row.index == row.selected {
                return Keys.perform(ActionMatch(action: .open, backward: false), typed: nil, &state)
            }
            return state.withTop { screen, app in screen.move(by: row.index - row.selected, &app) }
        }
    }

    /// Back to the screen whose part of the breadcrumb was clicked: the screens above it close.
    static func breadcrumbClick(x: Int, _ state: inout AppState) -> [Effect] {
        guard let span = Chrome.headerTrail(state, width: state.width).spans.first(where: { $0.columns.contains(x) }),
              let entry = span.entry else { return [] }
        var effects: [Effect] = []
        while state.stack.count > entry + 1 && state.context != .connect { effects += state.pop() }
        return effects
    }

    /// The hint's key, as if typed.
    static func hintClick(x: Int, _ state: inout AppState) -> [Effect] {
        let context = state.context
        guard let hint = Chrome.hintSpans(state, width: state.width).first(where: { $0.columns.contains(x) }),
              let key = ActionTable.all.first(where: { $0.hint == hint.label && ActionTable.applies($0, in: context) })?.keys.first
        else { return [] }
        return Keys.handle(key, &state)
    }
}
