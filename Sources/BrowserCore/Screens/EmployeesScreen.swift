#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The employees list: the API's pages, plus worklist and looked-up employees. Its filter is kept by the
/// directory, which works out the matching rows once per change rather than on every key.
public struct EmployeesScreen: Screen {
    public var position = ListPosition()
    /// `G`/End pressed while more pages may come: the selection follows the end as they arrive.
    var followEnd = false

    public init(position: ListPosition = ListPosition()) {
        self.position = position
    }

    public var context: ActionContext { .employees }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] {
        [app.serverFilter.isEmpty ? "employees" : "employees (\(app.serverFilter.label))"]
    }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        position = ListMotion.moved(position, by: delta, count: app.visibleEmployees.count, rows: app.layout.listRows)
        return loadMoreIfNeeded(&app)
    }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        position = ListMotion.paged(position, down: down, count: app.visibleEmployees.count, rows: app.layout.listRows)
        return loadMoreIfNeeded(&app)
    }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        // Set before moving: the move may ask for the next page, which then follows the end.
        followEnd = action.action == .bottom && app.directory.nextOffset != nil
        return nil
    }

    public mutating func open(_ app: inout AppState) -> [Effect] {
        guard let selected = selected(app) else { return [] }
        return Navigation.openEmployee(selected.id, &app)
    }

    public mutating func refresh(_ app: inout AppState) -> [Effect] {
        app.directory = app.directory.extrasOnly
        position = ListPosition()
        // Past the cache; the page's answer brings the cache figures with it.
        return [ServerFiltering.firstPage(refresh: true, &app)]
    }

    public func filter(_ app: AppState) -> String? { app.directory.filter }

    public mutating func setFilter(_ text: String, _ app: inout AppState) {
        let before = selected(app)
        app.directory.setFilter(text)
        // The selected employee stays selected while it still matches; otherwise the first match.
        position = ListMotion.scrolled(ListPosition(), count: app.visibleEmployees.count, rows: app.layout.listRows)
        if let before { keepSelection(on: before, app) }
    }

    public mutating func fit(_ app: AppState) {
        position = ListMotion.scrolled(position, count: app.visibleEmployees.count, rows: app.layout.listRows)
    }

    public func selection(_ app: AppState) -> Selection? { selected(app).map { .employee($0.id) } }

    public var place: PlaceKey? { .employees }

    public mutating func select(_ selection: Selection, _ app: AppState) -> Bool {
        guard case .employee(let id) = selection, app.directory.visiblePosition(of: id) != nil else { return false }
        keepSelection(on: (id, position.selected - position.top), app)
        return true
    }

    /// The ID of the selected row, and its row on screen.
    func selected(_ app: AppState) -> (id: String, screenRow: Int)? {
        let rows = app.visibleEmployees
        guard rows.indices.contains(position.selected) else { return nil }
        return (rows[position.selected].id, position.selected - position.top)
    }

    /// Selects that employee again after the list changed under it, at the same row on screen when it can.
    mutating func keepSelection(on selected: (id: String, screenRow: Int), _ app: AppState) {
        guard let i = app.directory.visiblePosition(of: selected.id) else { return }
        var p = ListPosition()
        p.selected = i
        p.top = max(0, i - selected.screenRow)
        position = ListMotion.scrolled(p, count: app.visibleEmployees.count, rows: app.layout.listRows)
    }

    /// A page of `GET /employees` arrived: the rows go into the directory, the selection stays on its
    /// employee, and one more page is asked for when the window still shows the end of what is listed.
    mutating func pageArrived(_ page: EmployeesPage, offset: Int, _ app: inout AppState) -> [Effect] {
        let before = selected(app)
        app.directory.addPage(page.items)
        if app.directory.isFull && app.directory.nextOffset != nil {
            // Memory stays bounded however long the server's list is.
            app.directory.nextOffset = nil
            app.show("the list stops at \(EmployeeDirectory.maxListedText) employees; others can still be opened by their ID", .warning)
        }
        // Listed employees move ahead of worklist rows: a selection the user moved stays on its
        // employee; one still at the top stays at the top of the list.
        if !followEnd, position.selected > 0, let before { keepSelection(on: before, app) }
        if followEnd { position.selected = app.visibleEmployees.count - 1 }
        fit(app)
        // The listed rows may still end inside the window (a tall terminal), or keys asked for more
        // while this page was on its way: one more page. Not otherwise when the window is below the
        // listed rows: then the next key asks, so a selection resting on a worklist row the pages do
        // not reach cannot pull in the whole tenant by itself.
        let wanted = followEnd || app.morePagesWanted || listedRowsEndInWindow(app)
        app.morePagesWanted = false
        return wanted ? loadMoreIfNeeded(&app) : []
    }

    /// Pages in more employees when the window nears the end of what the server has listed (worklist rows
    /// below that are IDs only until a page lists them).
    mutating func loadMoreIfNeeded(_ app: inout AppState) -> [Effect] {
        let rows = app.layout.listRows
        guard app.connection != nil, !app.pageFailed, let offset = app.directory.nextOffset,
              app.directory.filter.isEmpty || followEnd,
              max(position.selected, position.top + rows) >= app.directory.loadedFromServer - rows else { return [] }
        guard !app.loadingPage else {
            // Asked while a page is on its way: that page's arrival asks for one more.
            app.morePagesWanted = true
            return []
        }
        app.morePagesWanted = false
        app.loadingPage = true
        let id = app.startRequest("employees")
        return [.loadEmployeesPage(EmployeesPageRequest(offset: offset, limit: AppState.pageSize, filter: app.serverFilter, refresh: false), id)]
    }

    /// Whether the last row the server has listed is on screen, with unlisted rows (or none) below it.
    func listedRowsEndInWindow(_ app: AppState) -> Bool {
        let end = app.directory.loadedFromServer
        return end >= position.top && end < position.top + app.layout.listRows
    }

    /// Rows start under the column titles, as `draw` lays them out.
    public func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)? {
        let range = Table.selectionRange(position, count: app.visibleEmployees.count, rows: app.layout.listRows)
        let index = range.lowerBound + y - 2
        return range.contains(index) ? (index, position.selected) : nil
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        let rows = state.visibleEmployees
        let idWidth = min(18, max(8, rows.prefix(200).map { TextWidth.of($0.id) }.max() ?? 8))
        let columnsY = area.top
        frame.fill(y: columnsY, role: .label)
        // Columns: ID, position (takes the rest), active, updated: position goes last in the cell order so
        // it can absorb the width, and is drawn before the two fixed columns on the right.
        // Narrow terminals drop the ACTIVE column first: the position is what identifies a person.
        let showActive = area.width >= 60
        let fixedRight = (showActive ? 6 + 2 : 0) + 14
        let positionWidth = max(4, area.width - idWidth - fixedRight - 6)
        func rowCells(_ id: String, _ position: String, _ active: String, _ updated: String, y: Int, role: Role, muted: Role) {
            frame.put(id, x: 1, y: y, role: role, maxWidth: idWidth)
            frame.put(position, x: 1 + idWidth + 2, y: y, role: role, maxWidth: positionWidth)
            if showActive { frame.put(active, x: area.width - fixedRight - 1, y: y, role: muted, maxWidth: 6) }
            frame.put(updated, x: area.width - 14 - 1, y: y, role: muted, maxWidth: 14)
        }
        rowCells("ID", "POSITION", "ACTIVE", "UPDATED", y: columnsY, role: .label, muted: .label)

        let listRows = state.layout.listRows
        let p = position
        let range = Table.selectionRange(p, count: rows.count, rows: listRows)
        for (offset, i) in range.enumerated() {
            let y = area.top + 1 + offset
            let row = rows[i]
            let selected = i == p.selected
            if selected { Table.markSelected(y: y, into: &frame) }
            let e = row.employee
            let position = e?.assignedPosition.map(TerminalText.sanitize) ?? (e == nil ? "" : "—")
            let active = e?.active.map { $0 ? "yes" : "no" } ?? ""
            let updated = e.map { TimestampText.cell($0.lastUpdated, now: state.now) } ?? ""
            rowCells(row.id, position, active, updated, y: y, role: .text, muted: .muted)
        }
        if rows.isEmpty {
            let text: String
            if state.loadingPage || state.connecting { text = "loading employees…" }
            else if !state.directory.filter.isEmpty { text = "no employee matches \"\(TerminalText.sanitize(state.directory.filter))\"" }
            else { text = "no employees yet — :employee ID opens any employee" }
            frame.put(text, x: 2, y: area.top + 2, role: .muted)
        }
        footer(state, shown: rows.count, range: range, y: area.bottom - 1, into: &frame)
    }

    func footer(_ state: AppState, shown: Int, range: Range<Int>, y: Int, into frame: inout Frame) {
        let d = state.directory
        var parts: [String] = []
        if d.serverCount == 0 {
            parts.append("the server lists no employees" + (state.serverFilter.isEmpty ? "" : " under this filter"))
        } else if let count = d.serverCount {
            parts.append("\(d.loadedFromServer) of \(count) employee\(count == 1 ? "" : "s") loaded")
        } else if d.loadedFromServer > 0 {
            parts.append(d.nextOffset == nil ? "all \(d.loadedFromServer) employees loaded" : "\(d.loadedFromServer) employees loaded")
        }
        let extra = d.rows.count - d.loadedFromServer
        if d.hiddenCount > 0 {
            // The header names the filter; these rows are only IDs, with nothing to say they are under it.
            parts.append("\(d.hiddenCount) worklist row\(d.hiddenCount == 1 ? "" : "s") hidden (not listed by the server)")
        } else if extra > 0 {
            parts.append("\(extra) more from the worklist or opened by ID")
        }
        if !state.directory.filter.isEmpty {
            // Shown first: on a narrow terminal the rest of the footer is cut.
            let of = d.nextOffset == nil ? "" : " of the \(d.rows.count) loaded"
            parts.insert("/\(TerminalText.sanitize(state.directory.filter)): \(shown) match\(shown == 1 ? "" : "es")\(of)", at: 0)
        }
        if state.loadingPage { parts.append("loading more…") }
        // Where the window is comes before the counts: on a narrow terminal the end of the line is cut.
        let hint = Table.scrollHint(above: range.lowerBound, below: max(0, shown - range.upperBound))
        if !hint.isEmpty { parts.insert(hint, at: state.directory.filter.isEmpty ? 0 : 1) }
        frame.put(parts.joined(separator: " · "), x: 1, y: y, role: .muted)
    }
}
