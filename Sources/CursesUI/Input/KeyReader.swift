import BrowserCore
import CNcursesw
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads every key ncurses has for us right now (no-delay mode) and decodes them.
struct KeyReader {
    private(set) var decoder = KeyDecoder()

    /// Reads until `wget_wch` says ERR. `sawInput` tells the loop whether anything at all was read, so an
    /// input descriptor that polls readable yet yields nothing (a vanished terminal) can be noticed.
    mutating func readAvailable() -> (inputs: [DecodedInput], sawInput: Bool) {
        var inputs: [DecodedInput] = []
        var sawInput = false
        while true {
            var character: wint_t = 0
            let status = wget_wch(twb_stdscr(), &character)
            if status == twb_err() { break }
            sawInput = true
            let raw: RawInput
            if status == twb_key_code_yes() {
                raw = CursesKeyMap.input(forCode: Int32(bitPattern: character))
            } else {
                raw = Unicode.Scalar(character).map(RawInput.scalar) ?? .ignored
            }
            inputs += decoder.feed(raw)
        }
        inputs += decoder.endOfInput()
        return (inputs, sawInput)
    }

    /// Called when `decoder.flushAfterMilliseconds` passed with no further input.
    mutating func flushPending() -> [DecodedInput] {
        decoder.flush()
    }
}
