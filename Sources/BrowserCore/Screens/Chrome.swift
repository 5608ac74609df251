#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The header, status bar and bottom line around every screen.
enum Chrome {
    static let spinner: [Character] = ["-", "\\", "|", "/"]

    static func breadcrumb(_ state: AppState) -> [String] { breadcrumbParts(state).map(\.text) }

    /// The breadcrumb's parts with the index of the stack entry each belongs to (the connection's, 0).
    static func breadcrumbParts(_ state: AppState) -> [(text: String, entry: Int)] {
        var parts = [(text: state.connection?.label ?? state.connectingTo ?? "not connected", entry: 0)]
        for (i, entry) in state.stack.enumerated() {
            parts += entry.screen.breadcrumb(after: parts.map(\.text), state).map { ($0, i) }
        }
        return parts
    }

    static let headerTitle = " twbrowse "

    /// The header's trail as drawn: where it starts, its room, and each shown part's columns and entry
    /// (nil for the "…" that stands for parts dropped from the left).
    static func headerTrail(_ state: AppState, width: Int) -> (x: Int, room: Int, text: String, spans: [(columns: Range<Int>, entry: Int?)]) {
        let used = TextWidth.of(headerTitle + (state.profileName.map { "[\($0)] " } ?? ""))
        let room = max(0, width - used - TextWidth.of(helpLabel) - 2)
        // Too long: drop from the left, so the current place stays visible.
        let parts = breadcrumbParts(state)
        var dropped = 0
        func shown() -> [(text: String, entry: Int?)] { (dropped > 0 ? [("…", nil)] : []) + parts.dropFirst(dropped).map { ($0.text, $0.entry) } }
        func trail() -> String { shown().map(\.text).joined(separator: " › ") }
        while dropped < parts.count - 1 && TextWidth.of(trail()) > room { dropped += 1 }
        var x = used + 1
        var spans: [(columns: Range<Int>, entry: Int?)] = []
        for part in shown() {
            let w = TextWidth.of(part.text)
            spans.append((x..<min(x + w, used + 1 + room), part.entry))
            x += w + 3
        }
        return (used + 1, room, trail(), spans)
    }

    static let helpLabel = "? help "

    static func header(_ state: AppState, into frame: inout Frame) {
        frame.fill(y: 0, role: .header)
        let used = frame.put(headerTitle + (state.profileName.map { "[\($0)] " } ?? ""), x: 0, y: 0, role: .header)
        let right = helpLabel
        let rightWidth = TextWidth.of(right)
        let trail = headerTrail(state, width: frame.width)
        frame.put(trail.text, x: trail.x, y: 0, role: .header, maxWidth: trail.room)
        if frame.width > used + rightWidth + 20 {
            frame.put(right, x: frame.width - rightWidth, y: 0, role: .header)
        }
    }

    /// Said of a token with the `write` scope: twbrowse only reads.
    static let canWrite = "⚠ token can write"

    static func statusBar(_ state: AppState, into frame: inout Frame) {
        let y = frame.height - 2
        frame.fill(y: y, role: .statusBar)
        var parts: [String] = []
        if let c = state.connection {
            var token = "token \(c.maskedToken)"
            if let exp = c.expiresAt {
                let left = exp.timeIntervalSince(state.now)
                token += left > 0 ? " expires in \(RelativeTime.duration(left))" : " EXPIRED"
            }
            if !c.scopes.isEmpty { token += " · " + c.scopes.joined(separator: " ") }
            parts.append("● \(c.label)")
            parts.append(token)
            if c.canWrite { parts.append(canWrite) }
        } else {
            parts.append(state.connecting ? "connecting…" : "○ not connected")
        }
        if state.isBusy {
            let s = spinner[state.spinnerFrame % spinner.count]
            if let batch = state.batch {
                parts.append("\(s) \(batch.done)/\(batch.total)")
            } else {
                parts.append("\(s) \(state.pending.count) request\(state.pending.count == 1 ? "" : "s") · Esc cancels")
            }
        }
        let stats = state.cacheStats
        parts.append("cache \(stats.hits) hit\(stats.hits == 1 ? "" : "s"), \(stats.misses) miss\(stats.misses == 1 ? "" : "es")")
        let left = " " + parts.joined(separator: "  ")
        func putLeft() {
            frame.put(left, x: 0, y: y, role: .statusBar)
            // Right after the token, in the warning colour.
            if let i = parts.firstIndex(of: canWrite) {
                let x = 1 + parts[..<i].map { TextWidth.of($0) + 2 }.reduce(0, +)
                frame.put(canWrite, x: x, y: y, role: .warning, maxWidth: max(0, frame.width - x))
            }
        }
        guard let message = state.message else {
            putLeft()
            // While a search is active and nothing else is said: where it stands, at the right, over the
            // end of the connection's part on a narrow terminal.
            if let search = ViewSearching.status(state) {
                let text = "  " + search.text + " "
                frame.put(text, x: max(0, frame.width - TextWidth.of(text)), y: y, role: search.role)
            }
            return
        }
        let role: Role
        switch message.kind {
        case .error: role = .error
        case .warning: role = .warning
        case .success: role = .success
        case .info: role = .statusBar
        }
        let text = message.text + " "
        let leftWidth = TextWidth.of(left)
        if leftWidth + 2 + TextWidth.of(text) <= frame.width {
            putLeft()
            frame.put(text, x: frame.width - TextWidth.of(text), y: y, role: role)
        } else {
            // A message that does not fit beside the connection takes the whole bar until it expires, and
            // wraps upwards over the body's last rows: a cut-off error is worse than a moment without them.
            let lines = RecordLayout.wrap(StyledLine(segments: [(message.text, role)]), width: max(10, frame.width - 2), indent: 0)
            let shown = lines.suffix(min(lines.count, max(1, frame.height - 3)))
            for (i, line) in shown.enumerated() {
                let row = y - shown.count + 1 + i
                frame.fill(y: row, role: .statusBar)
                var x = 1
                for (text, _) in line.segments { x += frame.put(text, x: x, y: row, role: role, ellipsis: false) }
            }
        }
    }

    /// The key hints from the action table, or the prompt of an open text overlay.
    static func bottomLine(_ state: AppState, into frame: inout Frame) {
        let y = frame.height - 1
        frame.fill(y: y, role: .keyHint)
        switch state.overlay {
        case .command(let field):
            prompt(":", field, y: y, into: &frame)
        case .filter(let field), .search(let field):
            prompt("/", field, y: y, into: &frame)
        case .addIDs(let field, _):
            prompt("add IDs (paste many; ⏎ adds, Esc cancels): ", field, y: y, into: &frame)
        case nil:
            for hint in hintSpans(state, width: frame.width) {
                let x = hint.columns.lowerBound
                let keyWidth = frame.put(hint.key, x: x, y: y, role: .keyHintKey)
                frame.put(" " + hint.label + "  ", x: x + keyWidth, y: y, role: .keyHint)
            }
        }
    }

    /// The hints that fit on the bottom line, with the columns each takes (for a click on one). The keys
    /// that step through a search's matches come first while a search is active, and not at all otherwise.
    static func hintSpans(_ state: AppState, width: Int) -> [(key: String, label: String, columns: Range<Int>)] {
        var x = 1
        var out: [(key: String, label: String, columns: Range<Int>)] = []
        let searching = (state.top as? any SearchableScreen)?.search != nil
        let all = ActionTable.hints(for: state.context)
        let steps = all.filter { $0.id == .nextMatch || $0.id == .previousMatch }
        let others = all.filter { $0.id != .nextMatch && $0.id != .previousMatch }
        for hint in (searching ? steps : []) + others {
            let needed = TextWidth.of(hint.key) + TextWidth.of(hint.label) + 3
            guard x + needed <= width else { break }
            out.append((hint.key, hint.label, x..<(x + needed - 1)))
            x += needed
        }
        return out
    }

    static func prompt(_ label: String, _ field: TextField, y: Int, into frame: inout Frame) {
        let used = frame.put(label, x: 0, y: y, role: .accent, maxWidth: frame.width / 2)
        let view = field.viewport(width: frame.width - used - 1)
        frame.put(view.text, x: used, y: y, role: .input, ellipsis: false)
        frame.cursor = (used + view.cursorColumn, y)
    }
}
