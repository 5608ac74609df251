#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// One line of the record screen: styled segments, already sanitised and fitted to the width.
struct StyledLine {
    var segments: [(String, Role)]
    /// A wrapped line's second or later piece, whose first segment is the indent: search reads it as one
    /// line with the pieces before it.
    var continuation = false
}

/// Text wrapped to a width, for the record screen and the others that show paragraphs.
enum RecordLayout {
    static let labelWidth = 14

    /// The record screen's content, wrapped to the layout's width.
    static func lines(_ key: InteractionKey, json: Bool, _ state: AppState) -> [StyledLine] {
        let width = state.layout.wrapWidth
        switch state.records[key] {
        case .loaded(let record, let source)?:
            return json ? jsonLines(record, width: width) : fieldLines(record, source: source, state, width: width)
        case .failed(let error)?:
            var lines = [StyledLine(segments: [(TerminalText.sanitize(error.message), .error)])]
            if case .notFound = error {
                lines.append(StyledLine(segments: [("No interaction \(key.interaction) for employee \(key.employee) on this tenant.", .muted)]))
            }
            lines.append(StyledLine(segments: [("r retries · Esc goes back", .muted)]))
            return lines.flatMap { wrap($0, width: width, indent: 0) }
        case .loading?:
            return [StyledLine(segments: [("loading \(key.interaction)…", .muted)])]
        case nil:
            // Its load was cancelled (Esc): say so rather than "loading" for good.
            return [StyledLine(segments: [("\(key.interaction) was not loaded.", .muted)]),
                    StyledLine(segments: [("r loads it · Esc goes back", .muted)])]
        }
    }

    /// Rows of record text on screen: when the record is longer than the screen, the last row says how
    /// much is left.
    static func visibleRows(lineCount: Int, height: Int) -> Int { lineCount > height ? height - 1 : height }

    static func maxScroll(lineCount: Int, height: Int) -> Int {
        max(0, lineCount - visibleRows(lineCount: lineCount, height: height))
    }

    static func fieldLines(_ record: InteractionRecord, source: DataSource, _ state: AppState, width: Int) -> [StyledLine] {
        let vacancy = record.vacancyID.map { state.vacancies[$0] ?? .loading }
        let described = RecordDescription.lines(record, vacancy: vacancy, source: source, now: state.now, zone: state.timeZone)
        var out: [StyledLine] = []
        for line in described {
            let role = Role(line.tone)
            let label = TextWidth.fit(line.label, columns: labelWidth)
            let labelRole: Role = line.tone == .warning && line.label == "Warning" ? .warning : .label
            let styled = StyledLine(segments: [(label, labelRole), ("  ", .text), (line.value, role)])
            out += wrap(styled, width: width, indent: labelWidth + 2)
        }
        return out
    }

    static func jsonLines(_ record: InteractionRecord, width: Int) -> [StyledLine] { jsonLines(record.raw, width: width) }

    /// Any JSON, coloured and wrapped (the employee and vacancy screens' `J` too).
    static func jsonLines(_ raw: JSONValue, width: Int) -> [StyledLine] {
        JSONPrinter.lines(raw).flatMap { line -> [StyledLine] in
            var segments: [(String, Role)] = [(String(repeating: "  ", count: line.indent), .text)]
            for token in line.tokens {
                let role: Role
                switch token.kind {
                case .punctuation: role = .jsonPunctuation
                case .key: role = .jsonKey
                case .string: role = .jsonString
                case .number: role = .jsonNumber
                case .bool: role = .jsonBool
                case .null: role = .jsonNull
                }
                segments.append((token.text, role))
            }
            return wrap(StyledLine(segments: segments), width: width, indent: line.indent * 2 + 2)
        }
    }

    /// Breaks a styled line into lines of at most `width` columns, at spaces where it can, continuation
    /// lines indented. Long values (a 10,000-character title) stay readable instead of being cut.
    static func wrap(_ line: StyledLine, width: Int, indent: Int) -> [StyledLine] {
        // Most lines fit: measuring is much cheaper than breaking into characters.
        var total = 0
        for (text, _) in line.segments { total += TextWidth.of(text) }
        if total <= width { return [line] }
        let indent = min(indent, width / 2)
        var chars: [(Character, Role, Int)] = []
        for (text, role) in line.segments {
            for c in text { chars.append((c, role, TextWidth.of(c))) }
        }
        var result: [StyledLine] = []
        var start = 0
        var first = true
        while start < chars.count || first {
            let room = first ? width : width - indent
            var used = 0
            var end = start
            var lastSpace: Int?
            while end < chars.count, used + chars[end].2 <= room {
                if chars[end].0 == " " { lastSpace = end }
                used += chars[end].2
                end += 1
            }
            // Break after the last space when the line overflows and the space is not too far back.
            if end < chars.count, let space = lastSpace, space > start, end - space < room / 2 {
                end = space + 1
            }
            if end == start && start < chars.count { end = start + 1 }
            var segments: [(String, Role)] = first ? [] : [(String(repeating: " ", count: indent), .text)]
            for (c, role, _) in chars[start..<end] {
                if let last = segments.last, last.1 == role, !(segments.count == 1 && !first) {
                    segments[segments.count - 1].0.append(c)
                } else {
                    segments.append((String(c), role))
                }
            }
            result.append(StyledLine(segments: segments, continuation: !first))
            start = end
            first = false
            // Cap a runaway value: a few hundred lines are plenty to read, and keep memory bounded.
            if result.count >= 400 && start < chars.count {
                result.append(StyledLine(segments: [(String(repeating: " ", count: indent) + "… (cut; J shows the JSON)", .muted)]))
                break
            }
        }
        return result
    }
}

/// The decoded record, or its raw JSON (`J`); `n` and `p` step through the employee's interactions in
/// the order their list showed them, or through the worklist it was opened from.
public struct RecordScreen: Screen {
    public private(set) var key: InteractionKey
    /// The worklist's pairs as its screen listed them, when opened from there, and where this one is.
    let worklist: [InteractionKey]?
    public private(set) var worklistIndex: Int?
    public var scroll = 0
    public var showJSON = false
    /// `/` in the record or its JSON; it stays on for the next record (`n`, `p`) and across `J`.
    public var search: ViewSearch?

    public init(key: InteractionKey) {
        self.key = key
        worklist = nil
    }

    public init(key: InteractionKey, worklist: [InteractionKey], index: Int) {
        self.key = key
        self.worklist = worklist
        worklistIndex = index
    }

    public var context: ActionContext { .record }
    public var employee: String? { key.employee }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] {
        var parts: [String] = []
        if !below.contains(key.employee) { parts.append(key.employee) }
        if let worklist, let i = worklistIndex {
            parts.append(key.interaction + " (\(i + 1)/\(worklist.count))" + (showJSON ? " JSON" : ""))
            return parts
        }
        // Where this record is among the employee's, like a pager's "3/12".
        let ids = app.visibleInteractions(of: key.employee)
        let position = ids.firstIndex(of: key.interaction).map { " (\($0 + 1)/\(ids.count))" } ?? ""
        parts.append(key.interaction + position + (showJSON ? " JSON" : ""))
        return parts
    }

    func maxScroll(_ app: AppState) -> Int {
        RecordLayout.maxScroll(lineCount: RecordLayout.lines(key, json: showJSON, app).count, height: app.layout.bodyHeight)
    }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        scroll = max(0, min(ListMotion.clampedAdd(scroll, delta), maxScroll(app)))
        return []
    }

    public mutating func fit(_ app: AppState) {
        scroll = max(0, min(scroll, maxScroll(app)))
    }

    public mutating func refresh(_ app: inout AppState) -> [Effect] {
        var effects = Navigation.loadRecord(key, refresh: true, &app)
        if let record = app.records[key]?.value { effects += Navigation.resolveVacancy(of: record, refresh: true, &app) }
        return effects
    }

    /// After a reconnect: what failed under the rejected token is asked for again.
    public mutating func reload(_ app: inout AppState) -> [Effect] {
        if app.records[key]?.value == nil { app.records[key] = nil }
        return Navigation.loadRecord(key, refresh: false, &app)
    }

    public func selection(_ app: AppState) -> Selection? { .interaction(key) }

    public var place: PlaceKey? { .record(key) }

    public func document(_ app: AppState) -> ShownDocument? {
        ShownDocument(name: "record \(key.interaction)", content: app.records[key]?.value.map { ($0.raw, $0.body) })
    }

    /// The interaction `n` would show, once this one is on screen.
    public func prefetchWanted(_ app: AppState) -> InteractionKey? {
        guard case .loaded? = app.records[key] else { return nil }
        return neighbour(after: 1, app)
    }

    /// Enter: the vacancy the record points at.
    public mutating func open(_ app: inout AppState) -> [Effect] { Navigation.openVacancy(of: key, &app) }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        switch action.action {
        case .toggleJSON:
            showJSON.toggle()
            scroll = 0
            search?.current = 0
            return []
        case .openVacancy: return Navigation.openVacancy(of: key, &app)
        case .nextRecord: return step(by: 1, &app)
        case .previousRecord: return step(by: -1, &app)
        default: return nil
        }
    }

    /// The record `delta` steps away: in the worklist it was opened from, or among the employee's.
    func neighbour(after delta: Int, _ app: AppState) -> InteractionKey? {
        if let worklist, let i = worklistIndex {
            return worklist.indices.contains(i + delta) ? worklist[i + delta] : nil
        }
        let ids = app.visibleInteractions(of: key.employee)
        guard let i = ids.firstIndex(of: key.interaction), ids.indices.contains(i + delta) else { return nil }
        return InteractionKey(employee: key.employee, interaction: ids[i + delta])
    }

    /// `n` / `p`: the next or previous interaction of the same employee.
    mutating func step(by delta: Int, _ app: inout AppState) -> [Effect] {
        if let worklist, let i = worklistIndex {
            let j = i + delta
            guard worklist.indices.contains(j) else {
                app.show(delta > 0 ? "This is the last pair of the worklist." : "This is the first pair of the worklist.")
                return []
            }
            worklistIndex = j
            key = worklist[j]
            scroll = 0
            search?.current = 0
            app.directory.add(key.employee)
            return Navigation.loadRecord(key, refresh: false, &app)
        }
        let ids = app.visibleInteractions(of: key.employee)
        guard let i = ids.firstIndex(of: key.interaction) else { return [] }
        let j = i + delta
        guard ids.indices.contains(j) else {
            app.show(delta > 0 ? "This is the last interaction of \(key.employee)." : "This is the first interaction of \(key.employee).")
            return []
        }
        key = InteractionKey(employee: key.employee, interaction: ids[j])
        scroll = 0
        search?.current = 0
        return Navigation.loadRecord(key, refresh: false, &app)
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        ProfileLayout.drawDocument(RecordLayout.lines(key, json: showJSON, state), scroll: scroll, search: search, area: area, into: &frame)
    }
}

extension RecordScreen: SearchableScreen {
    func searchDocument(_ app: AppState) -> SearchDocument {
        SearchDocument(lines: RecordLayout.lines(key, json: showJSON, app), left: ProfileLayout.documentLeft)
    }

    mutating func reveal(_ lines: ClosedRange<Int>, _ app: AppState) {
        let count = RecordLayout.lines(key, json: showJSON, app).count
        scroll = ViewSearching.scroll(scroll, showing: lines, rows: RecordLayout.visibleRows(lineCount: count, height: app.layout.bodyHeight),
                                      maxScroll: RecordLayout.maxScroll(lineCount: count, height: app.layout.bodyHeight))
    }
}
