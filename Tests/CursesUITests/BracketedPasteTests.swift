import BrowserCore
import Testing
@testable import CursesUI

@Suite struct BracketedPasteTests {
    private let start = "\u{1B}[200~"
    private let end = "\u{1B}[201~"

    @Test func pasteBecomesOneKey() {
        #expect(decode("a\(start)hello wörld 中\(end)b") == keys(.char("a"), .paste("hello wörld 中"), .char("b")))
    }

    @Test func lineBreaksBecomeNewlines() {
        #expect(decode("\(start)one\rtwo\r\nthree\nfour\(end)") == keys(.paste("one\ntwo\nthree\nfour")))
    }

    @Test func controlCharactersAreDroppedTabsKept() {
        #expect(decode("\(start)a\tb\u{07}c\u{1B}d\(end)") == keys(.paste("a\tbcd")))
    }

    @Test func partialEndMarkerInsideTextIsText() {
        #expect(decode("\(start)x\u{1B}[20y\(end)") == keys(.paste("x[20y")))
    }

    @Test func pasteSpanningSeveralReads() {
        var decoder = KeyDecoder()
        #expect(decode("\(start)first ", into: &decoder) == [])
        #expect(decoder.flushAfterMilliseconds == 2_000)
        #expect(decode("second\u{1B}[2", into: &decoder) == [])
        #expect(decode("01~", into: &decoder) == keys(.paste("first second")))
    }

    @Test func pasteWithoutEndMarkerIsDeliveredOnFlush() {
        var decoder = KeyDecoder()
        #expect(decode("\(start)abc\u{1B}[", into: &decoder) == [])
        #expect(decoder.flush() == keys(.paste("abc[")))
    }

    @Test func pasteIsCappedAtOneMebibyte() {
        var decoder = KeyDecoder()
        let chunk = String(repeating: "é", count: 4096)
        _ = decode(start, into: &decoder)
        for _ in 0..<200 { _ = decode(chunk, into: &decoder) }
        let result = decode(end + "q", into: &decoder)
        guard case .key(.paste(let text)) = result.first else {
            Issue.record("no paste")
            return
        }
        #expect(text.utf8.count == PasteBuffer.limit)
        #expect(result.dropFirst() == keys(.char("q"))[...])
    }

    @Test func keysDecodedInsidePasteAreDroppedButResizeKept() {
        var decoder = KeyDecoder()
        _ = decode(start + "a", into: &decoder)
        #expect(decoder.feed(.key(.up)) == [])
        #expect(decoder.feed(.resize) == [.resize])
        #expect(decode("b" + end, into: &decoder) == keys(.paste("ab")))
    }
}
