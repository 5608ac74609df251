import Foundation
import TechWolfAPI

/// One employee: a summary and the interactions known for them, filtered with `/`.
public struct EmployeeScreen: Screen {
    public let id: String
    public var position = ListPosition()
    public var listFilter = ""

    static let summaryRows = 4

    public init(employee: String) {
        id = employee
    }

    public var context: ActionContext { .employee }
    public var employee: String? { id }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { [id] }

    /// The list's rows: the layout's, less the summary and the section title above the column header.
    static func listRows(_ layout: Layout) -> Int { max(1, layout.listRows - summaryRows - 1) }

    func visible(_ app: AppState) -> [String] { app.visibleInteractions(of: id, filter: listFilter) }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        position = ListMotion.moved(position, by: delta, count: visible(app).count, rows: Self.listRows(app.layout))
        return []
    }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        position = ListMotion.paged(position, down: down, count: visible(app).count, rows: Self.listRows(app.layout))
        return []
    }

    public mutating func open(_ app: inout AppState) -> [Effect] {
        guard let key = selection(app)?.interactionKey else { return [] }
        return Navigation.openRecord(key, filter: listFilter, &app)
    }

    public mutating func refresh(_ app: inout AppState) -> [Effect] { Navigation.loadEmployee(id, refresh: true, &app) }

    public mutating func reload(_ app: inout AppState) -> [Effect] { Navigation.loadEmployee(id, refresh: false, &app) }

    public func filter(_ app: AppState) -> String? { listFilter }

    public mutating func setFilter(_ text: String, _ app: inout AppState) {
        listFilter = text
        position = ListPosition()
    }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        guard action.action == .addInteractions else { return nil }
        app.overlay = .addIDs(TextField("", limit: 2 << 20, keepsLineBreaks: true), employee: id)
        return []
    }

    public mutating func fit(_ app: AppState) {
        position = ListMotion.scrolled(position, count: visible(app).count, rows: Self.listRows(app.layout))
    }

    /// Back from one of this employee's records: that record is selected (the list follows `n` and `p`),
    /// and whatever a cancelled batch left unloaded is fetched.
    public mutating func resume(after closed: any Screen, _ app: inout AppState) -> [Effect] {
        if let key = closed.selection(app)?.interactionKey, key.employee == id {
            let ids = visible(app)
            if let i = ids.firstIndex(of: key.interaction) {
                var p = position
                p.selected = i
                position = ListMotion.scrolled(p, count: ids.count, rows: Self.listRows(app.layout))
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

    /// Rows start under the summary, the title and the column titles, as `draw` lays them out.
    public func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)? {
        let range = Table.selectionRange(position, count: visible(app).count, rows: Self.listRows(app.layout))
        let index = range.lowerBound + y - (1 + Self.summaryRows + 2)
        return range.contains(index) ? (index, position.selected) : nil
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        summary(id, state, area: area, into: &frame)
        let ids = visible(state)
        let all = state.interactionLists[id]?.ids.count ?? 0
        let titleY = area.top + Self.summaryRows
        var title = "Interactions (\(all))"
        if !listFilter.isEmpty { title += " — filter \"\(TerminalText.sanitize(listFilter))\": \(ids.count) match\(ids.count == 1 ? "" : "es")" }
        frame.put(title, x: 1, y: titleY, role: .accent)

        let idWidth = min(16, max(6, ids.prefix(200).map { TextWidth.of($0) }.max() ?? 6))
        // Narrow terminals drop TYPE first: what the interaction points at matters more.
        let typeWidth = area.width >= 70 ? 16 : 0
        let whenWidth = 14
        let whenX = 1 + idWidth + 2 + (typeWidth > 0 ? typeWidth + 2 : 0)
        let pointsX = whenX + whenWidth + 2
        func cells(_ a: String, _ b: String, _ c: String, _ d: String, y: Int, role: Role, muted: Role, dRole: Role? = nil) {
            frame.put(a, x: 1, y: y, role: role, maxWidth: idWidth)
            if typeWidth > 0 { frame.put(b, x: 1 + idWidth + 2, y: y, role: muted, maxWidth: typeWidth) }
            frame.put(c, x: whenX, y: y, role: muted, maxWidth: whenWidth)
            frame.put(d, x: pointsX, y: y, role: dRole ?? role, maxWidth: max(0, area.width - pointsX - 1))
        }
        frame.fill(y: titleY + 1, role: .label)
        cells("ID", "TYPE", "WHEN", "POINTS AT", y: titleY + 1, role: .label, muted: .label)

        let rows = Self.listRows(state.layout)
        let p = position
        let range = Table.selectionRange(p, count: ids.count, rows: rows)
        for (offset, i) in range.enumerated() {
            let y = titleY + 2 + offset
            let selected = i == p.selected
            if selected { Table.markSelected(y: y, into: &frame) }
            let key = InteractionKey(employee: id, interaction: ids[i])
            let role: Role = .text
            let muted: Role = .muted
            switch state.records[key] {
            case .loaded(let record, _)?:
                let (target, targetRole) = pointsAt(record, state)
                let warn = record.warnings.isEmpty ? "" : "⚠ "
                cells(ids[i], record.interactionType.map(TerminalText.sanitize) ?? "?", TimestampText.cell(record.timestamp, now: state.now),
                      warn + target, y: y, role: role, muted: muted, dRole: record.warnings.isEmpty ? targetRole : .warning)
            case .failed(let error)?:
                cells(ids[i], "", "", errorSummary(error), y: y, role: role, muted: muted, dRole: .error)
            case .loading?:
                cells(ids[i], "…", "", "loading", y: y, role: role, muted: muted, dRole: muted)
            case nil:
                cells(ids[i], "", "", "not loaded — r loads", y: y, role: role, muted: muted, dRole: muted)
            }
        }
        if ids.isEmpty {
            let text = all == 0 ? "No interactions known yet. The API cannot list them: press a to add IDs (paste many at once)."
                                : "No interaction matches the filter."
            frame.put(text, x: 2, y: titleY + 3, role: .muted)
        }
        footer(id, state, shown: ids.count, range: range, y: area.bottom - 1, into: &frame)
    }

    func pointsAt(_ record: InteractionRecord, _ state: AppState) -> (String, Role) {
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

    func errorSummary(_ error: APIError) -> String {
        switch error {
        case .notFound: return "not found"
        default: return error.message
        }
    }

    func summary(_ id: String, _ state: AppState, area: BodyArea, into frame: inout Frame) {
        let y = area.top
        func line(_ label: String, _ value: String, _ dy: Int, role: Role = .text) {
            frame.put(label, x: 1, y: y + dy, role: .label, maxWidth: 14)
            frame.put(value, x: 16, y: y + dy, role: role, maxWidth: area.width - 17)
        }
        switch state.employees[id] {
        case .loaded(let e, let source)?:
            let position = e.assignedPosition.map(TerminalText.sanitize) ?? "—"
            line("Position", position + (e.assignedPositionID.map { "  (\(TerminalText.sanitize($0)))" } ?? ""), 0)
            line("Active", e.active.map { $0 ? "yes" : "no" } ?? "—", 1)
            line("Unit", e.organisationalUnit.map(TerminalText.sanitize) ?? "—", 2)
            let updated = e.lastUpdated.map { ts in
                (TimestampText.relative(ts, now: state.now) ?? TerminalText.sanitize(ts.original)) + "  (\(TerminalText.sanitize(ts.original)))"
            } ?? "—"
            line("Last updated", updated + "   · \(source.summary)", 3)
        case .failed(let error)?:
            line("Employee", error.message, 0, role: .error)
            line("", "r retries · Esc goes back", 1, role: .muted)
        case .loading?, nil:
            line("Employee", "loading \(id)…", 0, role: .muted)
        }
    }

    func footer(_ id: String, _ state: AppState, shown: Int, range: Range<Int>, y: Int, into frame: inout Frame) {
        if let batch = state.batch, batch.employee == id {
            let label = " \(batch.done)/\(batch.total)" + (batch.failed > 0 ? " (\(batch.failed) failed)" : "") + " · Esc cancels"
            let barWidth = max(10, min(40, frame.width - TextWidth.of(label) - 4))
            let fraction = batch.total == 0 ? 0 : min(1, max(0, Double(batch.done) / Double(batch.total)))
            let filled = Int((fraction * Double(barWidth)).rounded(.down))
            frame.put("[", x: 1, y: y, role: .muted)
            frame.put(String(repeating: "█", count: filled), x: 2, y: y, role: .progress)
            frame.put(String(repeating: "░", count: barWidth - filled), x: 2 + filled, y: y, role: .muted)
            frame.put("]" + label, x: 2 + barWidth, y: y, role: .muted)
            return
        }
        let hint = Table.scrollHint(above: range.lowerBound, below: max(0, shown - range.upperBound))
        frame.put(hint.isEmpty ? "a adds interaction IDs (one, or paste many)" : hint, x: 1, y: y, role: .muted)
    }
}
