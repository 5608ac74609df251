/// Terminal column widths per grapheme cluster, computed here rather than with `wcwidth`: `wcwidth` depends on
/// the process locale (it answers -1 for everything non-ASCII under `LANG=C`) and on the C library's Unicode
/// version, and the layout must be the same in tests, under any locale, and on any machine.
public enum TextWidth {
    /// Columns a string occupies.
    public static func of(_ text: String) -> Int {
        if let n = printableASCIICount(text) { return n }
        var total = 0
        for cluster in text { total += of(cluster) }
        return total
    }

    /// The length of text made only of printable ASCII (one column per byte), else nil: most of what is
    /// drawn, and it needs no grapheme breaking.
    static func printableASCIICount(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes in
            for b in bytes where b < 0x20 || b > 0x7E { return nil }
            return bytes.count
        }
    }

    /// Columns one grapheme cluster occupies: 0, 1 or 2.
    public static func of(_ cluster: Character) -> Int {
        let scalars = cluster.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.isASCII { return first.value >= 0x20 && first.value != 0x7F ? 1 : 0 }
        var width = scalarWidth(first)
        if width == 0 {
            // A cluster that starts with a combining mark (after sanitising) still takes a column.
            width = scalars.contains { scalarWidth($0) > 0 } ? 1 : 0
        }
        // Emoji presentation selector: the terminal draws the cluster wide.
        if width == 1 && scalars.contains(where: { $0.value == 0xFE0F }) { width = 2 }
        return width
    }

    /// A cluster with a flood of combining marks is cut to a few: its width does not change, and a terminal
    /// need not receive kilobytes for one cell.
    public static func clamp(_ cluster: Character) -> String {
        let scalars = cluster.unicodeScalars
        if scalars.count <= 8 { return String(cluster) }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars.prefix(8))
        return String(out)
    }

    static func scalarWidth(_ s: Unicode.Scalar) -> Int {
        let v = s.value
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1160...0x11FF).contains(v) || v == 0x200B { return 0 }   // Hangul medial vowels/finals, ZWSP
        if isWide(v) { return 2 }
        if s.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// East Asian Wide and Fullwidth ranges (Unicode 15).
    static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x23F0, 0x23F3, 0x25FD...0x25FE,
             0x2614...0x2615, 0x2648...0x2653, 0x267F, 0x2693, 0x26A1, 0x26AA...0x26AB, 0x26BD...0x26BE,
             0x26C4...0x26C5, 0x26CE, 0x26D4, 0x26EA, 0x26F2...0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705,
             0x270A...0x270B, 0x2728, 0x274C, 0x274E, 0x2753...0x2755, 0x2757, 0x2795...0x2797, 0x27B0, 0x27BF,
             0x2B1B...0x2B1C, 0x2B50, 0x2B55, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
             0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F,
             0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x16FE0...0x16FE4, 0x17000...0x18CFF, 0x1B000...0x1B2FF,
             0x1F004, 0x1F0CF, 0x1F18E, 0x1F191...0x1F19A, 0x1F200...0x1F251, 0x1F300...0x1F64F, 0x1F680...0x1F6FF,
             0x1F7E0...0x1F7EB, 0x1F90C...0x1F9FF, 0x1FA70...0x1FAFF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// The longest prefix of `text` that fits in `columns`.
    public static func prefix(_ text: String, columns: Int) -> String {
        var used = 0
        var out = ""
        for c in text {
            let w = of(c)
            if used + w > columns { break }
            used += w
            out.append(c)
        }
        return out
    }

    /// `text` padded with spaces (or cut with "…") to exactly `columns`.
    public static func fit(_ text: String, columns: Int) -> String {
        let w = of(text)
        if w <= columns { return text + String(repeating: " ", count: columns - w) }
        guard columns > 0 else { return "" }
        let cut = prefix(text, columns: columns - 1) + "…"
        return cut + String(repeating: " ", count: max(0, columns - of(cut)))
    }
}
