#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// A worklist (`--worklist FILE`, `:worklist FILE`): every pair in file order with how it fared — the
/// record's type, when and what it points at, "not found", or the error — filling in as the batch brings
/// the records. `/` filters; Enter opens the record, and `n`/`p` there step through the worklist.
public struct WorklistScreen: Screen {
    /// The file as the user named it, for the breadcrumb.
    public let name: String
    public let entries: [WorklistEntry]
    public var position = ListPosition()
    public var listFilter = ""
    /// Lines of the file that were not pairs.
    public let skipped: Int
    /// Pairs before this index are fetched; the rest as the list is scrolled towards them (`r` fetches
    /// them all). Memory and the load on the API then follow what the user looks at: a 100,000-pair file
    /// is not 100,000 requests and records at once.
    public private(set) var fetchedThrough = 0
    public static let fetchChunk = 1_000

    public init(name: String, entries: [WorklistEntry], skipped: Int = 0) {
        self.name = name
        self.entries = entries
        self.skipped = skipped
    }

    public var context: ActionContext { .worklist }

    /// The pairs in file order (a pair listed twice is listed twice).
    var keys: [InteractionKey] { entries.map { InteractionKey(employee: $0.employee, interaction: $0.interaction) } }

    /// Opens the screen on top of the employees list and fetches what is not loaded yet.
    static func open(name: String, _ entries: [WorklistEntry], skipped: Int = 0, _ state: inout AppState) -> [Effect] {
        Update.addWorklist(entries, &state)
        if state.connection != nil { Navigation.jumpToEmployees(&state) }
        state.push(WorklistScreen(name: name, entries: entries, skipped: skipped))
        return state.withTop { screen, state in screen.reload(&state) }
    }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] {
        ["worklist " + TerminalText.excerpt(name, limit: 40)]
    }

    /// What a pair's record has come to, as the summary counts it.
    enum Status { case ok, notFound, failed, loading, notLoaded }

    static func status(_ key: InteractionKey, _ app: AppState) -> Status {
        switch app.records[key] {
        case .loaded?: return .ok
        case .failed(.notFound)?: return .notFound
        case .failed?: return .failed
        case .loading?: return .loading
        case nil: return .notLoaded
        }
    }

    /// The indices of the entries the filter lets through, in file order.
    func visible(_ app: AppState) -> [Int] {
        guard !listFilter.isEmpty else { return Array(entries.indices) }
        let needle = SearchText.fold(listFilter)
        func matches(_ text: String?) -> Bool { text.map { SearchText.contains(SearchText.fold($0), needle) } ?? false }
        return entries.indices.filter { i in
            let e = entries[i]
            if matches(e.employee) || matches(e.interaction) { return true }
            switch app.records[InteractionKey(employee: e.employee, interaction: e.interaction)] {
            case .loaded(let record, _)?:
                return matches(record.interactionType) || matches(record.title) || matches(record.vacancyID.flatMap { app.vacancyTitle($0) })
            case .failed(let error)?:
                return matches(EmployeeScreen.errorSummary(error))
            default:
                return false
            }
        }
    }

    /// Rows of pairs on screen: the body less the summary, the column header and the footer.
    static func rows(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 3) }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        let shown = visible(app)
        position = ListMotion.moved(position, by: delta, count: shown.count, rows: Self.rows(app.layout))
        return fetchAhead(shown, &app)
    }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        let shown = visible(app)
        position = ListMotion.paged(position, down: down, count: shown.count, rows: Self.rows(app.layout))
        return fetchAhead(shown, &app)
    }

    /// The next chunk of pairs once the window comes within a page of the last one fetched.
    mutating func fetchAhead(_ shown: [Int], _ app: inout AppState) -> [Effect] {
        let rows = Self.rows(app.layout)
        let last = min(shown.count, position.top + 2 * rows) - 1
        guard fetchedThrough < entries.count, shown.indices.contains(last), shown[last] >= fetchedThrough - rows else { return [] }
        let from = fetchedThrough
        // A jump (G, a page) fetches up to the window it lands on.
        fetchedThrough = min(entries.count, max(fetchedThrough + Self.fetchChunk, shown[last] + 1 + rows))
        return load(missing(in: from..<fetchedThrough, app), refresh: false, &app)
    }

    /// The pairs in `range` that are not loaded (or failed).
    func missing(in range: Range<Int>, _ app: AppState) -> [InteractionKey] {
        entries[range].map { InteractionKey(employee: $0.employee, interaction: $0.interaction) }.filter { key in
            switch app.records[key] {
            case nil, .failed?: return true
            default: return false
            }
        }
    }

    public mutating func fit(_ app: AppState) {
        position = ListMotion.scrolled(position, count: visible(app).count, rows: Self.rows(app.layout))
    }

    public func filter(_ app: AppState) -> String? { listFilter }

    public mutating func setFilter(_ text: String, _ app: inout AppState) {
        listFilter = text
        position = ListPosition()
        fit(app)
    }

    public func selection(_ app: AppState) -> Selection? {
        let shown = visible(app)
        guard shown.indices.contains(position.selected) else { return nil }
        let e = entries[shown[position.selected]]
        return .interaction(InteractionKey(employee: e.employee, interaction: e.interaction))
    }

    public var place: PlaceKey? { .worklist(name) }

    public mutating func select(_ selection: Selection, _ app: AppState) -> Bool {
        let shown = visible(app)
        guard case .interaction(let key) = selection,
              let i = shown.firstIndex(where: { entries[$0].employee == key.employee && entries[$0].interaction == key.interaction }) else { return false }
        position.selected = i
        fit(app)
        return true
    }

    /// Enter: the record, with `n`/`p` stepping through the pairs as listed here.
    public mutating func open(_ app: inout AppState) -> [Effect] {
        let shown = visible(app)
        guard shown.indices.contains(position.selected) else { return [] }
        let sequence = shown.map { InteractionKey(employee: entries[$0].employee, interaction: entries[$0].interaction) }
        let key = sequence[position.selected]
        app.directory.add(key.employee)
        app.push(RecordScreen(key: key, worklist: sequence, index: position.selected))
        return Navigation.loadRecord(key, refresh: false, &app)
    }

    /// Back from a record: the pair it was on (after `n`/`p`) is selected.
    public mutating func resume(after closed: any Screen, _ app: inout AppState) -> [Effect] {
        if let record = closed as? RecordScreen, let index = record.worklistIndex {
            position.selected = index
            fit(app)
        }
        return []
    }

    /// `r`: every pair again, past the cache.
    public mutating func refresh(_ app: inout AppState) -> [Effect] {
        fetchedThrough = entries.count
        return load(keys, refresh: true, &app)
    }

    /// What is not loaded (or failed) among the pairs fetched so far (the first chunk at first), as one batch.
    public mutating func reload(_ app: inout AppState) -> [Effect] {
        fetchedThrough = max(fetchedThrough, min(entries.count, Self.fetchChunk))
        return load(missing(in: 0..<fetchedThrough, app), refresh: false, &app)
    }

    func load(_ wanted: [InteractionKey], refresh: Bool, _ app: inout AppState) -> [Effect] {
        // A pair listed twice is fetched once.
        var seen: Set<InteractionKey> = []
        let unique = wanted.filter { seen.insert($0).inserted }
        guard !unique.isEmpty, app.connection != nil else { return [] }
        for key in unique { app.records[key] = .loading }
        // More pairs join a batch still running (the runner adds them to it).
        if app.batch?.owner == .worklist { app.batch?.total += unique.count }
        else { app.batch = BatchProgress(owner: .worklist, total: unique.count, done: 0, failed: 0) }
        return [.loadWorklist(unique, refresh: refresh)]
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        let shown = visible(state)
        summary(state, shown: shown.count, y: area.top, into: &frame)

        let sample = entries.prefix(200)
        // Narrow terminals give the IDs less room and drop WHEN: the status matters most.
        let cap = area.width >= 120 ? 24 : area.width >= 60 ? 14 : 9
        let employeeWidth = min(cap, max(8, sample.map { TextWidth.of($0.employee) }.max() ?? 8))
        let interactionWidth = min(cap, max(11, sample.map { TextWidth.of($0.interaction) }.max() ?? 11))
        let whenWidth = area.width >= 60 ? 14 : 0
        let interactionX = 1 + employeeWidth + 1
        let whenX = interactionX + interactionWidth + 1
        let statusX = whenX + (whenWidth > 0 ? whenWidth + 1 : 0)
        let statusWidth = max(0, area.width - statusX - 1)
        let headerY = area.top + 1
        frame.fill(y: headerY, role: .label)
        frame.put("EMPLOYEE", x: 1, y: headerY, role: .label, maxWidth: employeeWidth)
        frame.put("INTERACTION", x: interactionX, y: headerY, role: .label, maxWidth: interactionWidth)
        if whenWidth > 0 { frame.put("WHEN", x: whenX, y: headerY, role: .label, maxWidth: whenWidth) }
        frame.put("STATUS", x: statusX, y: headerY, role: .label, maxWidth: statusWidth)

        let range = Table.selectionRange(position, count: shown.count, rows: Self.rows(state.layout))
        for (offset, i) in range.enumerated() {
            let y = headerY + 1 + offset
            if i == position.selected { Table.markSelected(y: y, into: &frame) }
            let entry = entries[shown[i]]
            let key = InteractionKey(employee: entry.employee, interaction: entry.interaction)
            frame.put(entry.employee, x: 1, y: y, role: .text, maxWidth: employeeWidth)
            frame.put(entry.interaction, x: interactionX, y: y, role: .text, maxWidth: interactionWidth)
            switch state.records[key] {
            case .loaded(let record, _)?:
                if whenWidth > 0 { frame.put(TimestampText.cell(record.timestamp, now: state.now), x: whenX, y: y, role: .muted, maxWidth: whenWidth) }
                let type = record.interactionType.map(TerminalText.sanitize) ?? "?"
                let used = frame.put(type + "  ", x: statusX, y: y, role: .muted, maxWidth: statusWidth)
                let (target, role) = EmployeeScreen.pointsAt(record, state)
                let warn = record.warnings.isEmpty ? "" : "⚠ "
                frame.put(warn + target, x: statusX + used, y: y, role: record.warnings.isEmpty ? role : .warning, maxWidth: max(0, statusWidth - used))
            case .failed(let error)?:
                let notFound: Bool = { if case .notFound = error { return true } else { return false } }()
                frame.put(EmployeeScreen.errorSummary(error), x: statusX, y: y, role: notFound ? .warning : .error, maxWidth: statusWidth)
            case .loading?:
                frame.put("loading…", x: statusX, y: y, role: .muted, maxWidth: statusWidth)
            case nil:
                frame.put("not loaded — r loads", x: statusX, y: y, role: .muted, maxWidth: statusWidth)
            }
        }
        if shown.isEmpty {
            let text = entries.isEmpty ? "The worklist holds no pairs." : "No pair matches the filter."
            frame.put(text, x: 2, y: headerY + 2, role: .muted)
        }
        footer(state, hint: Table.scrollHint(above: range.lowerBound, below: max(0, shown.count - range.upperBound)),
               y: area.bottom - 1, into: &frame)
    }

    /// "12 pairs: 9 ok · 2 not found · 1 failed", with the filter's matches first when there is one.
    func summary(_ state: AppState, shown: Int, y: Int, into frame: inout Frame) {
        var text = "\(entries.count) pair\(entries.count == 1 ? "" : "s"): " + counts(state)
        if skipped > 0 { text += " · \(skipped) bad line\(skipped == 1 ? "" : "s") skipped" }
        if !listFilter.isEmpty { text = "/\(TerminalText.sanitize(listFilter)): \(shown) match\(shown == 1 ? "" : "es") · " + text }
        frame.put(text, x: 1, y: y, role: .accent)
    }

    /// "9 ok · 2 not found · 1 failed", and what is still loading or was not loaded.
    func counts(_ state: AppState) -> String {
        var ok = 0, notFound = 0, failed = 0, loading = 0, notLoaded = 0
        for key in keys {
            switch Self.status(key, state) {
            case .ok: ok += 1
            case .notFound: notFound += 1
            case .failed: failed += 1
            case .loading: loading += 1
            case .notLoaded: notLoaded += 1
            }
        }
        var parts = ["\(ok) ok", "\(notFound) not found", "\(failed) failed"]
        if loading > 0 { parts.append("\(loading) loading") }
        if notLoaded > 0 { parts.append("\(notLoaded) not loaded") }
        return parts.joined(separator: " · ")
    }

    func footer(_ state: AppState, hint: String, y: Int, into frame: inout Frame) {
        if let batch = state.batch, batch.owner == .worklist {
            Table.progress(batch, y: y, into: &frame)
            return
        }
        let more = fetchedThrough < entries.count ? " · the rest as you scroll, r fetches every pair" : ""
        frame.put(hint.isEmpty ? "Enter opens the record · n/p there step through the worklist" + more : hint, x: 1, y: y, role: .muted)
    }
}
