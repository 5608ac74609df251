/// How the list filters match: text folded once, then searched as bytes.
enum SearchText {
    /// Lower-cased and without diacritics (`SearchFolding`, which the search inside views uses too): "inge"
    /// finds "Ingénieure" (people type names without accents), and a decomposed "é" from the server and a
    /// typed precomposed one fold alike.
    static func fold(_ text: String) -> String { SearchFolding.fold(text) }

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
