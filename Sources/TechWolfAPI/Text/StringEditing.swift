/// The few string edits the project needs beyond the standard library, with the meaning the project's
/// output has always had: trimming and replacing work on Unicode scalars (not grapheme clusters), so a
/// `\r\n` pair or a space before a combining mark is treated as its parts.
extension StringProtocol {
    /// Without spaces and tabs at either end (Unicode category Zs, and U+0009).
    public func trimmingSpaces() -> String {
        trimmingScalars { $0 == "\t" || $0.properties.generalCategory == .spaceSeparator }
    }

    /// Without white space and line breaks at either end (Unicode's White_Space property).
    public func trimmingWhitespace() -> String {
        trimmingScalars { $0.properties.isWhitespace }
    }

    /// Every occurrence of `target` replaced by `replacement`, left to right, matched scalar by scalar.
    /// A plain loop rather than the standard library's generic `replacing(_:with:)`, whose code (string
    /// processing's algorithms) would otherwise be paged in on the way to the first screen.
    public func replacingEvery(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.unicodeScalars)
        guard let first = pattern.first else { return String(self) }
        let source = Array(String(self).unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        while i < source.count {
            if source[i] == first, i + pattern.count <= source.count, source[i..<i + pattern.count].elementsEqual(pattern) {
                result.append(contentsOf: replacement.unicodeScalars)
                i += pattern.count
            } else {
                result.append(source[i])
                i += 1
            }
        }
        return String(result)
    }

    /// Cut or padded with spaces to `length` UTF-16 code units, the unit a label column has always been
    /// measured in.
    public func padded(toUTF16Length length: Int) -> String {
        let units = utf16.count
        if units >= length { return String(decoding: utf16.prefix(length), as: UTF16.self) }
        return String(self) + String(repeating: " ", count: length - units)
    }

    /// Without the scalars `drop` picks at either end.
    public func trimmingScalars(_ drop: (Unicode.Scalar) -> Bool) -> String {
        let scalars = String(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !drop($0) })!
        return String(scalars[first...last])
    }
}
