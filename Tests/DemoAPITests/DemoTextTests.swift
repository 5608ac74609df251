import Foundation
import Testing
@testable import DemoAPI

/// The demo's hand-written encoders against plain references: the data set's bytes must not change when
/// the encoders are made faster.
@Suite struct DemoTextTests {
    /// JSON string quoting as the data set has always written it, one scalar at a time.
    static func referenceQuoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    @Test func stringsAreQuotedAsBefore() {
        var samples = ["", "plain", "a\"b", "back\\slash", "\u{1B}[31mURGENT\u{1B}[0m hiring\tnow\u{07}", "line\nbreak\r",
                       "\u{08}\u{0C}\u{00}\u{1F}\u{7F}", "Bäckereifachverkäuferin", "機械エンジニア", "데이터 분석가", "🏳️‍🌈 x",
                       String(repeating: "long text ", count: 200)]
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let length = rng.int(in: 0...24)
            samples.append(String(String.UnicodeScalarView((0..<length).compactMap { _ in
                Unicode.Scalar(UInt32(rng.chance(70) ? rng.int(in: 0...0x7F) : rng.int(in: 0x80...0x2FFFF)))
            })))
        }
        for text in samples {
            #expect(JSONText.string(text).rendered == Self.referenceQuoted(text), "\(text.debugDescription)")
            var appended = "x"
            JSONText.appendQuoted(text, to: &appended)
            #expect(appended == "x" + Self.referenceQuoted(text))
        }
    }

    @Test func nestedValuesKeepTheDocumentationStyle() {
        let value = JSONText.object([
            JSONMember("a", .array([.int(1), .null, .bool(true), .bool(false), .number("0.5")])),
            JSONMember("b", .object([])), JSONMember("c", .array([])), JSONMember("d\"", .optionalString(nil)),
        ])
        #expect(value.rendered == #"{"a": [1, null, true, false, 0.5], "b": {}, "c": [], "d\"": null}"#)
    }

    @Test func base64URLMatchesFoundation() {
        for length in 0...40 {
            let text = String((0..<length).map { Character(UnicodeScalar(UInt8(33 + ($0 * 37) % 90))) }) + (length % 3 == 0 ? "é" : "")
            let expected = Data(text.utf8).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
            #expect(DemoToken.base64URL(text) == expected, "\(text)")
        }
        #expect(DemoToken.base64URL(#"{"alg":"HS256","typ":"JWT"}"#) == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")
    }
}

@Suite struct PercentDecodingTests {
    /// The demo's own decoder answers as Foundation's `removingPercentEncoding` did (after `+` → space in forms).
    @Test func matchesFoundation() {
        for text in ["", "plain", "a%20b", "%E2%82%AC", "%e2%82%ac", "%", "%2", "%zz", "100%", "%FF", "%C3%28", "a+b", "%2B", "%00x", "é%41"] {
            #expect(DemoQuery.percentDecoded(Substring(text)) == text.removingPercentEncoding, "\(text)")
            #expect(DemoQuery.decode(Substring(text)) == text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding, "\(text)")
        }
    }
}
