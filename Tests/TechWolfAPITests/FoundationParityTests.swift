import Foundation
import Testing
@testable import TechWolfAPI

/// The string, number and path helpers give what the Foundation calls they replace gave.
@Suite struct FoundationParityTests {
    static let samples = ["", " ", "\t", "plain", "  both  ", "\tTab\t", "\u{00A0}nbsp\u{3000}", "\r\nline\r\n",
                          "\n\u{2028}x\u{2029}\u{85}", "e\u{301} ", " \u{301}x", "日本 語", "a\u{000B}b\u{000C}", "👩‍💻 "]

    @Test func trimmingMatchesFoundation() {
        for s in Self.samples {
            #expect(s.trimmingSpaces() == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            #expect(s.trimmingWhitespace() == s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            #expect(s.dropFirst().trimmingSpaces() == s.dropFirst().trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func replacingMatchesFoundation() {
        let cases: [(String, String, String)] = [("a-b-c", "-", "+"), ("it's", "'", #"'\''"#), ("one\r\ntwo\nthree", "\n", " "),
                                                  ("aaaa", "aa", "b"), ("x", "y", "z"), ("\u{1B}[1m\u{1B}", "\u{1B}", "\u{1B}\u{1B}"),
                                                  ("tok tok", "tok", "[redacted]"), ("", "a", "b")]
        for (text, target, replacement) in cases {
            #expect(text.replacingEvery(target, with: replacement) == text.replacingOccurrences(of: target, with: replacement),
                    "\(text.debugDescription)")
        }
    }

    /// The JWT payload decoder against Foundation's: every length of random bytes, both alphabets, with and
    /// without padding, and what must be refused.
    @Test func base64URLDecodingMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<70 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let plain = Data(bytes).base64EncodedString()
            let url = plain.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            let unpadded = url.replacingOccurrences(of: "=", with: "")
            for text in [plain, url, unpadded] {
                #expect(TokenClaims.base64URLDecode(text) == Data(bytes), "\(text)")
            }
        }
        for bad in ["a", "abcde", "ab=c", "a===", "ab$d", "ab c", "abc=="] {
            #expect(TokenClaims.base64URLDecode(bad) == nil, "\(bad)")
        }
    }

    @Test func paddingMatchesFoundation() {
        for s in Self.samples + ["a label", "exactly16chars!!", "longer than sixteen characters"] {
            for length in [0, 3, 16, 24] {
                #expect(s.padded(toUTF16Length: length) == s.padding(toLength: length, withPad: " ", startingAt: 0), "\(s.debugDescription) \(length)")
            }
        }
    }

    @Test func numbersFormatLikeStringFormat() {
        for x in [0.0, 0.001, 0.0123, 0.5, 1.05, 2.25, 9.95, 123.456, 1e9, -3.75] {
            #expect(CFormat.string("%.1f s", x) == String(format: "%.1f s", x))
            #expect(CFormat.string("%.2g s", x) == String(format: "%.2g s", x))
            #expect(CFormat.string("%.3f", x) == String(format: "%.3f", x))
        }
        #expect(CFormat.string("int-%08ld", 42) == "int-00000042")
        let long = CFormat.string("%0200ld", 7)
        #expect(long.count == 200 && long.hasSuffix("7") && long.hasPrefix("000"))
    }

    @Test func pathsMatchFoundation() {
        for path in ["~", "~/", "~/x/y", "~/x/", "~root/a", "~no-such-user-here/a", "/abs/~", "rel/path", ""] {
            #expect(LocalPath.expandingTilde(path) == (path as NSString).expandingTildeInPath, "\(path)")
        }
        // Foundation traps on a bare name; the helper answers "" as its documentation says.
        for path in ["/tmp/scratch.tiff", "/tmp/lock/", "/tmp/", "/tmp", "/", "a/b", "a/b/c//", "/a//b"] {
            #expect(LocalPath.parent(of: path) == (path as NSString).deletingLastPathComponent, "\(path)")
        }
        #expect(LocalPath.parent(of: "name") == "")
        #expect(LocalPath.isDirectory("/") == true)
        #expect(LocalPath.isDirectory("/proc/self/status") == false)
        #expect(LocalPath.isDirectory("/no/such/path/at/all") == nil)
    }

    @Test func httpDatesInAllThreeForms() {
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        for text in ["Wed, 21 Oct 2015 07:28:30 GMT", "Wednesday, 21-Oct-15 07:28:30 GMT", "Wed Oct 21 07:28:30 2015",
                     "wed, 21 oct 2015 07:28:30 gmt", "Wed, 21 Oct 2015 07:28:30 UTC"] {
            #expect(RetryPolicy.parseRetryAfter(text, now: now) == 30, "\(text)")
        }
        #expect(RetryPolicy.parseRetryAfter("Wed Oct  1 07:28:30 2015", now: now) == 0, "a past date is no wait")
        for bad in ["Wed, 31 Feb 2015 07:28:30 GMT", "Wed, 21 Oct 2015 25:28:30 GMT", "Wed, 21 Oct 2015 07:28:30 PST",
                    "Xyz, 21 Oct 2015 07:28:30 GMT", "Wed, 21 Foo 2015 07:28:30 GMT", "Wed, 21 Oct 15 07:28:30 GMT",
                    "Wed, 21 Oct 2015 7:28:30 GMT", "21 Oct 2015"] {
            #expect(RetryPolicy.parseRetryAfter(bad, now: now) == nil, "\(bad)")
        }
        let nextYear = Date(timeIntervalSince1970: 1_445_412_480 + 366 * 86_400)  // 2016 is a leap year
        #expect(RetryPolicy.parseRetryAfter("Friday, 21-Oct-16 07:28:00 GMT", now: now) == nextYear.timeIntervalSince(now))
    }
}
