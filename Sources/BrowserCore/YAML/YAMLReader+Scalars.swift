/// Scalars (plain, 'single-quoted', "double-quoted") and flow collections (`[a, b]`, `{ k: v }`).
extension YAMLReader {
    enum PlainStop { case colon, comment, flowIndicator, lineEnd }

    /// Where a plain scalar starting at (row, col) ends: `text` after its last non-blank scalar, `next`
    /// at what stopped it.
    func plainEnd(flow: Bool) -> (text: Int, next: Int, stop: PlainStop) {
        let line = lines[row]
        var i = col
        var stop = PlainStop.lineEnd
        while i < line.count {
            let c = line[i]
            let next = i + 1 < line.count ? line[i + 1] : nil
            if c == ":", Self.isBlank(next) || (flow && next.map(Self.isFlowIndicator) == true) {
                stop = .colon
                break
            }
            if c == "#", i > col, Self.isBlank(line[i - 1]) {
                stop = .comment
                break
            }
            if flow, Self.isFlowIndicator(c) {
                stop = .flowIndicator
                break
            }
            i += 1
        }
        var end = i
        while end > col, Self.isBlank(line[end - 1]) { end -= 1 }
        return (end, i, stop)
    }

    static func isFlowIndicator(_ c: Unicode.Scalar) -> Bool {
        c == "," || c == "[" || c == "]" || c == "{" || c == "}"
    }

    /// A plain scalar at (row, col); leaves col after its text. In a flow collection it stops before
    /// `,`, brackets and a `:` that ends a key; on a block line a `: ` inside it is an error.
    mutating func plainScalar(flow: Bool) throws(YAMLError) -> YAMLNode {
        let (line, column) = (row + 1, col + 1)
        if let first = current, first == "-" || first == "?" || first == ":" {
            let next = scalar(row, col + 1)
            if Self.isBlank(next) || (flow && next.map(Self.isFlowIndicator) == true) {
                throw .syntax(line: line, column: column, problem: "unexpected '\(first)'; quote the value")
            }
        }
        let end = plainEnd(flow: flow)
        if end.stop == .colon && !flow {
            throw .syntax(line: line, column: end.next + 1, problem: "': ' inside a value; quote the value")
        }
        let node = YAMLNode(content: .scalar(YAMLScalar(text: text(row, col..<end.text), style: .plain)), line: line, column: column)
        col = end.text
        return node
    }

    /// A quoted scalar at (row, col), which must close on the same line; leaves col after the quote.
    mutating func quotedScalar() throws(YAMLError) -> YAMLNode {
        let (line, column) = (row + 1, col + 1)
        let double = current == "\""
        var out = String.UnicodeScalarView()
        col += 1
        while true {
            guard let c = current else {
                throw .unsupported(line: line, what: "quoted values that continue on the next line are not supported; close the quote on line \(line)")
            }
            col += 1
            if !double {
                if c == "'" {
                    guard current == "'" else { break }
                    col += 1
                }
                out.append(c)
            } else if c == "\"" {
                break
            } else if c == "\\" {
                try escape(into: &out)
            } else {
                out.append(c)
            }
        }
        return YAMLNode(content: .scalar(YAMLScalar(text: String(out), style: double ? .doubleQuoted : .singleQuoted)),
                        line: line, column: column)
    }

    private static let simpleEscapes: [Unicode.Scalar: Unicode.Scalar] = [
        "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}",
        "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
        "L": "\u{2028}", "P": "\u{2029}",
    ]

    /// The escape after a backslash (col is past the backslash).
    private mutating func escape(into out: inout String.UnicodeScalarView) throws(YAMLError) {
        let (line, column) = (row + 1, col)
        guard let c = current else {
            throw .unsupported(line: line, what: "quoted values that continue on the next line are not supported; close the quote on line \(line)")
        }
        col += 1
        if let simple = Self.simpleEscapes[c] {
            out.append(simple)
            return
        }
        let width: Int
        switch c {
        case "x": width = 2
        case "u": width = 4
        case "U": width = 8
        default: throw .syntax(line: line, column: column, problem: "unknown escape '\\\(Self.isForbiddenInMessage(c) ? "?" : String(c))' in a double-quoted value")
        }
        var value: UInt32 = 0
        for _ in 0..<width {
            guard let digit = current, digit.isASCII, let v = UInt32(String(digit), radix: 16) else {
                throw .syntax(line: line, column: column, problem: "'\\\(c)' needs \(width) hexadecimal digits")
            }
            value = value << 4 | v
            col += 1
        }
        guard let decoded = Unicode.Scalar(value) else {
            throw .syntax(line: line, column: column, problem: "'\\\(c)' names no Unicode character")
        }
        out.append(decoded)
    }

    private static func isForbiddenInMessage(_ c: Unicode.Scalar) -> Bool {
        c.properties.generalCategory == .control || c.properties.generalCategory == .format
    }

    // MARK: Flow collections

    /// `[a, b]` or `{ k: v }` at (row, col), over as many lines as it takes; leaves (row, col) after the
    /// closing bracket.
    mutating func flowCollection(depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        let (line, column) = (row + 1, col + 1)
        let isList = current == "["
        let close: Unicode.Scalar = isList ? "]" : "}"
        let unclosed = YAMLError.syntax(line: lines.count, column: (lines.last?.count ?? 0) + 1,
                                        problem: "the \(isList ? "list" : "mapping") opened at line \(line), column \(column) is not closed with '\(close)'")
        col += 1
        var items: [YAMLNode] = []
        var entries: [YAMLNode.Entry] = []
        var seen: Set<String> = []
        while true {
            skipFlowSpace()
            guard let c = current else { throw unclosed }
            if c == close {
                col += 1
                break
            }
            if isList {
                items.append(try flowNode(depth: depth + 1))
            } else {
                let key = try flowKey()
                skipFlowSpace()
                var value = Self.null(key.line - 1, key.column)
                if current == ":" {
                    col += 1
                    skipFlowSpace()
                    if let next = current, next != ",", next != "}" { value = try flowNode(depth: depth + 1) }
                }
                if !seen.insert(key.string ?? "").inserted {
                    throw .syntax(line: key.line, column: key.column, problem: "duplicated key '\(Self.shown(key.string ?? ""))'")
                }
                entries.append(YAMLNode.Entry(key: key, value: value))
            }
            skipFlowSpace()
            guard let after = current else { throw unclosed }
            if after == "," {
                col += 1
            } else if after != close {
                throw .syntax(line: row + 1, column: col + 1, problem: "expected ',' or '\(close)'")
            }
        }
        return YAMLNode(content: isList ? .sequence(items) : .mapping(entries), line: line, column: column)
    }

    private mutating func flowNode(depth: Int) throws(YAMLError) -> YAMLNode {
        guard let first = current else { throw expected("a value") }
        try refuseUnsupportedStart(first)
        switch first {
        case "[", "{": return try flowCollection(depth: depth)
        case "'", "\"": return try quotedScalar()
        default: return try plainScalar(flow: true)
        }
    }

    private mutating func flowKey() throws(YAMLError) -> YAMLNode {
        guard let first = current else { throw expected("a key") }
        try refuseUnsupportedStart(first)
        switch first {
        case "[", "{": throw .unsupported(line: row + 1, what: "a list or mapping as a key is not supported")
        case "'", "\"": return try quotedScalar()
        default: return try plainScalar(flow: true)
        }
    }

    /// Past spaces, tabs, comments and line breaks inside a flow collection; at the end of input, current
    /// is nil on the last line.
    private mutating func skipFlowSpace() {
        while true {
            let before = col
            skipSpaces()
            if current == "#", col == 0 || col > before || Self.isBlank(scalar(row, col - 1)) {
                col = lines[row].count
            }
            guard current == nil, row + 1 < lines.count else { return }
            row += 1
            col = 0
        }
    }
}
