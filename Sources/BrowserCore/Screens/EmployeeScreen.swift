#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// One employee: every field of the profile, then the interactions known for them, scrolling as one view:
/// the profile scrolls away as the selection moves down the list. `/` searches both (a match in the list
/// selects its row). `J` shows the employee's JSON; `y`, `Y` and `c` copy the employee's ID, JSON and a
/// curl command.
public struct EmployeeScreen: Screen {
    public let id: String
    /// The selected interaction (`selected`); `top` is unused: the view's first line is `viewTop`.
    public var position = ListPosition()
    /// The first line shown of the profile-then-rows document.
    public var viewTop = 0
    public var showJSON = false
    public var jsonScroll = 0
    /// `/` in the profile and the list, or in the JSON.
    public var search: ViewSearch?

    public init(employee: String) {
        id = employee
    }

    public var context: ActionContext { .employee }
    public var employee: String? { id }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { [id + (showJSON ? " JSON" : "")] }

    func visible(_ app: AppState) -> [String] { app.visibleInteractions(of: id) }

    /// The profile's lines at the layout's width.
    func profile(_ app: AppState) -> [StyledLine] {
        switch app.employees[id] {
        case .loaded(let e, let source)?:
            return ProfileLayout.lines(ProfileDescription.employee(e, source: source, now: app.now), width: app.layout.wrapWidth)
        case .failed(let error)?:
            return ProfileLayout.lines([RecordLine("Employee", TerminalText.sanitize(error.message), tone: .error),
                                        RecordLine("", "r retries · Esc goes back", tone: .muted)], width: app.layout.wrapWidth)
        case .loading?, nil:
            return ProfileLayout.lines([RecordLine("Employee", "loading \(id)…", tone: .muted)], width: app.layout.wrapWidth)
        }
    }

    /// Lines of the document on screen: the body less the section title, the column header and the footer.
    static func viewRows(_ layout: Layout) -> Int { max(1, layout.bodyHeight - 3) }

    func jsonLines(_ app: AppState) -> [StyledLine] {
        guard let e = app.employees[id]?.value else { return [StyledLine(segments: [("not loaded yet", .muted)])] }
        return RecordLayout.jsonLines(e.raw, width: app.layout.wrapWidth)
    }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        if showJSON {
            let lines = jsonLines(app).count
            jsonScroll = max(0, min(ListMotion.clampedAdd(jsonScroll, delta), RecordLayout.maxScroll(lineCount: lines, height: app.layout.bodyHeight)))
            return []
        }
        let p = profile(app).count, n = visible(app).count, h = Self.viewRows(app.layout)
        let maxTop = max(0, p + n - h)
        let line = p + position.selected
        if delta <= Int.min / 4 {
            // Home: the top of the profile, and the first row selected.
            position.selected = 0
            viewTop = 0
        } else if n == 0 {
            viewTop = max(0, min(ListMotion.clampedAdd(viewTop, delta), maxTop))
        } else if delta > 0 && line >= viewTop + h {
            // The selection is below the view (a long profile): scroll towards it first.
            viewTop = max(0, min(ListMotion.clampedAdd(viewTop, delta), line - h + 1))
        } else if delta < 0 && position.selected == 0 {
            viewTop = max(0, ListMotion.clampedAdd(viewTop, delta))
        } else {
            position.selected = max(0, min(n - 1, ListMotion.clampedAdd(position.selected, delta)))
            keepSelectionInView(p: p, h: h)
        }
        return []
    }

    mutating func keepSelectionInView(p: Int, h: Int) {
        let line = p + position.selected
        if line < viewTop { viewTop = line }
        if line >= viewTop + h { viewTop = line - h + 1 }
    }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        let step = max(1, (showJSON ? app.layout.bodyHeight : Self.viewRows(app.layout)) - 1)
        return move(by: down ? step : -step, &app)
    }

    public mutating func open(_ app: inout AppState) -> [Effect] {
        guard !showJSON, let key = selection(app)?.interactionKey else { return [] }
        return Navigation.openRecord(key, &app)
    }

    public mutating func refresh(_ app: inout AppState) -> [Effect] { Navigation.loadEmployee(id, refresh: true, &app) }

    public mutating func reload(_ app: inout AppState) -> [Effect] { Navigation.loadEmployee(id, refresh: false, &app) }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        switch action.action {
        case .addInteractions:
            app.overlay = .addIDs(TextField("", limit: 2 << 20, keepsLineBreaks: true), employee: id)
            return []
        case .toggleJSON:
            showJSON.toggle()
            jsonScroll = 0
            search?.current = 0
            return []
        case .removeInteraction:
            guard !showJSON, let key = selection(app)?.interactionKey else { return [] }
            app.interactionLists[id]?.remove(key.interaction)
            app.lookedUp.remove(key)
            fit(app)
            app.show("\(key.interaction) removed from the list (a adds it again)")
            return []
        case .openVacancy:
            guard let key = selection(app)?.interactionKey else { return [] }
            return Navigation.openVacancy(of: key, &app)
        default:
            return nil
        }
    }

    public mutating func fit(_ app: AppState) {
        let p = profile(app).count, n = visible(app).count, h = Self.viewRows(app.layout)
        position.selected = max(0, min(position.selected, max(0, n - 1)))
        // The selection is kept in view unless the view shows the top of a long profile with the selection
        // below it (as at the start). A resize re-wraps the profile, so a view that was in the list may now
        // start past it (viewTop > p): the selection comes back into view then too.
        if n > 0 && (viewTop > p || p + position.selected >= viewTop) { keepSelectionInView(p: p, h: h) }
        viewTop = max(0, min(viewTop, max(0, p + n - h)))
        jsonScroll = max(0, min(jsonScroll, RecordLayout.maxScroll(lineCount: jsonLines(app).count, height: app.layout.bodyHeight)))
    }

    /// Back from one of this employee's records: that record is selected (the list follows `n` and `p`),
    /// and whatever a cancelled batch left unloaded is fetched.
    public mutating func resume(after closed: any Screen, _ app: inout AppState) -> [Effect] {
        if let key = closed.selection(app)?.interactionKey, key.employee == id {
            let ids = visible(app)
            if let i = ids.firstIndex(of: key.interaction) {
                position.selected = i
                keepSelectionInView(p: profile(app).count, h: Self.viewRows(app.layout))
            }
        }
        let unloaded = (app.interactionLists[id]?.ids ?? []).contains { iid in
            switch app.records[InteractionKey(employee: id, interaction: iid)] {
            case nil, .loading?: return true
            default: return false
            }
        }
        guard unloaded && app.batch == nil else { return [] }
        for iid in app.interactionLists[id]?.ids ?? [] where app.records[InteractionKey(employee: id, interaction: iid)]?.isLoading == true {
            app.records[InteractionKey(employee: id, interaction: iid)] = nil
        }
        return Navigation.loadEmployee(id, refresh: false, &app)
    }

    public func selection(_ app: AppState) -> Selection? {
        let ids = visible(app)
        return ids.indices.contains(position.selected) ? .interaction(InteractionKey(employee: id, interaction: ids[position.selected])) : nil
    }

    public func copyTarget(_ app: AppState) -> CopyTarget? { .employee(id) }

    public var place: PlaceKey? { .employee(id) }

    public func document(_ app: AppState) -> ShownDocument? {
        ShownDocument(name: "employee \(id)", content: app.employees[id]?.value.map { ($0.raw, $0.body) })
    }

    public mutating func select(_ selection: Selection, _ app: AppState) -> Bool {
        guard case .interaction(let key) = selection, key.employee == id, let i = visible(app).firstIndex(of: key.interaction) else { return false }
        position.selected = i
        keepSelectionInView(p: profile(app).count, h: Self.viewRows(app.layout))
        return true
    }

    /// The interaction row at screen row `y`, as `draw` lays the profile and the list out.
    public func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)? {
        guard !showJSON else { return nil }
        let profileCount = profile(app).count
        let count = visible(app).count
        let h = Self.viewRows(app.layout)
        let viewTop = max(0, min(self.viewTop, max(0, profileCount + count - h)))
        let shownProfile = max(0, min(profileCount - viewTop, h))
        let firstRow = max(0, viewTop - profileCount)
        let range = firstRow..<min(count, firstRow + h - shownProfile)
        // The body starts under the header; the list under the profile shown, its title and column titles.
        let index = firstRow + y - (1 + shownProfile + 2)
        return range.contains(index) ? (index, position.selected) : nil
    }

    /// The columns of the interactions list at a width: narrow terminals drop TYPE first, since what the
    /// interaction points at matters more.
    struct Columns {
        let id: Int, type: Int, when = 14
        init(_ ids: [String], width: Int) {
            id = min(16, max(6, ids.prefix(200).map { TextWidth.of($0) }.max() ?? 6))
            type = width >= 70 ? 16 : 0
        }
    }

    /// A row of the list as drawn from column 1: ID, type, when, what it points at; the gaps take the
    /// first cell's role (the column titles' bar runs through them).
    static func row(_ cells: (String, String, String, String), _ columns: Columns, roles: (Role, Role, Role)) -> StyledLine {
        let gap = ("  ", roles.0)
        var segments: [(String, Role)] = [(TextWidth.fit(cells.0, columns: columns.id), roles.0), gap]
        if columns.type > 0 { segments += [(TextWidth.fit(cells.1, columns: columns.type), roles.1), gap] }
        segments += [(TextWidth.fit(cells.2, columns: columns.when), roles.1), gap, (cells.3, roles.2)]
        return StyledLine(segments: segments)
    }

    /// The list's row for interaction `iid`.
    static func row(_ iid: String, employee: String, _ columns: Columns, _ state: AppState) -> StyledLine {
        let key = InteractionKey(employee: employee, interaction: iid)
        switch state.records[key] {
        case .loaded(let record, _)?:
            let (target, targetRole) = pointsAt(record, state)
            let warn = record.warnings.isEmpty ? "" : "⚠ "
            return row((iid, record.interactionType.map(TerminalText.sanitize) ?? "?", TimestampText.cell(record.timestamp, now: state.now), warn + target),
                       columns, roles: (.text, .muted, record.warnings.isEmpty ? targetRole : .warning))
        case .failed(let error)?:
            return row((iid, "", "", errorSummary(error)), columns, roles: (.text, .muted, .error))
        case .loading?:
            return row((iid, "…", "", "loading"), columns, roles: (.text, .muted, .muted))
        case nil:
            return row((iid, "", "", "not loaded — r loads"), columns, roles: (.text, .muted, .muted))
        }
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        if showJSON {
            ProfileLayout.drawDocument(jsonLines(state), scroll: jsonScroll, search: search, area: area, into: &frame)
            return
        }
        let profileLines = profile(state)
        let ids = visible(state)
        let h = Self.viewRows(state.layout)
        let viewTop = max(0, min(self.viewTop, max(0, profileLines.count + ids.count - h)))
        let shownProfile = max(0, min(profileLines.count - viewTop, h))
        ProfileLayout.draw(profileLines.dropFirst(viewTop), top: area.top, rows: shownProfile, into: &frame)

        let all = state.interactionLists[id]?.ids.count ?? 0
        let titleY = area.top + shownProfile
        frame.put("Interactions (\(all))", x: 1, y: titleY, role: .accent)

        let columns = Columns(ids, width: area.width)
        frame.fill(y: titleY + 1, role: .label)
        ProfileLayout.draw([Self.row(("ID", "TYPE", "WHEN", "POINTS AT"), columns, roles: (.label, .label, .label))][...], top: titleY + 1, rows: 1, into: &frame)

        let firstRow = max(0, viewTop - profileLines.count)
        let range = firstRow..<min(ids.count, firstRow + h - shownProfile)
        for (offset, i) in range.enumerated() {
            let y = titleY + 2 + offset
            if i == position.selected { Table.markSelected(y: y, into: &frame) }
            ProfileLayout.draw([Self.row(ids[i], employee: id, columns, state)][...], top: y, rows: 1, into: &frame)
        }
        if search != nil {
            // Document line `line`: a profile line on screen, or a list row under the titles.
            ViewSearching.highlight(search, in: document(profileLines, ids, state), into: &frame) { line in
                if line < profileLines.count { return (viewTop..<(viewTop + shownProfile)).contains(line) ? area.top + line - viewTop : nil }
                let i = line - profileLines.count
                return range.contains(i) ? titleY + 2 + i - firstRow : nil
            }
        }
        if ids.isEmpty {
            frame.put("No interactions known yet. The API cannot list them: press a to add IDs (paste many at once).", x: 2, y: titleY + 3, role: .muted)
        }
        let below = max(0, profileLines.count + ids.count - viewTop - h)
        footer(id, state, hint: Table.scrollHint(above: viewTop, below: below), y: area.bottom - 1, into: &frame)
    }

    static func pointsAt(_ record: InteractionRecord, _ state: AppState) -> (String, Role) {
        switch record.target {
        case .vacancy(let v), .both(let v, _):
            switch state.vacancies[v] {
            case .resolved(let vacancy)?: return (vacancy.jobTitle.map(TerminalText.sanitize) ?? TerminalText.sanitize(v), .text)
            case .failed?: return ("\(TerminalText.sanitize(v)) (unresolved)", .warning)
            default: return (TerminalText.sanitize(v), .muted)
            }
        case .title(let t): return ("“" + TerminalText.sanitize(t) + "”", .text)
        case .neither: return ("(no vacancy_id or title)", .warning)
        }
    }

    static func errorSummary(_ error: APIError) -> String {
        switch error {
        case .notFound: return "not found"
        default: return error.message
        }
    }

    func footer(_ id: String, _ state: AppState, hint: String, y: Int, into frame: inout Frame) {
        if let batch = state.batch, batch.employee == id {
            Table.progress(batch, y: y, into: &frame)
            return
        }
        frame.put(hint.isEmpty ? "a adds interaction IDs (one, or paste many)" : hint, x: 1, y: y, role: .muted)
    }
}

extension EmployeeScreen: SearchableScreen {
    /// The profile's lines, then one line per interaction as the list draws it.
    func document(_ profile: [StyledLine], _ ids: [String], _ app: AppState) -> SearchDocument {
        let columns = Columns(ids, width: app.layout.width)
        return SearchDocument(lines: profile + ids.map { Self.row($0, employee: id, columns, app) }, left: ProfileLayout.documentLeft)
    }

    func searchDocument(_ app: AppState) -> SearchDocument {
        if showJSON { return SearchDocument(lines: jsonLines(app), left: ProfileLayout.documentLeft) }
        return document(profile(app), visible(app), app)
    }

    /// A match in the list selects its row; one in the profile scrolls the profile to it.
    mutating func reveal(_ lines: ClosedRange<Int>, _ app: AppState) {
        if showJSON {
            let count = jsonLines(app).count
            jsonScroll = ViewSearching.scroll(jsonScroll, showing: lines, rows: RecordLayout.visibleRows(lineCount: count, height: app.layout.bodyHeight),
                                              maxScroll: RecordLayout.maxScroll(lineCount: count, height: app.layout.bodyHeight))
            return
        }
        let p = profile(app).count, n = visible(app).count, h = Self.viewRows(app.layout)
        if lines.lowerBound >= p {
            position.selected = min(n - 1, lines.lowerBound - p)
            keepSelectionInView(p: p, h: h)
        } else {
            viewTop = ViewSearching.scroll(viewTop, showing: lines, rows: h, maxScroll: max(0, p + n - h))
        }
    }
}
