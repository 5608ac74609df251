import BrowserCore

/// What to write for one cell so the terminal's idea of its width matches the frame's. The frame measures
/// clusters itself; ncurses and the terminal go by `wcwidth` of the first code point, and where the two
/// disagree (an emoji with a variation selector, a ZWJ sequence, a code point the C library does not know)
/// the row would shift. So each cell is drawn as pieces whose `wcwidth` adds up to the frame's columns.
enum GlyphPlan {
    struct Piece: Equatable {
        /// A base character plus at most a few combining marks.
        var scalars: [Unicode.Scalar]
        var columns: Int
    }

    /// Combining marks kept per cell; ncurses holds five code points per cell in all.
    static let maxMarks = 4

    /// `columns` is 2 when the next cell of the frame is the right half ("") of this one.
    /// `terminalWidth` is `wcwidth` in the running program, injected so tests need no locale.
    static func pieces(for text: String, columns: Int, mode: GlyphMode,
                       terminalWidth: (Unicode.Scalar) -> Int) -> [Piece] {
        switch mode {
        case .ascii: asciiPieces(for: text, columns: columns)
        case .unicode: unicodePieces(for: text, columns: columns, terminalWidth: terminalWidth)
        }
    }

    private static let questionMark = Piece(scalars: ["?"], columns: 1)
    private static let space = Piece(scalars: [" "], columns: 1)

    private static func unknown(_ columns: Int) -> [Piece] {
        Array(repeating: questionMark, count: max(columns, 1))
    }

    private static func asciiPieces(for text: String, columns: Int) -> [Piece] {
        let scalars = Array(text.unicodeScalars.filter { $0 != "\u{FE0F}" && $0 != "\u{FE0E}" })
        guard scalars.count == 1, columns == 1, let scalar = scalars.first else {
            return text.isEmpty ? [space] : unknown(columns)
        }
        if (0x20..<0x7F).contains(scalar.value) { return [Piece(scalars: [scalar], columns: 1)] }
        guard let replacement = AsciiTransliteration.character(for: scalar) else { return unknown(1) }
        return [Piece(scalars: Array(replacement.unicodeScalars), columns: 1)]
    }

    private static func unicodePieces(for text: String, columns: Int,
                                      terminalWidth: (Unicode.Scalar) -> Int) -> [Piece] {
        var scalars = text.unicodeScalars.makeIterator()
        guard var base = scalars.next() else { return Array(repeating: space, count: max(columns, 1)) }
        var marks: [Unicode.Scalar] = []
        if isMark(base) {
            // A cluster that starts with a combining mark: ncurses would attach it to the previous cell.
            marks.append(base)
            base = " "
        }
        // Only combining marks stay: ZWJ tails, variation selectors and skin-tone modifiers would make the
        // terminal draw a width nobody measured.
        while let next = scalars.next(), marks.count < maxMarks {
            if isMark(next) { marks.append(next) }
        }
        if isControl(base) || marks.contains(where: isControl) { return unknown(columns) }
        let width = terminalWidth(base)
        let piece = Piece(scalars: [base] + marks, columns: max(width, 0))
        switch (width, columns) {
        case (1, 1), (2, 2): return [piece]
        case (1, 2): return [piece, space]
        default: return unknown(columns)
        }
    }

    private static func isMark(_ scalar: Unicode.Scalar) -> Bool {
        // Variation selectors are marks too, but they change the width a terminal draws.
        if (0xFE00...0xFE0F).contains(scalar.value) || (0xE0100...0xE01EF).contains(scalar.value) { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// Control characters must never reach the terminal raw (frames are sanitised; this is the backstop).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
