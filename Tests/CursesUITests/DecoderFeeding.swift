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
