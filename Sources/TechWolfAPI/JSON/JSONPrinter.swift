/// Prints `JSONValue` trees. String contents are escaped so that the output is inert in a terminal:
/// control characters, C1 controls, bidi overrides and invisible format characters become `\uXXXX`.
public enum JSONPrinter {
    public enum TokenKind: Sendable, Equatable {
        case punctuation, key, string, number, bool, null
    }

    public struct Token: Sendable, Equatable {
        public let kind: TokenKind
        public let text: String
    }

    /// One line of pretty-printed JSON: its indentation depth and its tokens (for colouring by a theme).
    public struct Line: Sendable, Equatable {
        public let indent: Int
        public var tokens: [Token]
        public var text: String { String(repeating: "  ", count: indent) + tokens.map(\.text).joined() }
    }

    public static func pretty(_ value: JSONValue) -> String {
        lines(value).map(\.text).joined(separator: "\n")
    }

    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        writeCompact(value, into: &out)
        return out
    }

    public static func lines(_ value: JSONValue) -> [Line] {
        var result: [Line] = [Line(indent: 0, tokens: [])]
        emit(value, indent: 0, into: &result)
        return result
    }

    private static func emit(_ value: JSONValue, indent: Int, into lines: inout [Line]) {
        func append(_ kind: TokenKind, _ text: String) { lines[lines.count - 1].tokens.append(Token(kind: kind, text: text)) }
        switch value {
        case .null: append(.null, "null")
        case .bool(let b): append(.bool, b ? "true" : "false")
        case .number(let n): append(.number, n)
        case .string(let s): append(.string, quoted(s))
        case .array(let elements):
            if elements.isEmpty { append(.punctuation, "[]"); return }
            append(.punctuation, "[")
            for (i, element) in elements.enumerated() {
                lines.append(Line(indent: indent + 1, tokens: []))
                emit(element, indent: indent + 1, into: &lines)
                if i < elements.count - 1 { append(.punctuation, ",") }
            }
            lines.append(Line(indent: indent, tokens: [Token(kind: .punctuation, text: "]")]))
        case .object(let members):
            if members.isEmpty { append(.punctuation, "{}"); return }
            append(.punctuation, "{")
            for (i, member) in members.enumerated() {
                lines.append(Line(indent: indent + 1, tokens: [Token(kind: .key, text: quoted(member.key)), Token(kind: .punctuation, text: ": ")]))
                emit(member.value, indent: indent + 1, into: &lines)
                if i < members.count - 1 { append(.punctuation, ",") }
            }
            lines.append(Line(indent: indent, tokens: [Token(kind: .punctuation, text: "}")]))
        }
    }

    private static func writeCompact(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): out += quoted(s)
        case .array(let elements):
            out += "["
            for (i, e) in elements.enumerated() {
                if i > 0 { out += "," }
                writeCompact(e, into: &out)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, m) in members.enumerated() {
                if i > 0 { out += "," }
                out += quoted(m.key)
                out += ":"
                writeCompact(m.value, into: &out)
            }
            out += "}"
        }
    }

    public static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if TerminalText.isUnsafe(scalar) {
                    out += unicodeEscape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    private static func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        func hex4(_ v: UInt32) -> String {
            let h = String(v, radix: 16)
            return "\\u" + String(repeating: "0", count: max(0, 4 - h.count)) + h
        }
        if scalar.value > 0xFFFF {
            let v = scalar.value - 0x10000
            return hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
        }
        return hex4(scalar.value)
    }
}
