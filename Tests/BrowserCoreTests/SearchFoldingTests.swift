import Foundation
import Testing
@testable import BrowserCore

/// The folding that search and the list filters share: a table generated from Unicode's canonical
/// decompositions, then Swift's lower-casing, nonspacing marks dropped.
@Suite struct SearchFoldingTests {
    static func fold(_ s: String) -> String { SearchFolding.fold(s) }

    @Test func theTableIsSortedAndEveryBaseIsFreeOfMarks() {
        let table = SearchFolding.table
        let stride = SearchFolding.stride
        #expect(table.count % stride == 0 && table.count / stride > 2_000)
        var previous: UInt32 = 0
        for entry in Swift.stride(from: 0, to: table.count, by: stride) {
            let key = table[entry]
            #expect(key > previous, "U+\(String(key, radix: 16)) out of order")
            previous = key
            let bases = table[(entry + 1)..<(entry + stride)].filter { $0 != 0 }
            #expect(!bases.isEmpty && bases != [key], "U+\(String(key, radix: 16)) folds to nothing or to itself")
            for base in bases {
                guard let scalar = Unicode.Scalar(base) else { Issue.record("U+\(String(key, radix: 16)): base is not a scalar"); continue }
                #expect(scalar.properties.generalCategory != .nonspacingMark, "U+\(String(key, radix: 16)) keeps a mark")
            }
            // Padding only at the end of an entry.
            #expect(Array(table[(entry + 1)..<(entry + stride)].drop { $0 != 0 }).allSatisfy { $0 == 0 })
        }
    }

    /// Every scalar: what it folds to holds no nonspacing mark and folds to itself again, and a scalar in the
    /// table folds as its base letters do.
    @Test func everyScalarFoldsToMarkFreeTextThatFoldsToItself() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            var once: [Unicode.Scalar] = []
            SearchFolding.fold(scalar) { once.append($0) }
            var twice: [Unicode.Scalar] = []
            for s in once { SearchFolding.fold(s) { twice.append($0) } }
            if once.contains(where: { $0.properties.generalCategory == .nonspacingMark }) || once != twice {
                Issue.record("U+\(String(value, radix: 16)) folds to \(once.map { String($0.value, radix: 16) }), then \(twice.map { String($0.value, radix: 16) })")
                return
            }
            if let entry = SearchFolding.entry(value) {
                var viaBases: [Unicode.Scalar] = []
                for base in SearchFolding.table[(entry + 1)..<(entry + SearchFolding.stride)] where base != 0 {
                    SearchFolding.fold(Unicode.Scalar(base)!) { viaBases.append($0) }
                }
                #expect(once == viaBases, "U+\(String(value, radix: 16))")
            }
            checked += 1
        }
        #expect(checked == 0x110000 - 0x800)
    }

    @Test func spotChecks() {
        #expect(Self.fold("ü") == "u" && Self.fold("Ü") == "u")
        #expect(Self.fold("Å") == "a" && Self.fold("\u{212B}") == "a", "Å and the Angstrom sign")
        #expect(Self.fold("É") == "e" && Self.fold("e\u{301}") == "e", "precomposed and decomposed")
        #expect(Self.fold("Ingénieure") == "ingenieure")
        // Titlecase and upper-case digraphs lower-case to the one digraph; its compatibility decomposition
        // (D and ž) is not applied.
        #expect(Self.fold("ǅ") == "ǆ" && Self.fold("Ǆ") == "ǆ" && Self.fold("ǆ") == "ǆ")
        #expect(!Self.fold("ǅ").hasPrefix("d"))
        // Vietnamese letters with two marks stacked, precomposed and decomposed.
        #expect(Self.fold("Nguyễn Thị Ở Đà Nẵng") == "nguyen thi o đa nang")
        #expect(Self.fold("e\u{323}\u{302}") == "e" && Self.fold("ệ") == "e" && Self.fold("Ự") == "u")
        // Greek tonos and dialytika.
        #expect(Self.fold("Άλφα") == "αλφα" && Self.fold("ΐ") == "ι" && Self.fold("Ώ") == "ω")
        #expect(Self.fold("İstanbul") == "istanbul")
        // One scalar at a time: ß does not become ss.
        #expect(Self.fold("STRASSE") != Self.fold("straße"))
        // Hangul syllables and kanji stay as they are.
        #expect(Self.fold("한국 機械") == "한국 機械")
        #expect(SearchText.fold("Bäckereifachverkäuferin") == "backereifachverkauferin")
    }

    /// Beside Foundation's diacritic- and case-insensitive folding, for the Latin letters with accents.
    @Test func agreesWithFoundationOnLatinLetters() {
        for value in UInt32(0xC0)...0x24F {
            guard let scalar = Unicode.Scalar(value), SearchFolding.entry(value) != nil else { continue }
            let s = String(scalar)
            #expect(Self.fold(s) == s.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased(), "U+\(String(value, radix: 16)) \(s)")
        }
    }
}
