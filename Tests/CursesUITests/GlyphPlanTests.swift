import Testing
@testable import CursesUI

@Suite struct GlyphPlanTests {
    /// A stand-in for glibc's wcwidth: wide CJK, narrow U+2764, unknown for U+E0100-like private picks.
    private static func width(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x1F600...0x1F64F, 0x1F468, 0x1F469: 2
        case 0x0300...0x036F, 0x200D, 0xFE0F: 0
        case 0xF0000...: -1
        default: 1
        }
    }

    private func plan(_ text: String, _ columns: Int, _ mode: GlyphMode = .unicode) -> [String] {
        GlyphPlan.pieces(for: text, columns: columns, mode: mode, terminalWidth: Self.width)
            .map { String(String.UnicodeScalarView($0.scalars)) }
    }

    @Test func plainAndWideCharactersAreDrawnAsTheyAre() {
        #expect(plan("a", 1) == ["a"])
        #expect(plan("中", 2) == ["中"])
        #expect(plan("😀", 2) == ["😀"])
    }

    @Test func combiningMarksStayWithTheirBase() {
        #expect(plan("e\u{301}", 1) == ["e\u{301}"])
        #expect(plan("\u{301}", 1) == [" \u{301}"])
    }

    @Test func frameWideButTerminalNarrowGetsAPaddingSpace() {
        // ❤️: the frame counts the emoji presentation as two columns, glibc one.
        #expect(plan("\u{2764}\u{FE0F}", 2) == ["\u{2764}", " "])
    }

    @Test func zwjSequenceIsDrawnAsItsFirstPerson() {
        #expect(plan("\u{1F468}\u{200D}\u{1F469}", 2) == ["\u{1F468}"])
    }

    @Test func widthsThatCannotBeMadeToAgreeBecomeQuestionMarks() {
        #expect(plan("中", 1) == ["?"])
        #expect(plan("\u{F0001}", 2) == ["?", "?"])
    }

    @Test func controlCharactersNeverReachTheTerminal() {
        #expect(plan("\u{1B}", 1) == ["?"])
        #expect(plan("\u{9B}", 1) == ["?"])
    }

    @Test func asciiModeTransliteratesTheUIsSymbols() {
        #expect(plan("─", 1, .ascii) == ["-"])
        #expect(plan("│", 1, .ascii) == ["|"])
        #expect(plan("┌", 1, .ascii) == ["+"])
        #expect(plan("›", 1, .ascii) == [">"])
        #expect(plan("…", 1, .ascii) == ["~"])
        #expect(plan("▲", 1, .ascii) == ["^"])
        #expect(plan("▼", 1, .ascii) == ["v"])
        #expect(plan("•", 1, .ascii) == ["*"])
        #expect(plan("✓", 1, .ascii) == ["+"])
        #expect(plan("✗", 1, .ascii) == ["x"])
        #expect(plan("→", 1, .ascii) == [">"])
        #expect(plan("k", 1, .ascii) == ["k"])
    }

    @Test func asciiModeShowsOtherCharactersAsQuestionMarksOfTheSameWidth() {
        #expect(plan("é", 1, .ascii) == ["?"])
        #expect(plan("中", 2, .ascii) == ["?", "?"])
        #expect(plan("😀", 2, .ascii) == ["?", "?"])
    }

    @Test func codesetDecidesTheMode() {
        #expect(GlyphMode.forCodeset("UTF-8") == .unicode)
        #expect(GlyphMode.forCodeset("utf8") == .unicode)
        #expect(GlyphMode.forCodeset("ANSI_X3.4-1968") == .ascii)
        #expect(GlyphMode.forCodeset("ISO-8859-1") == .ascii)
    }
}
