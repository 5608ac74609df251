import TechWolfAPI

/// A one-line text field: the editing keys every field shares (Left/Right, Home/End, Backspace, Delete,
/// Ctrl-U, Ctrl-W, paste). Positions count Characters, so a CJK character or an accented letter moves as one.
public struct TextField: Equatable, Sendable {
    public private(set) var text: String
    public private(set) var cursor: Int
    /// The most characters the field takes; a paste beyond it is cut.
    public let limit: Int
    /// Keeps the line breaks of a paste as a visible "⏎" instead of turning them into spaces.
    public let keepsLineBreaks: Bool

    /// What a pasted line break becomes in a field that keeps them.
    public static let lineBreak: Character = "⏎"

    public init(_ text: String = "", limit: Int = 4096, keepsLineBreaks: Bool = false) {
        self.limit = limit
        self.keepsLineBreaks = keepsLineBreaks
        self.text = String(text.prefix(limit))
        self.cursor = self.text.count
    }

    public var isEmpty: Bool { text.isEmpty }

    /// Applies an editing key, as the action table's text-field rows say; false when the key is not one.
    public mutating func apply(_ key: Key) -> Bool {
        guard let match = ActionTable.match(key, in: .textField) else { return false }
        return edit(match, typed: key.text)
    }

    /// Performs a text-field action; `typed` is what a typed character or a paste inserts. False when the
    /// action is not an editing one.
    public mutating func edit(_ match: ActionMatch, typed: String?) -> Bool {
        switch match.action {
        case .insertText:
            guard let typed else { return false }
            // One line: newlines and tabs in a paste become spaces (multi-line pastes have their own prompt).
            insert(String(typed.map { $0.isNewline ? (keepsLineBreaks ? Self.lineBreak : " ") : ($0 == "\t" ? " " : $0) }))
        case .cursorByCharacter:
            cursor = match.backward ? max(0, cursor - 1) : min(text.count, cursor + 1)
        case .cursorToEnd:
            cursor = match.backward ? 0 : text.count
        case .deleteCharacter where match.backward:
            guard cursor > 0 else { return true }
            text.remove(at: index(cursor - 1))
            cursor -= 1
        case .deleteCharacter:
            guard cursor < text.count else { return true }
            text.remove(at: index(cursor))
        case .deleteToStart:
            text.removeSubrange(text.startIndex..<index(cursor))
            cursor = 0
        case .deleteToEnd:
            text.removeSubrange(index(cursor)..<text.endIndex)
        case .deleteWord:
            var start = cursor
            let chars = Array(text)
            while start > 0 && chars[start - 1] == " " { start -= 1 }
            while start > 0 && chars[start - 1] != " " { start -= 1 }
            text.removeSubrange(index(start)..<index(cursor))
            cursor = start
        default:
            return false
        }
        return true
    }

    /// Control characters, escape sequences and invisible or bidi characters are dropped as they are typed
    /// or pasted: no ID, tenant or token contains them, and a field must never carry them to the screen.
    private mutating func insert(_ s: String) {
        let room = max(0, limit - text.count)
        var clean = s
        if s.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            clean = String(String.UnicodeScalarView(s.unicodeScalars.filter { !TerminalText.isUnsafe($0) }))
        }
        let piece = String(clean.prefix(room))
        let at = index(cursor)
        // A combining mark or a second regional indicator joins the character before it, so the cursor is
        // counted again rather than advanced by the piece's own length (which would point past the end).
        let through = text[..<at] + piece
        text.insert(contentsOf: piece, at: at)
        cursor = min(through.count, text.count)
    }

    private func index(_ offset: Int) -> String.Index {
        text.index(text.startIndex, offsetBy: offset)
    }

    /// What to draw in `width` columns with the cursor visible: the visible text and the cursor's column.
    /// Walks out from the cursor, so the cost follows the width, not the length of a 100 KB paste.
    public func viewport(width: Int, mask: Bool = false) -> (text: String, cursorColumn: Int) {
        guard width > 1 else { return ("", 0) }
        func w(_ c: Character) -> Int { mask ? 1 : TextWidth.of(c) }
        let cursorIndex = index(cursor)
        var start = cursorIndex
        var used = 0
        while start > text.startIndex {
            let before = text.index(before: start)
            let cw = w(text[before])
            if used + cw > width - 1 { break }
            used += cw
            start = before
        }
        let cursorColumn = used
        var end = cursorIndex
        while end < text.endIndex {
            let cw = w(text[end])
            if used + cw > width { break }
            used += cw
            end = text.index(after: end)
        }
        let visible = text[start..<end]
        return (mask ? String(repeating: "•", count: visible.count) : String(visible), cursorColumn)
    }
}
