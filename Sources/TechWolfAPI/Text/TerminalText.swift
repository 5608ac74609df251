/// Makes untrusted text safe to put on a terminal.
///
/// Every string the server sends (titles are free text) may carry escape sequences that would retitle the
/// window, clear the screen or write the clipboard (OSC 52), bidi controls that make text lie about its
/// order, or invisible characters that hide part of it. They are replaced by visible, inert placeholders,
/// so what was sent stays readable.
public enum TerminalText {
    /// The most combining marks kept on one base character: enough for any real script, and a "tower" of
    /// thousands cannot cover the lines above and below it.
    public static let maxCombiningMarks = 8

    /// True for scalars that must never reach a terminal raw. Unicode's own data decides: controls (Cc),
    /// format characters (Cf), line and paragraph separators (Zl, Zp), Default_Ignorable_Code_Point (the
    /// invisible ones: fillers, joiners, variation selectors, tags) and Bidi_Control. Only the two
    /// presentation selectors U+FE0E and U+FE0F pass: they pick text or emoji style for the character
    /// before them and hide nothing.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v < 0x20 || v == 0x7F }
        if v == 0xFE0E || v == 0xFE0F { return false }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate: return true
        default: return properties.isDefaultIgnorableCodePoint || properties.isBidiControl
        }
    }

    static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x300 { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    /// The visible stand-in for an unsafe scalar: Control Pictures for C0 (␛ for ESC), ␡ for DEL, and
    /// `<U+XXXX>` for the rest.
    public static func placeholder(for scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x20, let picture = Unicode.Scalar(0x2400 + v) { return String(picture) }
        if v == 0x7F { return "\u{2421}" }
        let hex = String(v, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// The text with every unsafe scalar replaced by its placeholder and every run of combining marks cut
    /// to `maxCombiningMarks`. Newlines and tabs are replaced too: callers lay text out in cells, and a raw
    /// newline would break the layout.
    public static func sanitize(_ text: String) -> String {
        if isClean(text) { return text }
        var out = String.UnicodeScalarView()
        var marks = 0
        for scalar in text.unicodeScalars {
            if isCombiningMark(scalar) {
                marks += 1
                if marks > maxCombiningMarks { continue }
            } else {
                marks = 0
            }
            if isUnsafe(scalar) {
                out.append(contentsOf: placeholder(for: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// True when `sanitize` would return the text unchanged; plain ASCII is decided without Unicode data.
    static func isClean(_ text: String) -> Bool {
        var marks = 0
        for scalar in text.unicodeScalars {
            if scalar.value < 0x80 {
                if scalar.value < 0x20 || scalar.value == 0x7F { return false }
                marks = 0
                continue
            }
            if isUnsafe(scalar) { return false }
            if isCombiningMark(scalar) {
                marks += 1
                if marks > maxCombiningMarks { return false }
            } else {
                marks = 0
            }
        }
        return true
    }

    /// Text for a terminal line by line: each line sanitised, the line breaks kept. For output that is
    /// meant to span lines (JSON, help, reports); everything else uses `sanitize`.
    public static func sanitizeLines(_ text: String) -> String {
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { sanitize(String($0)) }.joined(separator: "\n")
    }

    /// Sanitised and cut to at most `limit` characters (with an ellipsis), for one-line messages.
    public static func excerpt(_ text: String, limit: Int = 120) -> String {
        let clean = sanitize(text)
        if clean.count <= limit { return clean }
        return String(clean.prefix(max(0, limit - 1))) + "…"
    }
}
