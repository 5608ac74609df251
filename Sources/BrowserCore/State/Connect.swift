import TechWolfAPI

/// The connect form's keys and its submission.
enum Connect {
    static func handleKey(_ key: Key, _ state: inout AppState) -> [Effect] {
        if state.connecting {
            if key == .escape {
                state.connecting = false
                state.form.generalError = "cancelled"
                return [.cancelAll]
            }
            return []
        }
        switch ActionTable.action(for: key, in: .connect) {
        case .nextField?:
            state.form.focus = ConnectForm.Field(rawValue: (state.form.focus.rawValue + 1) % ConnectForm.Field.allCases.count)!
            return []
        case .previousField?:
            let n = ConnectForm.Field.allCases.count
            state.form.focus = ConnectForm.Field(rawValue: (state.form.focus.rawValue + n - 1) % n)!
            return []
        case .submit?:
            return submit(&state)
        case .back?:
            if key == .escape || key == .left && (state.form.values[state.form.focus]?.cursor ?? 0) == 0 {
                if state.stack.count > 1 {
                    state.stack.removeLast()
                } else if key == .escape {
                    state.form.generalError = "Connect first, or press Ctrl-C to quit."
                }
                if key == .escape { return [] }
            }
        case .redraw?:
            return []
        default:
            break
        }
        var field = state.form.values[state.form.focus] ?? TextField()
        if field.apply(key) {
            state.form.values[state.form.focus] = field
            state.form.errors[state.form.focus] = nil
        }
        return []
    }

    /// Validates the form; with no errors, asks the runner to prove the token with `/version`.
    static func submit(_ state: inout AppState) -> [Effect] {
        state.form.generalError = nil
        switch state.form.validate() {
        case .invalid(let errors):
            state.form.errors = errors
            if let first = ConnectForm.Field.allCases.first(where: { errors[$0] != nil }) { state.form.focus = first }
            if state.stack.last != .connect { state.stack.append(.connect) }
            return []
        case .valid(let request):
            state.form.errors = [:]
            state.connecting = true
            return [.connect(request, state.startRequest("connect"))]
        }
    }

    /// A 401 in the middle of a session: ask for a new token on top of where the user is, so that after
    /// reconnecting they are back in exactly the same place.
    static func requireNewToken(_ message: String, _ state: inout AppState) {
        state.form.errors[.token] = message
        state.form.focus = .token
        state.form.values[.token] = TextField("", limit: 16_384)
        // The rejected token must not be offered again.
        state.form.presetToken = nil
        if state.screen != .connect { state.stack.append(.connect) }
    }
}

/// The `:` command line.
enum Commands {
    static func run(_ line: String, _ state: inout AppState) -> [Effect] {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let name = words.first else { return [] }
        let args = Array(words.dropFirst())
        switch name {
        case "q", "quit", "q!":
            state.shouldQuit = true
            return [.cancelAll]
        case "help":
            state.overlay = .help(scroll: 0)
            return []
        case "employee", "e":
            guard args.count == 1 else { state.show("usage: :employee ID", .error); return [] }
            do {
                let id = try Validators.externalID(args[0], field: "employee ID")
                // A jump, not a step deeper: the breadcrumb reads employees › ID.
                state.stack = [.employees]
                return Navigation.openEmployee(id, &state)
            } catch {
                state.show("\(error.field) \(error.message)", .error)
                return []
            }
        case "interaction", "i":
            guard args.count == 2 else { state.show("usage: :interaction EMPLOYEE_ID INTERACTION_ID", .error); return [] }
            do {
                let e = try Validators.externalID(args[0], field: "employee ID")
                let i = try Validators.externalID(args[1], field: "interaction ID")
                let key = InteractionKey(employee: e, interaction: i)
                if !(state.interactionLists[e]?.ids.contains(i) ?? false) { state.lookedUp.insert(key) }
                state.stack = [.employees]
                return Navigation.openEmployee(e, &state) + Navigation.openRecord(key, &state)
            } catch {
                state.show("\(error.field) \(error.message)", .error)
                return []
            }
        case "theme":
            guard args.count == 1 else { state.show("usage: :theme NAME (\(Theme.bundledNames.joined(separator: ", ")))", .error); return [] }
            return [.setTheme(args[0])]
        case "connect":
            if state.screen != .connect { state.stack.append(.connect) }
            state.form.focus = .tenant
            return []
        case "profile":
            guard args.count == 1 else { state.show("usage: :profile NAME (see twbrowse config show)", .error); return [] }
            return [.switchProfile(args[0])]
        case "cache":
            if args == ["clear"] { return [.clearCache] }
            guard args.isEmpty else { state.show("usage: :cache  or  :cache clear", .error); return [] }
            return [.refreshCacheStats(announce: true)]
        default:
            state.show("unknown command :\(name) — try :q, :employee ID, :interaction EMP INT, :theme NAME, :connect, :cache", .error)
            return []
        }
    }
}

