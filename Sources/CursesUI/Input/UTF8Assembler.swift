/// Turns the terminal's input bytes into scalars. ncurses' `wget_wch`, given an invalid byte in a burst of
/// input, keeps gathering bytes behind it and then gives up on all of them: one stray byte in a paste or
/// a fast-typed word took every character after it. Here an invalid byte, or a sequence cut short, is
/// dropped on its own and decoding starts again at the next byte.
struct UTF8Assembler {
    private var pending: [UInt8] = []

    /// The scalars that `byte` completes (none, one, or — after dropping an unfinished sequence — the
    /// byte itself as ASCII).
    mutating func push(_ byte: UInt8) -> [Unicode.Scalar] {
        if pending.isEmpty {
            switch byte {
            case 0x00...0x7F: return [Unicode.Scalar(byte)]
            case 0xC2...0xF4:
                pending = [byte]
                return []
            default: return []   // a lone continuation byte, or one that never starts a sequence
            }
        }
        guard Self.continues(pending, with: byte) else {
            // The unfinished sequence is the invalid part; the new byte is judged on its own.
            pending = []
            return push(byte)
        }
        pending.append(byte)
        guard pending.count == Self.length(of: pending[0]) else { return [] }
        defer { pending = [] }
        var iterator = pending.makeIterator()
        var decoder = Unicode.UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return [scalar] }
        return []
    }

    private static func length(of lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        default: return 4
        }
    }

    /// The allowed range of each continuation byte (RFC 3629's table): no overlong forms, no surrogates,
    /// nothing past U+10FFFF.
    private static func continues(_ pending: [UInt8], with byte: UInt8) -> Bool {
        guard pending.count == 1 else { return (0x80...0xBF).contains(byte) }
        switch pending[0] {
        case 0xE0: return (0xA0...0xBF).contains(byte)
        case 0xED: return (0x80...0x9F).contains(byte)
        case 0xF0: return (0x90...0xBF).contains(byte)
        case 0xF4: return (0x80...0x8F).contains(byte)
        default: return (0x80...0xBF).contains(byte)
        }
    }
}
