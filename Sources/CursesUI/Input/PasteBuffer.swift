/// The text of one bracketed paste as it arrives, scalar by scalar.
struct PasteBuffer: Equatable {
    /// Beyond this many UTF-8 bytes the rest of a paste is dropped: a runaway paste must not eat memory.
    static let limit = 1 << 20

    private(set) var text = ""
    private(set) var bytes = 0
    private var afterCarriageReturn = false

    /// Terminals send a pasted line break as CR (some as CR LF); either becomes one "\n". Tabs stay;
    /// other control characters have no business in pasted text.
    mutating func append(_ scalar: Unicode.Scalar) {
        let wasCarriageReturn = afterCarriageReturn
        afterCarriageReturn = scalar == "\r"
        let kept: Unicode.Scalar
        switch scalar.value {
        case 0x0D: kept = "\n"
        case 0x0A:
            if wasCarriageReturn { return }
            kept = "\n"
        case 0x09: kept = scalar
        case 0x00...0x1F, 0x7F...0x9F: return
        default: kept = scalar
        }
        let size = UTF8.width(kept)
        guard bytes + size <= Self.limit else { return }
        text.unicodeScalars.append(kept)
        bytes += size
    }

    mutating func append<S: Sequence>(contentsOf scalars: S) where S.Element == Unicode.Scalar {
        for scalar in scalars { append(scalar) }
    }
}
