/// Makes untrusted text safe to put on a terminal.
///
/// Every string the server sends (titles are free text) may carry escape sequences that would retitle the
/// window, clear the screen or write the clipboard (OSC 52), or bidi overrides that make text lie about its
/// order. They are replaced by visible, inert placeholders, so what was sent stays readable.
public enum TerminalText {
    /// True for scalars that must never reach a terminal raw.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x00...0x1F, 0x7F...0x9F: return true              // C0, DEL, C1 (0x9B is a one-byte CSI)
        case 0x200B...0x200F: return true                       // zero-width space/joiners, LRM, RLM
        case 0x2028, 0x2029: return true                        // line and paragraph separators
        case 0x202A...0x202E: return true                       // bidi embeddings and overrides
        case 0x2060...0x2064, 0x2066...0x206F: return true      // word joiner, invisible operators, bidi isolates
        case 0xFEFF: return true                                // zero-width no-break space / BOM
        case 0xFFF9...0xFFFB: return true                       // interlinear annotation controls
        case 0xE0000...0xE007F: return true                     // tag characters
        case 0xD800...0xDFFF: return true
        default: return false
        }
    }

    /// The visible stand-in for an unsafe scalar: Control Pictures for C0 (␛ for ESC), ␡ for DEL, and
    /// `<U+XXXX>` for the rest.
    public static func placeholder(for scalar: Unicode.Scalar) -> String {
        let v = scalar.value
        if v < 0x20 { return String(Unicode.Scalar(0x2400 + v)!) }
        if v == 0x7F { return "\u{2421}" }
        let hex = String(v, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// The text with every unsafe scalar replaced by its placeholder. Newlines and tabs are replaced too:
    /// callers lay text out in cells, and a raw newline would break the layout.
    public static func sanitize(_ text: String) -> String {
        if !text.unicodeScalars.contains(where: isUnsafe) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                out.append(contentsOf: placeholder(for: scalar).unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Sanitised and cut to at most `limit` characters (with an ellipsis), for one-line messages.
    public static func excerpt(_ text: String, limit: Int = 120) -> String {
        let clean = sanitize(text)
        if clean.count <= limit { return clean }
        return String(clean.prefix(limit - 1)) + "…"
    }
}
