import Foundation
import Testing
@testable import TechWolfAPI

@Suite struct JSONTests {
    @Test func keepsKeyOrderAndNumberText() throws {
        let text = #"{"z": 1, "a": 0.10, "m": [true, null, "x"], "n": -1.5e3}"#
        let value = try JSONParser.parse(text)
        #expect(value.members?.map(\.key) == ["z", "a", "m", "n"])
        #expect(JSONPrinter.compact(value) == #"{"z":1,"a":0.10,"m":[true,null,"x"],"n":-1.5e3}"#)
    }

    @Test func prettyPrintsNestedValues() throws {
        let value = try JSONParser.parse(#"{"a": {"b": []}, "c": [1, {}]}"#)
        #expect(JSONPrinter.pretty(value) == """
            {
              "a": {
                "b": []
              },
              "c": [
                1,
                {}
              ]
            }
            """)
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try JSONParser.parse(#""a\n\u00e9\ud83d\ude00\"""#)
        #expect(value.stringValue == "a\né😀\"")
    }

    @Test(arguments: ["", "{", #"{"a":}"#, "[1,]", "01", "tru", #""\x""#, "{} x", "\"\u{01}\"", "1.", "-"])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        let data = Data([0x22, 0xFF, 0xFE, 0x22])
        #expect(throws: JSONParseError.self) { try JSONParser.parse(data) }
    }

    @Test func limitsNestingDepth() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func printedStringsAreInertInATerminal() throws {
        let hostile = "t\u{1B}]0;pwned\u{07}\u{9B}2J\u{202E}x\u{200B}"
        let quoted = JSONPrinter.quoted(hostile)
        #expect(!quoted.unicodeScalars.contains { TerminalText.isUnsafe($0) })
        #expect(quoted == #""t\u001b]0;pwned\u0007\u009b2J\u202ex\u200b""#)
        // And it parses back to the same text.
        #expect(try JSONParser.parse(quoted).stringValue == hostile)
    }
}

@Suite struct TerminalTextTests {
    @Test func replacesControlsWithVisiblePlaceholders() {
        #expect(TerminalText.sanitize("a\u{1B}[2Jb") == "a␛[2Jb")
        #expect(TerminalText.sanitize("x\u{9B}y") == "x<U+009B>y")
        #expect(TerminalText.sanitize("\u{202E}abc") == "<U+202E>abc")
        #expect(TerminalText.sanitize("tab\there") == "tab␉here")
        #expect(TerminalText.sanitize("日本語 café") == "日本語 café")
    }

    @Test func excerptCutsLongText() {
        let long = String(repeating: "x", count: 500)
        #expect(TerminalText.excerpt(long, limit: 10).count == 10)
    }
}
