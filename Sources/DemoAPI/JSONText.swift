/// A JSON value whose objects keep their key order, so records read naturally (`external_id` first) and the
/// text is byte-for-byte reproducible. Numbers are kept as literal text so no floating-point formatting
/// differs between platforms.
indirect enum JSONText: Sendable, Equatable {
    case string(String)
    case number(String)
    case bool(Bool)
    case null
    case array([JSONText])
    case object([JSONMember])

    static func int(_ value: Int) -> JSONText { .number(String(value)) }

    static func optionalString(_ value: String?) -> JSONText { value.map(JSONText.string) ?? .null }

    /// Rendered in the style of the documentation's examples (`", "` and `": "`) on one line.
    var rendered: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(512)
        render(into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Into bytes, not a String: appending many small pieces to a String re-checks and re-flags it each
    /// time, and rendering was most of the time the demo takes to make its employees.
    func render(into output: inout [UInt8]) {
        switch self {
        case .string(let text):
            JSONText.appendQuoted(text, to: &output)
        case .number(let literal):
            output.append(contentsOf: literal.utf8)
        case .bool(let flag):
            output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null:
            output.append(contentsOf: "null".utf8)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                item.render(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { output.append(contentsOf: ", ".utf8) }
                JSONText.appendQuoted(member.key, to: &output)
                output.append(contentsOf: ": ".utf8)
                member.value.render(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        var bytes: [UInt8] = []
        appendQuoted(text, to: &bytes)
        output += String(decoding: bytes, as: UTF8.self)
    }

    static func appendQuoted(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { appendEscaped($0, to: &output) }
        if done == nil { Array(text.utf8).withUnsafeBufferPointer { appendEscaped($0, to: &output) } }
        output.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    private static func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        // Almost every string needs no escape: appended whole, not byte by byte.
        guard utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) else {
            output.append(contentsOf: utf8)
            return
        }
        for byte in utf8 {
            switch byte {
            case 0x22: output.append(contentsOf: #"\""#.utf8)
            case 0x5C: output.append(contentsOf: #"\\"#.utf8)
            case 0x0A: output.append(contentsOf: #"\n"#.utf8)
            case 0x0D: output.append(contentsOf: #"\r"#.utf8)
            case 0x09: output.append(contentsOf: #"\t"#.utf8)
            case 0x08: output.append(contentsOf: #"\b"#.utf8)
            case 0x0C: output.append(contentsOf: #"\f"#.utf8)
            case ..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0xF)])
            default:
                output.append(byte)
            }
        }
    }
}

struct JSONMember: Sendable, Equatable {
    let key: String
    let value: JSONText

    init(_ key: String, _ value: JSONText) {
        self.key = key
        self.value = value
    }
}
