/// Reads the part of YAML that a config or theme file needs, into `YAMLNode`s:
///   comments; block mappings and sequences (a sequence may sit at its key's indentation); flow
///   sequences `[a, b]` and flow mappings `{ fg: red }` (which may span lines); plain, 'single-quoted' and
///   "double-quoted" scalars (with YAML's escapes); empty values (null); `---` before the document and
///   `...` after it.
/// Everything else is refused with the line it is on: anchors and aliases, tags, block scalars (`|`, `>`),
/// complex keys (`? `), directives, several documents, and values or quoted text that continue on the
/// next line. Also refused: tabs used for indentation, control characters, duplicated keys, nesting
/// deeper than `maxDepth` and text larger than `maxBytes`, so hostile files end in an error, never a
/// crash or a long wait. Every step moves forward through the text: the time taken grows with its size.
struct YAMLReader {
    static let maxBytes = 1 << 20
    static let maxDepth = 64

    /// The document's root node; nil when the text holds no node (empty, or only comments and markers).
    static func read(_ text: String) throws(YAMLError) -> YAMLNode? {
        guard text.utf8.count <= maxBytes else {
            throw .unsupported(line: 1, what: "files larger than \(maxBytes >> 20) MiB are not supported")
        }
        var reader = try YAMLReader(text)
        return try reader.document()
    }

    /// Lines as Unicode scalars, without their line breaks (LF, CRLF or CR). The last line is what follows
    /// the last break, so text ending in a newline ends with an empty line: the end of input is there.
    let lines: [[Unicode.Scalar]]
    /// Leading spaces of each line.
    let indents: [Int]
    var row = 0
    var col = 0

    private init(_ text: String) throws(YAMLError) {
        var lines: [[Unicode.Scalar]] = [[]]
        var afterCR = false
        for scalar in text.unicodeScalars {
            if afterCR {
                afterCR = false
                if scalar == "\n" { continue }
            }
            switch scalar {
            case "\n": lines.append([])
            case "\r":
                lines.append([])
                afterCR = true
            default: lines[lines.count - 1].append(scalar)
            }
        }
        if lines[0].first == "\u{FEFF}" { lines[0].removeFirst() }
        var indents: [Int] = []
        indents.reserveCapacity(lines.count)
        for (index, line) in lines.enumerated() {
            let indent = line.firstIndex { $0 != " " } ?? line.count
            indents.append(indent)
            if let bad = line.firstIndex(where: Self.isForbidden) {
                let hex = String(line[bad].value, radix: 16, uppercase: true)
                throw .syntax(line: index + 1, column: bad + 1,
                              problem: "control character U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex) is not allowed; remove it")
            }
            if indent < line.count, line[indent] == "\t" {
                let rest = line[indent...].drop { $0 == " " || $0 == "\t" }
                if let first = rest.first, first != "#" {
                    throw .syntax(line: index + 1, column: indent + 1, problem: "a tab indents this line; YAML indents with spaces only")
                }
            }
        }
        self.lines = lines
        self.indents = indents
    }

    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F, 0x80...0x84, 0x86...0x9F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    // MARK: Document

    private mutating func document() throws(YAMLError) -> YAMLNode? {
        var r = nextContentRow(0)
        if r < lines.count, lines[r].first == "%" {
            throw .unsupported(line: r + 1, what: "directives (lines starting with %) are not supported")
        }
        if r < lines.count, isMarker(r, "---") {
            try expectNothingAfterMarker(r)
            r = nextContentRow(r + 1)
        }
        guard r < lines.count, !isMarker(r, "...") else {
            try expectEndAfter(r)
            return nil
        }
        row = r
        col = indents[r]
        let root = try blockNode(parentIndent: -1, depth: 0)
        r = nextContentRow(row)
        guard r < lines.count else { return root }
        if isMarker(r, "---") { throw .unsupported(line: r + 1, what: "several documents in one file are not supported") }
        if isMarker(r, "...") {
            try expectEndAfter(r)
            return root
        }
        throw .syntax(line: r + 1, column: indents[r] + 1, problem: "this line is indented less than the document's first line")
    }

    /// After `...` at row `r` (or at the end of input): nothing but comments.
    private func expectEndAfter(_ r: Int) throws(YAMLError) {
        guard r < lines.count else { return }
        try expectNothingAfterMarker(r)
        let next = nextContentRow(r + 1)
        guard next < lines.count else { return }
        if isMarker(next, "---") { throw .unsupported(line: next + 1, what: "several documents in one file are not supported") }
        throw .syntax(line: next + 1, column: indents[next] + 1, problem: "text after the end of the document (...)")
    }

    private func expectNothingAfterMarker(_ r: Int) throws(YAMLError) {
        let rest = lines[r].dropFirst(3).drop { $0 == " " || $0 == "\t" }
        if let first = rest.first, first != "#" {
            throw .unsupported(line: r + 1, what: "a value on the same line as --- or ... is not supported")
        }
    }

    private func isMarker(_ r: Int, _ marker: String) -> Bool {
        let line = lines[r]
        guard line.count >= 3, line[0..<3].elementsEqual(marker.unicodeScalars) else { return false }
        return line.count == 3 || line[3] == " " || line[3] == "\t"
    }

    // MARK: Lines

    /// The first row from `r` on that holds more than spaces, tabs and a comment; `lines.count` if none.
    func nextContentRow(_ r: Int) -> Int {
        var r = r
        while r < lines.count {
            let rest = lines[r][indents[r]...].drop { $0 == "\t" || $0 == " " }
            if let first = rest.first, first != "#" { return r }
            r += 1
        }
        return r
    }

    func scalar(_ r: Int, _ c: Int) -> Unicode.Scalar? {
        r < lines.count && c < lines[r].count ? lines[r][c] : nil
    }

    var current: Unicode.Scalar? { scalar(row, col) }

    static func isBlank(_ scalar: Unicode.Scalar?) -> Bool {
        scalar == nil || scalar == " " || scalar == "\t"
    }

    mutating func skipSpaces() {
        while current == " " || current == "\t" { col += 1 }
    }

    /// After spaces: the end of the line or a comment.
    mutating func atLineEnd() -> Bool {
        skipSpaces()
        return current == nil || current == "#"
    }

    /// Whether row `r` starts a sequence entry (`-` then a space or the end of the line) at column `c`.
    func isEntry(_ r: Int, _ c: Int) -> Bool {
        scalar(r, c) == "-" && Self.isBlank(scalar(r, c + 1))
    }

    func checkDepth(_ depth: Int) throws(YAMLError) {
        if depth > Self.maxDepth {
            throw .unsupported(line: row + 1, what: "nesting deeper than \(Self.maxDepth) levels is not supported")
        }
    }

    // MARK: Block structure

    /// The node starting at (row, col): a sequence, a mapping, or one value on this line. Values on the
    /// following lines must be indented no more than `parentIndent`.
    private mutating func blockNode(parentIndent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        if isEntry(row, col) { return try blockSequence(indent: col, depth: depth) }
        if try startsKey() { return try blockMapping(indent: col, depth: depth) }
        let node = try inlineValue(depth: depth)
        try expectNoContinuation(below: parentIndent)
        return node
    }

    private mutating func blockMapping(indent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        let (startLine, startColumn) = (row + 1, col + 1)
        var entries: [YAMLNode.Entry] = []
        var seen: Set<String> = []
        while true {
            let key = try mappingKey()
            if !seen.insert(key.string ?? "").inserted {
                throw .syntax(line: key.line, column: key.column, problem: "duplicated key '\(Self.shown(key.string ?? ""))'")
            }
            let value = try mappingValue(keyIndent: indent, depth: depth + 1)
            entries.append(YAMLNode.Entry(key: key, value: value))
            let r = nextContentRow(row)
            guard r < lines.count, indents[r] >= indent, !isMarker(r, "---"), !isMarker(r, "...") else { break }
            guard indents[r] == indent else {
                throw .syntax(line: r + 1, column: indents[r] + 1, problem: "this line's indentation matches no key above it")
            }
            if isEntry(r, indent) {
                throw .syntax(line: r + 1, column: indent + 1, problem: "a list entry (-) where a key was expected")
            }
            row = r
            col = indent
        }
        return YAMLNode(content: .mapping(entries), line: startLine, column: startColumn)
    }

    private mutating func blockSequence(indent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        let (startLine, startColumn) = (row + 1, col + 1)
        var items: [YAMLNode] = []
        while true {
            col = indent + 1
            if atLineEnd() {
                let r = nextContentRow(row + 1)
                if r < lines.count, indents[r] > indent, !isMarker(r, "---"), !isMarker(r, "...") {
                    row = r
                    col = indents[r]
                    items.append(try blockNode(parentIndent: indent, depth: depth + 1))
                } else {
                    items.append(Self.null(row, indent + 1))
                    row += 1
                }
            } else {
                try checkDepth(depth + 1)
                let itemColumn = col
                if isEntry(row, itemColumn) {
                    items.append(try blockSequence(indent: itemColumn, depth: depth + 1))
                } else if try startsKey() {
                    items.append(try blockMapping(indent: itemColumn, depth: depth + 1))
                } else {
                    items.append(try inlineValue(depth: depth + 1))
                    try expectNoContinuation(below: indent)
                }
            }
            let r = nextContentRow(row)
            guard r < lines.count, indents[r] >= indent, !isMarker(r, "---"), !isMarker(r, "...") else { break }
            if indents[r] == indent {
                guard isEntry(r, indent) else { break }
                row = r
                continue
            }
            throw .syntax(line: r + 1, column: indents[r] + 1, problem: "this line's indentation matches no list entry above it")
        }
        return YAMLNode(content: .sequence(items), line: startLine, column: startColumn)
    }

    /// Whether a `key:` starts at (row, col); refuses the key forms the subset does not read.
    private mutating func startsKey() throws(YAMLError) -> Bool {
        guard let first = current else { return false }
        try refuseUnsupportedStart(first)
        let (savedRow, savedCol) = (row, col)
        defer { (row, col) = (savedRow, savedCol) }
        switch first {
        case "'", "\"":
            guard (try? quotedScalar()) != nil else { return false }
        case "[", "{":
            return false
        default:
            let end = plainEnd(flow: false)
            guard end.stop == .colon else { return false }
            col = end.next
            return end.text > savedCol
        }
        skipSpaces()
        return current == ":" && Self.isBlank(scalar(row, col + 1))
    }

    /// A key at (row, col) up to and past its colon.
    private mutating func mappingKey() throws(YAMLError) -> YAMLNode {
        guard let first = current else { throw expected("a key") }
        try refuseUnsupportedStart(first)
        let key: YAMLNode
        switch first {
        case "'", "\"":
            key = try quotedScalar()
        case "[", "{":
            throw .unsupported(line: row + 1, what: "a list or mapping as a key is not supported")
        case ":":
            throw .syntax(line: row + 1, column: col + 1, problem: "a key is missing before ':'")
        default:
            let (line, column) = (row + 1, col + 1)
            let end = plainEnd(flow: false)
            guard end.stop == .colon else { throw expected("'key: value'") }
            key = YAMLNode(content: .scalar(YAMLScalar(text: text(row, col..<end.text), style: .plain)), line: line, column: column)
            col = end.next
        }
        skipSpaces()
        guard current == ":", Self.isBlank(scalar(row, col + 1)) else { throw expected("':' after the key") }
        col += 1
        return key
    }

    /// The value after `key:`: on the same line, on the lines below indented more than the key, a list at
    /// the key's own indentation, or nothing (null).
    private mutating func mappingValue(keyIndent: Int, depth: Int) throws(YAMLError) -> YAMLNode {
        try checkDepth(depth)
        let (line, column) = (row, col + 1)
        guard atLineEnd() else {
            if isEntry(row, col) {
                throw .syntax(line: row + 1, column: col + 1, problem: "a list cannot start on its key's line; put each '- ' entry on a line of its own")
            }
            let value = try inlineValue(depth: depth)
            try expectNoContinuation(below: keyIndent)
            return value
        }
        let r = nextContentRow(row + 1)
        if r < lines.count, !isMarker(r, "---"), !isMarker(r, "...") {
            if indents[r] > keyIndent || (indents[r] == keyIndent && isEntry(r, keyIndent)) {
                row = r
                col = indents[r]
                return try blockNode(parentIndent: keyIndent, depth: depth)
            }
        }
        row += 1
        return Self.null(line, column)
    }

    /// After a value that ended its line: the next line must not be indented past `indent` (YAML would
    /// read it as more of the same value).
    private mutating func expectNoContinuation(below indent: Int) throws(YAMLError) {
        let r = nextContentRow(row)
        if r < lines.count, indents[r] > indent {
            throw .unsupported(line: r + 1, what: "values that continue on the next line are not supported; keep a value on one line (quote it if it has ': ' or ' #')")
        }
    }

    // MARK: Values on one line

    /// A scalar or flow collection at (row, col), then nothing but a comment up to the end of its line;
    /// leaves (row, col) at the start of the next line.
    private mutating func inlineValue(depth: Int) throws(YAMLError) -> YAMLNode {
        guard let first = current else { throw expected("a value") }
        try refuseUnsupportedStart(first)
        let node: YAMLNode
        switch first {
        case "[", "{":
            node = try flowCollection(depth: depth)
        case "'", "\"":
            node = try quotedScalar()
        default:
            node = try plainScalar(flow: false)
        }
        guard atLineEnd() else {
            throw .syntax(line: row + 1, column: col + 1, problem: "unexpected text after the value; quote the whole value")
        }
        row += 1
        col = 0
        return node
    }

    /// Refuses what starts a construct the subset does not read, or cannot start a plain value.
    func refuseUnsupportedStart(_ first: Unicode.Scalar) throws(YAMLError) {
        let next = scalar(row, col + 1)
        switch first {
        case "&": throw .unsupported(line: row + 1, what: "anchors (&name) are not supported")
        case "*": throw .unsupported(line: row + 1, what: "aliases (*name) are not supported")
        case "!": throw .unsupported(line: row + 1, what: "tags (!name) are not supported")
        case "|", ">": throw .unsupported(line: row + 1, what: "block scalars (| and >) are not supported; write the value on one line")
        case "?" where Self.isBlank(next): throw .unsupported(line: row + 1, what: "complex keys (? ) are not supported")
        case "%", "@", "`":
            throw .syntax(line: row + 1, column: col + 1, problem: "a value cannot start with '\(first)'; quote it")
        case ",", "]", "}":
            throw .syntax(line: row + 1, column: col + 1, problem: "unexpected '\(first)'")
        default: return
        }
    }

    func expected(_ what: String) -> YAMLError {
        .syntax(line: row + 1, column: col + 1, problem: "expected \(what)")
    }

    static func null(_ row: Int, _ column: Int) -> YAMLNode {
        YAMLNode(content: .scalar(YAMLScalar(text: "", style: .plain)), line: row + 1, column: column)
    }

    func text(_ r: Int, _ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: lines[r][range])
        return String(view)
    }

    /// Key text for a message: short, and with nothing a terminal would act on.
    static func shown(_ text: String) -> String {
        let clean = String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? "?" : Character($0) })
        return clean.count > 40 ? clean.prefix(39) + "…" : clean
    }
}
