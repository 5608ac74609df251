import Foundation
import Testing
@testable import CursesUI

@Suite struct ClipboardSequenceTests {
    @Test func plainAndTmuxWrapped() {
        #expect(Clipboard.osc52("int-a1", inTmux: false) == "\u{1B}]52;c;aW50LWEx\u{07}")
        #expect(Clipboard.osc52("int-a1", inTmux: true) == "\u{1B}]52;c;aW50LWEx\u{07}\u{1B}Ptmux;\u{1B}\u{1B}]52;c;aW50LWEx\u{07}\u{1B}\\")
    }

    @Test func hostileTextTravelsAsInertBase64() {
        let seq = Clipboard.osc52("\u{1B}]0;evil\u{07}\u{9B}", inTmux: false)
        let payload = seq.dropFirst("\u{1B}]52;c;".count).dropLast()
        #expect(!payload.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || (0x80...0x9F).contains($0.value) })
    }
}
