import TechWolfAPI

/// One screen's worth of styled cells: what `render` produces and the curses backend draws. Plain data, so
/// screens are tested by comparing a Frame's text with a golden file.
public struct Frame: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        /// One grapheme cluster; "" for the right half of a wide character.
        public var text: String
        public var role: Role
        public init(_ text: String, _ role: Role) {
            self.text = text
            self.role = role
        }
    }

    /// A cell as stored: plain values, so a frame of 3,000 cells is created, compared and freed without
    /// touching a reference count. Most cells hold one Unicode scalar; longer clusters (emoji sequences,
    /// combining marks) live in `clusters` and are referred to by index.
    struct Packed: Equatable, Sendable {
        var code: UInt32
        var role: Role
        /// Codes from here up index `clusters`.
        static let clusterBase: UInt32 = 0x11_0000
        /// The right half of a wide character.
        static let continuation: UInt32 = 0xFFFF_FFFF
    }

    public let width: Int
    public let height: Int
    private var packed: [Packed]
    private var clusters: [String] = []
    /// Where the terminal cursor should be (a text field being edited), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX.map { ($0, cursorY) } }
        set { cursorX = newValue?.x; cursorY = newValue?.y ?? 0 }
    }
    private var cursorX: Int?
    private var cursorY = 0

    public init(width: Int, height: Int, fill: Role = .text) {
        self.width = max(0, width)
        self.height = max(0, height)
        packed = Array(repeating: Packed(code: 0x20, role: fill), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cell(packed[y * width + x])
    }

    /// Every cell, row by row.
    public var cells: [Cell] { packed.map(cell) }

    public func row(_ y: Int) -> [Cell] {
        packed[(y * width)..<((y + 1) * width)].map(cell)
    }

    /// Whether row `y` of two frames of the same width shows the same thing; cheaper than comparing rows.
    public func sameRow(_ y: Int, as other: Frame) -> Bool {
        guard width == other.width, y >= 0, y < height, y < other.height else { return false }
        let base = y * width
        for x in 0..<width {
            let a = packed[base + x], b = other.packed[base + x]
            if a == b && a.code < Packed.clusterBase { continue }
            if a.role != b.role || cell(a).text != other.cell(b).text { return false }
        }
        return true
    }

    private func cell(_ p: Packed) -> Cell {
        if p.code < Packed.clusterBase, let scalar = Unicode.Scalar(p.code) { return Cell(String(scalar), p.role) }
        if p.code == Packed.continuation { return Cell("", p.role) }
        return Cell(clusters[Int(p.code - Packed.clusterBase)], p.role)
    }

    private mutating func set(_ index: Int, _ text: String, _ role: Role) {
        let scalars = text.unicodeScalars
        if let first = scalars.first, scalars.index(after: scalars.startIndex) == scalars.endIndex {
            packed[index] = Packed(code: first.value, role: role)
        } else if text.isEmpty {
            packed[index] = Packed(code: Packed.continuation, role: role)
        } else {
            packed[index] = Packed(code: Packed.clusterBase + UInt32(clusters.count), role: role)
            clusters.append(text)
        }
    }

    /// Fills a rectangle's background with a role.
    public mutating func fill(x: Int = 0, y: Int, width w: Int? = nil, height h: Int = 1, role: Role) {
        let w = w ?? width - x
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) {
                packed[yy * width + xx] = Packed(code: 0x20, role: role)
            }
        }
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns (and the frame's edge), with "…" when cut.
    /// The text must already be sanitised; it is measured per grapheme cluster. Every known secret is
    /// redacted here, the one place all text of the UI passes on its way to the terminal: a server that
    /// echoes the token into a record or an error cannot get it drawn. Returns the columns used.
    @discardableResult
    public mutating func put(_ raw: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let text = SecretRedaction.shared.redact(raw)
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        if let used = putASCII(text, x: x, y: y, role: role, limit: limit, ellipsis: ellipsis) { return used }
        let fits = TextWidth.of(text) <= limit
        var column = x
        let end = x + limit - (fits || !ellipsis ? 0 : 1)
        for cluster in text {
            let w = TextWidth.of(cluster)
            if w == 0 { continue }
            if column + w > end { break }
            if column >= 0 {
                set(y * width + column, TextWidth.clamp(cluster), role)
                if w == 2 { packed[y * width + column + 1] = Packed(code: Packed.continuation, role: role) }
            }
            column += w
        }
        if !fits && ellipsis && column < x + limit {
            // Left of the frame (negative x) the mark is not drawn: it would land in the row above.
            if column >= 0 { packed[y * width + column] = Packed(code: 0x2026, role: role) }
            column += 1
        }
        return column - x
    }

    /// Printable ASCII is one column per byte, so most text (IDs, labels, dates, JSON) skips grapheme
    /// breaking and width lookup. Returns nil, having written nothing, for any other text.
    private mutating func putASCII(_ text: String, x: Int, y: Int, role: Role, limit: Int, ellipsis: Bool) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            for b in bytes where b < 0x20 || b > 0x7E { return nil }
            let fits = bytes.count <= limit
            let shown = fits ? bytes.count : (ellipsis ? limit - 1 : limit)
            let base = y * width + x
            var column = 0
            while column < shown {
                if x + column >= 0 { packed[base + column] = Packed(code: UInt32(bytes[column]), role: role) }
                column += 1
            }
            if !fits && ellipsis {
                if x + column >= 0 { packed[base + column] = Packed(code: 0x2026, role: role) }
                column += 1
            }
            return column
        }
    }

    /// Changes the role of a span of existing cells (selection bars, highlights).
    public mutating func restyle(x: Int = 0, y: Int, width w: Int? = nil, role: Role) {
        guard y >= 0, y < height else { return }
        let w = w ?? width - x
        for xx in max(0, x)..<min(width, x + w) { packed[y * width + xx].role = role }
    }

    /// The frame as plain text, one line per row, trailing spaces trimmed: for snapshot tests and captures.
    public var text: String {
        (0..<height).map { y in
            var line = ""
            for cell in row(y) { line += cell.text }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    public static func == (a: Frame, b: Frame) -> Bool {
        a.width == b.width && a.height == b.height && a.cursorX == b.cursorX && a.cursorY == b.cursorY
            && (0..<a.height).allSatisfy { a.sameRow($0, as: b) }
    }
}
