import BrowserCore
@testable import CursesUI

/// Feeds text to a decoder the way `wget_wch` would deliver it (one code point at a time), then says
/// "no more input", and returns the keys.
func decode(_ text: String, into decoder: inout KeyDecoder, endOfInput: Bool = true) -> [DecodedInput] {
    var out: [DecodedInput] = []
    for scalar in text.unicodeScalars { out += decoder.feed(.scalar(scalar)) }
    if endOfInput { out += decoder.endOfInput() }
    return out
}

func decode(_ text: String) -> [DecodedInput] {
    var decoder = KeyDecoder()
    return decode(text, into: &decoder)
}

func keys(_ list: Key...) -> [DecodedInput] {
    list.map(DecodedInput.key)
}

/// Feeds raw terminal bytes the way the key reader does (`wgetch`: one byte at a time, through the UTF-8
/// assembler), then says "no more input".
func decode(bytes: [UInt8]) -> [DecodedInput] {
    var assembler = UTF8Assembler()
    var decoder = KeyDecoder()
    var out: [DecodedInput] = []
    for byte in bytes {
        for scalar in assembler.push(byte) { out += decoder.feed(.scalar(scalar)) }
    }
    return out + decoder.endOfInput()
}
