import Foundation
import TechWolfAPI

/// The header, status bar and bottom line around every screen.
enum Chrome {
    static let spinner: [Character] = ["-", "\\", "|", "/"]

    static func breadcrumb(_ state: AppState) -> [String] {
        var parts = [state.connection?.label ?? state.connectingTo ?? "not connected"]
        for entry in state.stack { parts += entry.screen.breadcrumb(after: parts, state) }
        return parts
    }

    static func header(_ state: AppState, into frame: inout Frame) {
        frame.fill(y: 0, role: .header)
        let used = frame.put(" twbrowse " + (state.profileName.map { "[\($0)] " } ?? ""), x: 0, y: 0, role: .header)
        let right = "? help "
        let rightWidth = TextWidth.of(right)
        let room = max(0, frame.width - used - rightWidth - 2)
        // Too long: drop from the left, so the current place stays visible.
        let parts = breadcrumb(state)
        var dropped = 0
        func trail() -> String { ((dropped > 0 ? ["…"] : []) + parts.dropFirst(dropped)).joined(separator: " › ") }
        while dropped < parts.count - 1 && TextWidth.of(trail()) > room { dropped += 1 }
        frame.put(trail(), x: used + 1, y: 0, role: .header, maxWidth: room)
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
        parts.append("cache \(stats.hits)h/\(stats.misses)m")
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
            // A message that does not fit beside the connection takes the whole bar until it expires:
            // a cut-off error is worse than a moment without the connection details.
            frame.put(" " + text, x: 0, y: y, role: role)
        }
    }

    /// The key hints from the action table, or the prompt of an open text overlay.
    static func bottomLine(_ state: AppState, into frame: inout Frame) {
        let y = frame.height - 1
        frame.fill(y: y, role: .keyHint)
        switch state.overlay {
        case .command(let field):
            prompt(":", field, y: y, into: &frame)
        case .filter(let field):
            prompt("/", field, y: y, into: &frame)
        case .addIDs(let field, _):
            prompt("add IDs (paste many; ⏎ adds, Esc cancels): ", field, y: y, into: &frame)
        case nil:
            var x = 1
            for hint in ActionTable.hints(for: state.context) {
                let needed = TextWidth.of(hint.key) + TextWidth.of(hint.label) + 3
                guard x + needed <= frame.width else { break }
                x += frame.put(hint.key, x: x, y: y, role: .keyHintKey)
                x += frame.put(" " + hint.label + "  ", x: x, y: y, role: .keyHint)
            }
        }
    }

    static func prompt(_ label: String, _ field: TextField, y: Int, into frame: inout Frame) {
        let used = frame.put(label, x: 0, y: y, role: .accent, maxWidth: frame.width / 2)
        let view = field.viewport(width: frame.width - used - 1)
        frame.put(view.text, x: used, y: y, role: .input, ellipsis: false)
        frame.cursor = (used + view.cursorColumn, y)
    }
}
