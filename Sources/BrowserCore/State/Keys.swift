import TechWolfAPI

/// Key handling: overlays first, then the connect form, then the action table.
enum Keys {
    static func handle(_ key: Key, _ state: inout AppState) -> [Effect] {
        if key == .ctrl("c") {
            state.shouldQuit = true
            return [.cancelAll]
        }
        if state.isTooSmall && key != .ctrl("l") {
            // Nothing is visible to act on; q still quits so the user is never stuck.
            if key == .char("q") { state.shouldQuit = true }
            return []
        }
        if let overlay = state.overlay {
            return Overlays.handle(key, overlay, &state)
        }
        if state.screen == .connect {
            return Connect.handleKey(key, &state)
        }
        guard let action = ActionTable.action(for: key, in: state.context) else { return [] }
        return perform(action, &state)
    }

    static func perform(_ action: ActionID, _ state: inout AppState) -> [Effect] {
        state.followEnd = action == .bottom && state.screen == .employees && state.directory.nextOffset != nil
        switch action {
        case .moveUp: Navigation.move(&state, by: -1)
        case .moveDown: return Navigation.move(&state, by: 1)
        case .pageUp: return Navigation.page(&state, down: false)
        case .pageDown: return Navigation.page(&state, down: true)
        case .top: Navigation.move(&state, by: Int.min / 2)
        case .bottom: return Navigation.move(&state, by: Int.max / 2)
        case .open: return Navigation.open(&state)
        case .back: return Navigation.back(&state)
        case .quit:
            if state.stack.count > 1 { return Navigation.pop(&state) }
            state.shouldQuit = true
            return [.cancelAll]
        case .forceQuit:
            state.shouldQuit = true
            return [.cancelAll]
        case .filter:
            state.overlay = .filter(TextField(Navigation.currentFilter(state), limit: 200))
        case .command:
            state.overlay = .command(TextField("", limit: 300))
        case .help:
            state.overlay = .help(scroll: 0)
        case .refresh: return Navigation.refresh(&state)
        case .redraw: break
        case .addInteractions:
            if case .employee = state.screen { state.overlay = .addIDs(TextField("", limit: 2 << 20, keepsLineBreaks: true)) }
        case .toggleJSON:
            state.showJSON.toggle()
            state.recordScroll = 0
        case .nextRecord: return Navigation.step(&state, by: 1)
        case .previousRecord: return Navigation.step(&state, by: -1)
        case .copyID: return Copying.copyID(&state)
        case .copyJSON: return Copying.copyJSON(&state)
        case .copyCurl: return Copying.copyCurl(&state)
        case .nextField, .previousField, .submit: break
        }
        return []
    }
}

/// Keys while an overlay is open.
enum Overlays {
    static func handle(_ key: Key, _ overlay: Overlay, _ state: inout AppState) -> [Effect] {
        switch overlay {
        case .help(let scroll):
            if key == .escape || key == .char("q") || key == .char("?") || key == .left || key == .char("h") {
                state.overlay = nil
                return []
            }
            if key == .char(":") {
                state.overlay = .command(TextField("", limit: 300))
                return []
            }
            var s = scroll
            switch ActionTable.action(for: key, in: .help) {
            case .moveUp: s -= 1
            case .moveDown: s += 1
            case .pageUp: s -= state.bodyHeight - 2
            case .pageDown: s += state.bodyHeight - 2
            case .top: s = 0
            case .bottom: s = Int.max / 2
            default: break
            }
            state.overlay = .help(scroll: max(0, min(s, HelpContent.lineCount(width: state.width) - 1)))
            return []

        case .command(var field):
            switch key {
            case .escape:
                state.overlay = nil
            case .enter:
                state.overlay = nil
                return Commands.run(field.text, &state)
            case .backspace where field.isEmpty:
                state.overlay = nil
            default:
                _ = field.apply(key)
                state.overlay = .command(field)
            }
            return []

        case .filter(var field):
            switch key {
            case .escape:
                Navigation.setFilter("", &state)
                state.overlay = nil
            case .enter, .down, .up:
                state.overlay = nil
                if key != .enter { return Keys.handle(key, &state) }
            default:
                _ = field.apply(key)
                state.overlay = .filter(field)
                Navigation.setFilter(field.text, &state)
            }
            return []

        case .addIDs(var field):
            switch key {
            case .escape:
                state.overlay = nil
            case .enter:
                state.overlay = nil
                guard case .employee(let employee) = state.screen else { return [] }
                return Batch.add(field.text, employee: employee, &state)
            default:
                _ = field.apply(key)
                state.overlay = .addIDs(field)
            }
            return []
        }
    }
}
