import BrowserCore
import Testing
@testable import CursesUI

@Suite struct KeyDecoderTests {
    @Test func printableCharactersIncludingWideOnes() {
        #expect(decode("aZ~ é中") == keys(.char("a"), .char("Z"), .char("~"), .char(" "), .char("é"), .char("中")))
    }

    @Test func enterTabBackspace() {
        #expect(decode("\r\n\t\u{7F}\u{08}") == keys(.enter, .enter, .tab, .backspace, .backspace))
    }

    @Test func controlLetters() {
        #expect(decode("\u{01}\u{03}\u{0C}\u{1A}") == keys(.ctrl("a"), .ctrl("c"), .ctrl("l"), .ctrl("z")))
    }

    @Test func otherControlBytesAreDropped() {
        #expect(decode("\u{00}\u{1C}\u{1F}\u{85}") == [])
    }

    @Test func loneEscapeIsEscapeOnceInputStops() {
        var decoder = KeyDecoder()
        #expect(decode("\u{1B}", into: &decoder, endOfInput: false) == [])
        #expect(decoder.flushAfterMilliseconds != nil)
        #expect(decoder.endOfInput() == keys(.escape))
        #expect(decoder.flushAfterMilliseconds == nil)
    }

    @Test func doubleEscapeIsTwoEscapes() {
        #expect(decode("\u{1B}\u{1B}") == keys(.escape, .escape))
    }

    @Test func altLetterIsEscapeThenLetter() {
        #expect(decode("\u{1B}x") == keys(.escape, .char("x")))
    }

    @Test(arguments: [
        ("\u{1B}[A", Key.up), ("\u{1B}[B", .down), ("\u{1B}[C", .right), ("\u{1B}[D", .left),
        ("\u{1B}OA", .up), ("\u{1B}OD", .left), ("\u{1B}[1;5A", .up), ("\u{1B}[1;2D", .left),
        ("\u{1B}[H", .home), ("\u{1B}[F", .end), ("\u{1B}OH", .home), ("\u{1B}OF", .end),
        ("\u{1B}[1~", .home), ("\u{1B}[7~", .home), ("\u{1B}[4~", .end), ("\u{1B}[8~", .end),
        ("\u{1B}[5~", .pageUp), ("\u{1B}[6~", .pageDown), ("\u{1B}[3~", .delete), ("\u{1B}[3;5~", .delete),
        ("\u{1B}[Z", .backTab), ("\u{1B}OM", .enter),
        ("\u{1B}OP", .function(1)), ("\u{1B}OS", .function(4)), ("\u{1B}[1;2P", .function(1)),
        ("\u{1B}[11~", .function(1)), ("\u{1B}[15~", .function(5)), ("\u{1B}[17~", .function(6)),
        ("\u{1B}[21~", .function(10)), ("\u{1B}[23~", .function(11)), ("\u{1B}[24~", .function(12)),
        ("\u{1B}[[A", .function(1)), ("\u{1B}[[E", .function(5)),
    ])
    func escapeSequencesNcursesLeftUndecoded(sequence: String, key: Key) {
        #expect(decode(sequence) == keys(key))
    }

    @Test func altArrowsAreTheirOwnKeysForTheHistory() {
        #expect(decode("\u{1B}[1;3D\u{1B}[1;3C\u{0F}\t") == keys(.altLeft, .altRight, .ctrl("o"), .tab))
        // Other modifiers on the arrows still mean the arrow.
        #expect(decode("\u{1B}[1;5D\u{1B}[1;4C") == keys(.left, .right))
    }

    @Test func unknownSequencesAreSwallowed() {
        #expect(decode("\u{1B}[2~\u{1B}[99~\u{1B}[5u\u{1B}Ox") == [])
    }

    @Test func sequenceFollowedByTextInOneBatch() {
        #expect(decode("\u{1B}[Aj\u{1B}") == keys(.up, .char("j"), .escape))
    }

    @Test func unfinishedSequenceWaitsThenBecomesTypedKeys() {
        var decoder = KeyDecoder()
        #expect(decode("\u{1B}[1", into: &decoder) == [])
        #expect(decoder.flushAfterMilliseconds == 50)
        #expect(decoder.flush() == keys(.escape, .char("["), .char("1")))
    }

    @Test func sequenceSplitAcrossReadsStillDecodes() {
        var decoder = KeyDecoder()
        #expect(decode("\u{1B}[", into: &decoder) == [])
        #expect(decode("6~", into: &decoder) == keys(.pageDown))
    }

    @Test func keysNcursesDecodedPassThrough() {
        var decoder = KeyDecoder()
        #expect(decoder.feed(.key(.up)) == keys(.up))
        #expect(decoder.feed(.resize) == [.resize])
        #expect(decoder.feed(.ignored) == [])
    }

    @Test func escapeBeforeANcursesKeyIsItsOwnKey() {
        var decoder = KeyDecoder()
        _ = decoder.feed(.scalar("\u{1B}"))
        #expect(decoder.feed(.key(.down)) == keys(.escape, .down))
    }
}

@Suite struct MouseDecodingTests {
    @Test func sgrPressesAndWheelBecomeMouseEvents() {
        var decoder = KeyDecoder()
        var out: [DecodedInput] = []
        for scalar in "\u{1B}[<0;5;6M\u{1B}[<0;5;6m\u{1B}[<64;1;1M\u{1B}[<65;10;3M\u{1B}[<32;4;4M\u{1B}[<2;4;4Mx".unicodeScalars {
            out += decoder.feed(.scalar(scalar))
        }
        #expect(out == [.mouse(MouseEvent(.click, x: 4, y: 5)), .mouse(MouseEvent(.wheelUp, x: 0, y: 0)),
                        .mouse(MouseEvent(.wheelDown, x: 9, y: 2)), .key(.char("x"))])
    }

    /// With kmous = ESC [ < in terminfo, ncurses hands over KEY_MOUSE and leaves the rest of the report.
    @Test func reportAfterNcursesKeyMouse() {
        var decoder = KeyDecoder()
        var out = decoder.feed(.mouseReportStart)
        for scalar in "4;7;2M".unicodeScalars { out += decoder.feed(.scalar(scalar)) }
        #expect(out == [.mouse(MouseEvent(.click, x: 6, y: 1))])
    }
}

@Suite struct InvalidUTF8InputTests {
    static func typed(_ bytes: [UInt8]) -> String {
        String(String.UnicodeScalarView(decode(bytes: bytes).compactMap { input -> Unicode.Scalar? in
            guard case .key(.char(let c)) = input else { return nil }
            return c.unicodeScalars.first
        }))
    }

    @Test func anInvalidByteDropsThatByteOnly() {
        #expect(Self.typed([0x61, 0x62, 0xFF, 0x63, 0x64]) == "abcd")
        #expect(Self.typed([0x61, 0xC3, 0x28, 0x65]) == "a(e", "a lead byte followed by ASCII: the lead byte goes")
        #expect(Self.typed([0xE2, 0x82, 0x63, 0x64]) == "cd", "a sequence cut short goes as one")
        #expect(Self.typed([0x80, 0xBF, 0x78]) == "x", "lone continuation bytes")
        #expect(Self.typed([0xC0, 0xAF, 0x2F]) == "/", "an overlong form is not a slash")
        #expect(Self.typed([0xED, 0xA0, 0x80, 0x7A]) == "z", "a surrogate")
        #expect(Self.typed([0xF4, 0x90, 0x80, 0x80, 0x21]) == "!", "past U+10FFFF")
        #expect(Self.typed([0xC3, 0xC3, 0xA9]) == "é", "a lead byte after a lead byte starts again")
    }

    @Test func validTextPassesWhole() {
        let text = "aé€😀中ü\u{10FFFF}z"
        #expect(Self.typed(Array(text.utf8)) == text)
        // Every scalar from every part of the code space, as its own bytes.
        for value in stride(from: 0x20, through: 0x10FFFF, by: 97) {
            guard let scalar = Unicode.Scalar(value), value != 0x7F, !(0x80...0x9F).contains(value) else { continue }
            var assembler = UTF8Assembler()
            let out = Array(String(scalar).utf8).flatMap { assembler.push($0) }
            #expect(out == [scalar], "U+\(String(value, radix: 16))")
        }
    }

    @Test func aPasteWithAStrayByteKeepsTheRest() {
        let bytes: [UInt8] = Array("\u{1B}[200~ab".utf8) + [0xFE] + Array("cd\u{1B}[201~".utf8)
        #expect(decode(bytes: bytes) == keys(.paste("abcd")))
    }
}
