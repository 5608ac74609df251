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
    private var bytes = UTF8Assembler()

    /// Reads until `wget_wch` says ERR. `sawInput` tells the loop whether anything at all was read, so an
    /// input descriptor that polls readable yet yields nothing (a vanished terminal) can be noticed.
    mutating func readAvailable() -> (inputs: [DecodedInput], sawInput: Bool) {
        var inputs: [DecodedInput] = []
        var sawInput = false
        // Bytes (wgetch), not characters (wget_wch): UTF8Assembler says why.
        while true {
            let value = wgetch(twb_stdscr())
            if value == twb_err() { break }
            sawInput = true
            if value >= twb_key_min() {
                inputs += decoder.feed(CursesKeyMap.input(forCode: value))
            } else if let byte = UInt8(exactly: value) {
                for scalar in bytes.push(byte) { inputs += decoder.feed(.scalar(scalar)) }
            }
        }
        inputs += decoder.endOfInput()
        return (inputs, sawInput)
    }

    /// Called when `decoder.flushAfterMilliseconds` passed with no further input.
    mutating func flushPending() -> [DecodedInput] {
        decoder.flush()
    }
}
