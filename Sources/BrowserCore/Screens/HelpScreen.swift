/// The `?` screen, generated from the action and command tables so it can never disagree with the keys.
enum HelpContent {
    static let keyColumn = 16
    static let commandColumn = 22

    static var lines: [StyledLine] { indentedLines.map(\.line) }

    /// Every line with the column its wrapped continuation starts at: under its own text, not the label.
    static var indentedLines: [(line: StyledLine, indent: Int)] {
        var out: [(line: StyledLine, indent: Int)] = []
        func add(_ segments: [(String, Role)], indent: Int = keyColumn) {
            out.append((StyledLine(segments: segments), indent))
        }
        add([("Keys · Esc closes help · q on the top screen quits · Ctrl-C quits at once", .accent)], indent: 0)
        add([("Mouse · click selects, click the selected row (or double-click) to open, the wheel scrolls, click a breadcrumb part or a hint · hold Shift to select text (--no-mouse or mouse: false turns it off)", .muted)], indent: 0)
        for group in ActionTable.groups {
            add([])
            add([(group.name, .header)], indent: 0)
            for line in group.lines {
                add([(TextWidth.fit(line.keys, columns: keyColumn), .keyHintKey), (line.help, .text)])
            }
        }
        add([])
        add([("Commands (after :, Tab completes)", .header)], indent: 0)
        for command in CommandTable.all {
            add([(TextWidth.fit(command.usage, columns: commandColumn), .keyHintKey), (command.help, .text)], indent: commandColumn)
        }
        return out
    }

    /// The lines wrapped to the screen, so no help text is cut off.
    static func lines(width: Int) -> [StyledLine] {
        indentedLines.flatMap { RecordLayout.wrap($0.line, width: max(10, width - 3), indent: $0.indent) }
    }
}

/// Help over the screen it was opened on; Esc, q and ? close it.
public struct HelpScreen: Screen {
    public var scroll = 0
    /// `/` in help.
    public var search: ViewSearch?

    public init() {}

    public var context: ActionContext { .help }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { ["help"] }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        let count = HelpContent.lines(width: app.layout.width).count
        // Clamped to the last full page, as drawn, so that after G the first step up moves.
        scroll = max(0, min(ListMotion.clampedAdd(scroll, delta), Self.maxScroll(lines: count, height: app.layout.bodyHeight)))
        return []
    }

    /// Rows of text on a page: all of them when everything fits, else one fewer, for the "▼ N more" line.
    static func textRows(lines: Int, height: Int) -> Int { lines <= height ? height : max(1, height - 1) }

    static func maxScroll(lines: Int, height: Int) -> Int { max(0, lines - textRows(lines: lines, height: height)) }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        move(by: (down ? 1 : -1) * (app.layout.bodyHeight - 2), &app)
    }

    /// Esc closes help at once, even while a request is in flight.
    public mutating func back(_ app: inout AppState) -> [Effect] { app.pop() }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        switch action.action {
        case .quit, .help:
            return app.pop()
        case .command:
            // The command line acts on the screen under help.
            let effects = app.pop()
            app.overlay = .command(TextField("", limit: 300))
            return effects
        default:
            return nil
        }
    }

    /// The column help's lines start at.
    static let left = 2

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        let lines = HelpContent.lines(width: frame.width)
        let rows = Self.textRows(lines: lines.count, height: area.height)
        let start = max(0, min(scroll, Self.maxScroll(lines: lines.count, height: area.height)))
        for (offset, line) in lines.dropFirst(start).prefix(rows).enumerated() {
            var x = Self.left
            for (text, role) in line.segments {
                x += frame.put(text, x: x, y: area.top + offset, role: role, maxWidth: frame.width - x - 1)
            }
        }
        ViewSearching.highlight(search, in: SearchDocument(lines: lines, left: Self.left), into: &frame) { line in
            (start..<(start + rows)).contains(line) ? area.top + line - start : nil
        }
        let below = lines.count - start - rows
        if below > 0 {
            let hint = "▼ \(below) more (j/↓)"
            frame.put(hint, x: frame.width - TextWidth.of(hint) - 1, y: area.bottom - 1, role: .muted)
        }
    }
}

extension HelpScreen: SearchableScreen {
    func searchDocument(_ app: AppState) -> SearchDocument {
        SearchDocument(lines: HelpContent.lines(width: app.layout.width), left: Self.left)
    }

    mutating func reveal(_ lines: ClosedRange<Int>, _ app: AppState) {
        let count = HelpContent.lines(width: app.layout.width).count
        scroll = ViewSearching.scroll(scroll, showing: lines, rows: Self.textRows(lines: count, height: app.layout.bodyHeight),
                                      maxScroll: Self.maxScroll(lines: count, height: app.layout.bodyHeight))
    }
}
