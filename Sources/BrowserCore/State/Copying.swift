import TechWolfAPI

/// `y`, `Y` and `c`: what is copied, and the message that confirms it.
enum Copying {
    /// `selection`: what the screen's cursor is on.
    static func copyID(_ selection: Selection?, _ state: inout AppState) -> [Effect] {
        switch selection {
        case .employee(let id)?:
            return copyID(id, "employee ID", &state)
        case .interaction(let key)?:
            return copyID(key.interaction, "interaction ID", &state)
        case nil:
            return []
        }
    }

    /// `key`: the record the screen is about (the one shown, or the selected row of an employee's list).
    static func copyJSON(_ key: InteractionKey?, _ state: inout AppState) -> [Effect] {
        guard let key, let record = state.records[key]?.value else {
            state.show("nothing to copy: the record is not loaded", .warning)
            return []
        }
        // JSONPrinter escapes every control and bidi character, so the copy is inert wherever it is pasted.
        return copy(JSONPrinter.pretty(record.raw), "record \(key.interaction) as JSON", &state)
    }

    static func copyCurl(_ key: InteractionKey?, _ state: inout AppState) -> [Effect] {
        guard let key, let base = state.connection?.baseURL, !base.isEmpty else { return [] }
        let version = state.connection?.apiVersion
        return copyCurl(&state) { () throws(ValidationError) in
            try CurlCommand.interaction(baseURL: base, employee: key.employee, interaction: key.interaction, apiVersion: version)
        }
    }

    /// A curl command, when every part of it passes the rules a request would.
    static func copyCurl(_ state: inout AppState, _ make: () throws(ValidationError) -> String) -> [Effect] {
        do {
            return copy(try make(), "curl command", &state)
        } catch {
            state.show("curl command not copied: invalid \(error.field): \(error.message)", .error)
            return []
        }
    }

    /// An ID is copied only when it is one by the API's rule; a server may send anything as an ID.
    static func copyID(_ id: String, _ what: String, _ state: inout AppState) -> [Effect] {
        switch ClipboardText.id(id, field: what) {
        case .success(let clean): return copy(clean, what, &state)
        case .failure(let error):
            state.show("\(what) not copied: it \(error.message)", .error)
            return []
        }
    }

    /// The most bytes a copy may carry: terminals cap OSC 52 (xterm ~100 KB, tmux less), and beyond that
    /// the copy silently fails, which is worse than saying so.
    static let maxBytes = 74_000

    static func copy(_ raw: String, _ what: String, _ state: inout AppState) -> [Effect] {
        let text = ClipboardText.payload(raw)
        let bytes = text.utf8.count
        guard bytes <= maxBytes else {
            state.show("\(what) is \(bytes / 1024) KiB, too large for the terminal clipboard (max \(maxBytes / 1024) KiB)", .error)
            return []
        }
        if let problem = state.clipboardProblem {
            state.show("sent \(what) (\(bytes) bytes, OSC 52), but \(problem)", .warning)
            return [.copy(text)]
        }
        // The terminal gives no receipt for OSC 52: say what was sent, not that it arrived.
        state.show("copied \(what) to the clipboard (\(bytes) bytes, OSC 52)", .success)
        return [.copy(text)]
    }
}
