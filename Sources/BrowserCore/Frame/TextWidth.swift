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
        return isWide(v) ? 2 : 1
    }

    /// East Asian Wide or Fullwidth, from the generated `wideRanges` (emoji with default emoji presentation
    /// are among them).
    static func isWide(_ v: UInt32) -> Bool {
        if v < 0x1100 { return false }
        var low = 0, high = wideRanges.count - 1
        while low <= high {
            let mid = (low + high) / 2
            let range = wideRanges[mid]
            if v < range.lowerBound { high = mid - 1 } else if v > range.upperBound { low = mid + 1 } else { return true }
        }
        return false
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
