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
        var output = ""
        render(into: &output)
        return output
    }

    func render(into output: inout String) {
        switch self {
        case .string(let text):
            JSONText.appendQuoted(text, to: &output)
        case .number(let literal):
            output += literal
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .null:
            output += "null"
        case .array(let items):
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += ", " }
                item.render(into: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, member) in members.enumerated() {
                if index > 0 { output += ", " }
                JSONText.appendQuoted(member.key, to: &output)
                output += ": "
                member.value.render(into: &output)
            }
            output += "}"
        }
    }

    static func appendQuoted(_ text: String, to output: inout String) {
        output += "\""
        // Almost every string needs no escape: appended whole, not scalar by scalar.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            output += text
            output += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
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
