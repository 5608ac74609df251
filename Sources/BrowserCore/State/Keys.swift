import TechWolfAPI

/// The one dispatch from keys to behaviour: the action table says what a key means where the user is,
/// then the prompt or the screen at the top does it. A key the table does not list does nothing.
enum Keys {
    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        let context = state.context
        guard let match = ActionTable.match(key, in: context) else { return [] }
        switch match.action {
        case .forceQuit:
            state.shouldQuit = true
            state.exitStatus = 130
            return [.cancelAll]
        case .redraw:
            return [.repaint]
        case .suspend:
            return [.suspend]
        default:
            break
        }
        if context == .tooSmall {
            // Nothing is visible to act on; q still quits so the user is never stuck.
            if match.action == .quit { state.shouldQuit = true }
            return []
        }
        if let overlay = state.overlay {
            return Prompts.perform(match, typed: key.text, overlay, &state)
        }
        // Not through the top screen: going back or forward replaces the whole stack.
        if match.action == .history { return HistoryNavigation.go(by: match.backward ? -1 : 1, &state) }
        return perform(match, typed: key.text, &state)
    }

    /// An action on the screen at the top: its own, or one every screen answers in its own way.
    static func perform(_ match: ActionMatch, typed: String?, _ state: inout AppState) -> [Effect] {
        switch match.action {
        case .search:
            ViewSearching.open(&state)
            return []
        case .nextMatch, .previousMatch:
            ViewSearching.step(by: match.action == .nextMatch ? 1 : -1, &state)
            return []
        case .back:
            // Esc first ends a search in the view; the next one goes back.
            if ViewSearching.clear(&state) { return [] }
        default:
            break
        }
        return state.withTop { screen, app in
            if let effects = screen.perform(match, typed: typed, &app) { return effects }
            switch match.action {
            case .moveUp: return screen.move(by: -1, &app)
            case .moveDown: return screen.move(by: 1, &app)
            case .pageUp: return screen.page(down: false, &app)
            case .pageDown: return screen.page(down: true, &app)
            case .top: return screen.move(by: Int.min / 2, &app)
            case .bottom: return screen.move(by: Int.max / 2, &app)
            case .open: return screen.open(&app)
            case .back: return screen.back(&app)
            case .refresh: return screen.refresh(&app)
            case .quit:
                if app.stack.count > 1 { return app.pop() }
                app.shouldQuit = true
                return [.cancelAll]
            case .filter:
                if let filter = screen.filter(app) { app.overlay = .filter(TextField(filter, limit: 200)) }
            case .command:
                app.overlay = .command(TextField("", limit: 300))
            case .help:
                app.push(HelpScreen())
            case .copyID:
                return CopyTargets.copyID(screen.copyTarget(app), &app)
            case .copyJSON:
                return CopyTargets.copyJSON(screen.copyTarget(app), &app)
            case .copyCurl:
                return CopyTargets.copyCurl(screen.copyTarget(app), &app)
            case .pager:
                return Export.page(screen.document(app), &app)
            default:
                break
            }
            return []
        }
    }
}

/// The prompts at the bottom (`:`, `/`, `a`): Enter, Esc, Tab, and editing.
enum Prompts {
    static func perform(_ match: ActionMatch, typed: String?, _ overlay: Overlay, _ state: inout AppState) -> [Effect] {
        switch (overlay, match.action) {
        case (.command(let field), .accept):
            state.overlay = nil
            return CommandTable.run(field.text, &state)
        case (.command(let field), .complete):
            let completed = CommandTable.complete(field.text, state)
            state.overlay = .command(TextField(completed.line, limit: 300))
            if !completed.candidates.isEmpty { state.show(completed.candidates.prefix(12).joined(separator: "  ")) }
        case (.command(let field), .deleteCharacter) where match.backward && field.isEmpty:
            state.overlay = nil
        case (.filter, .dismiss):
            setFilter("", &state)
            state.overlay = nil
        case (.filter(let field), .accept):
            state.overlay = nil
            return Navigation.lookUpUnlisted(field.text, &state)
        case (.filter, .moveUp), (.filter, .moveDown):
            // The filter stays; the list moves.
            state.overlay = nil
            return Keys.perform(match, typed: nil, &state)
        case (.search, .dismiss):
            _ = ViewSearching.clear(&state)
            state.overlay = nil
        case (.search, .accept):
            // The search was applied as it was typed; Enter only closes the prompt.
            state.overlay = nil
        case (.search, .nextMatch), (.search, .previousMatch):
            ViewSearching.step(by: match.action == .nextMatch ? 1 : -1, &state)
        case (.addIDs(let field, let employee), .accept):
            state.overlay = nil
            return Batch.add(field.text, employee: employee, &state)
        case (_, .dismiss):
            state.overlay = nil
        case (.command(var field), _):
            if field.edit(match, typed: typed) {
                state.overlay = .command(field)
                // Tab's candidates (an info message) were for the text as it was: they go once it changes.
                if state.message?.kind == .info { state.message = nil }
            }
        case (.addIDs(var field, let employee), _):
            if field.edit(match, typed: typed) { state.overlay = .addIDs(field, employee: employee) }
        case (.filter(var field), _):
            guard field.edit(match, typed: typed) else { return [] }
            state.overlay = .filter(field)
            setFilter(field.text, &state)
        case (.search(var field), _):
            let before = field.text
            guard field.edit(match, typed: typed) else { return [] }
            state.overlay = .search(field)
            if field.text != before { ViewSearching.setQuery(field.text, &state) }
        }
        return []
    }

    static func setFilter(_ text: String, _ state: inout AppState) {
        state.withTop { screen, app in
            screen.setFilter(text, &app)
            return []
        }
    }
}
