#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How the list filters match: text folded once, then searched as bytes.
enum SearchText {
    /// Lower-cased and, when not ASCII, without diacritics: "inge" finds "Ingénieure" (people type names
    /// without accents), and a decomposed "é" from the server and a typed precomposed one fold alike.
    static func fold(_ text: String) -> String {
        let lower = text.lowercased()
        guard lower.utf8.contains(where: { $0 >= 0x80 }) else { return lower }
        var folded = String.UnicodeScalarView()
        for scalar in lower.unicodeScalars where scalar.properties.generalCategory != .nonspacingMark {
            folded.append(latinBase[scalar] ?? scalar)
        }
        return String(folded)
    }

    /// The accented lower-case letters of Latin-1 and their base letters.
    private static let latinBase: [Unicode.Scalar: Unicode.Scalar] = {
        let accented = "àáâãäåçèéêëìíîïñòóôõöùúûüýÿ".unicodeScalars
        let bases = "aaaaaaceeeeiiiinooooouuuuyy".unicodeScalars
        return Dictionary(uniqueKeysWithValues: zip(accented, bases))
    }()

    /// A substring search over UTF-8 bytes of folded text (see `fold`). Unlike `String.contains` it can match
    /// inside a grapheme cluster (a needle "e" matches an "e" followed by a combining mark the server sent
    /// after composition left it alone); for a filter that is more found, never less.
    static func contains(_ haystack: String, _ needle: String) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard n.count <= h.count else { return false }
                guard let first = n.first else { return true }
                let last = h.count - n.count
                var i = 0
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }
}
