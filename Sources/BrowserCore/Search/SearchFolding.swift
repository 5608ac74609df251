/// How search and the list filters compare text: each scalar lower-cased (Swift's own case mapping) and
/// reduced to its base letters (`table`, from Unicode's canonical decompositions), nonspacing marks dropped.
/// So "ingenieure" finds "Ingénieure", "e" finds "É", and a decomposed "e\u{301}" from the server folds like
/// a typed "é". Case mapping is one scalar at a time: "STRASSE" does not find "straße".
enum SearchFolding {
    /// Calls `body` with each scalar `scalar` folds to (none for a nonspacing mark).
    @inline(__always)
    static func fold(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        let v = scalar.value
        if v < 0x80 {
            body(v >= 0x41 && v <= 0x5A ? Unicode.Scalar(UInt8(v + 0x20)) : scalar)
            return
        }
        forEachBase(scalar) { base in
            for lower in base.properties.lowercaseMapping.unicodeScalars {
                // A lower-case form can bring its own mark (U+0130 "İ" lower-cases to "i" and U+0307).
                forEachBase(lower) { if !isNonspacingMark($0) { body($0) } }
            }
        }
    }

    /// The text folded (see `fold(_:_:)`).
    static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.lowercased() }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { fold(scalar) { out.append($0) } }
        return String(out)
    }

    /// The scalars of `text` folded, for matching scalar by scalar.
    static func scalars(_ text: String) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars { fold(scalar) { out.append($0) } }
        return out
    }

    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && scalar.properties.generalCategory == .nonspacingMark
    }

    /// The base scalars of `scalar` from `table`, or the scalar itself when it has no entry.
    @inline(__always)
    static func forEachBase(_ scalar: Unicode.Scalar, _ body: (Unicode.Scalar) -> Void) {
        guard let entry = entry(scalar.value) else {
            body(scalar)
            return
        }
        for i in 1..<stride where table[entry + i] != 0 {
            if let base = Unicode.Scalar(table[entry + i]) { body(base) }
        }
    }

    /// Values per entry of `table`: the scalar and up to three base scalars.
    static let stride = 4

    /// Where `value`'s entry starts in `table`, by binary search.
    static func entry(_ value: UInt32) -> Int? {
        guard value >= 0xC0 else { return nil }
        var low = 0, high = table.count / stride
        while low < high {
            let mid = (low + high) / 2
            let probe = table[mid * stride]
            if probe == value { return mid * stride }
            if probe < value { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}
