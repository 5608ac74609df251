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
        public static let blank = Cell(" ", .text)
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
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
        cells = Array(repeating: Cell(" ", fill), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    public func row(_ y: Int) -> ArraySlice<Cell> {
        cells[(y * width)..<((y + 1) * width)]
    }

    /// Fills a rectangle's background with a role.
    public mutating func fill(x: Int = 0, y: Int, width w: Int? = nil, height h: Int = 1, role: Role) {
        let w = w ?? width - x
        for yy in max(0, y)..<min(height, y + h) {
            for xx in max(0, x)..<min(width, x + w) {
                cells[yy * width + xx] = Cell(" ", role)
            }
        }
    }

    /// Writes text at (x, y), clipped to `maxWidth` columns (and the frame's edge), with "…" when cut.
    /// The text must already be sanitised; it is measured per grapheme cluster. Returns the columns used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? (width - x), width - x)
        guard limit > 0 else { return 0 }
        let fits = TextWidth.of(text) <= limit
        var column = x
        let end = x + limit - (fits || !ellipsis ? 0 : 1)
        for cluster in text {
            let w = TextWidth.of(cluster)
            if w == 0 { continue }
            if column + w > end { break }
            if column >= 0 {
                cells[y * width + column] = Cell(TextWidth.clamp(cluster), role)
                if w == 2 { cells[y * width + column + 1] = Cell("", role) }
            }
            column += w
        }
        if !fits && ellipsis && column < x + limit {
            cells[y * width + column] = Cell("…", role)
            column += 1
        }
        return column - x
    }

    /// Changes the role of a span of existing cells (selection bars, highlights).
    public mutating func restyle(x: Int = 0, y: Int, width w: Int? = nil, role: Role) {
        guard y >= 0, y < height else { return }
        let w = w ?? width - x
        for xx in max(0, x)..<min(width, x + w) { cells[y * width + xx].role = role }
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
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }
}
