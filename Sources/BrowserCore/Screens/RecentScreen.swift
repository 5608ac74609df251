#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// `:recent`: the records opened this session, newest first, with their employee, their timestamp and
/// when they were opened. Enter opens one (from memory when it is still there).
public struct RecentScreen: Screen {
    public var position = ListPosition()

    public init() {}

    public var context: ActionContext { .recent }
    public var place: PlaceKey? { .recent }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { ["recent"] }

    /// Opens the list on top of where the user is (once: `:recent` on it again does nothing more).
    static func open(_ state: inout AppState) -> [Effect] {
        if !(state.top is RecentScreen) { state.push(RecentScreen()) }
        if state.recent.isEmpty { state.show("No record opened yet this session") }
        return []
    }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        position = ListMotion.moved(position, by: delta, count: app.recent.count, rows: app.layout.listRows)
        return []
    }

    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        position = ListMotion.paged(position, down: down, count: app.recent.count, rows: app.layout.listRows)
        return []
    }

    public mutating func fit(_ app: AppState) {
        position = ListMotion.scrolled(position, count: app.recent.count, rows: app.layout.listRows)
    }

    public func selection(_ app: AppState) -> Selection? {
        app.recent.indices.contains(position.selected) ? .interaction(app.recent[position.selected].key) : nil
    }

    public mutating func select(_ selection: Selection, _ app: AppState) -> Bool {
        guard case .interaction(let wanted) = selection, let i = app.recent.firstIndex(where: { wanted == $0.key }) else { return false }
        position.selected = i
        fit(app)
        return true
    }

    public mutating func open(_ app: inout AppState) -> [Effect] {
        guard let key = selection(app)?.interactionKey else { return [] }
        return Navigation.openRecord(key, &app)
    }

    /// The record's day (UTC), or its text as sent when it is not a date.
    static func date(_ timestamp: APITimestamp?, now: Date) -> String {
        guard let timestamp else { return "—" }
        return TimestampText.utc(timestamp).map { String($0.prefix(10)) } ?? TimestampText.cell(timestamp, now: now)
    }

    public func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)? {
        let range = Table.selectionRange(position, count: app.recent.count, rows: app.layout.listRows)
        let index = range.lowerBound + y - 2
        return range.contains(index) ? (index, position.selected) : nil
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        let rows = state.recent
        let cap = area.width >= 120 ? 24 : 16
        let interactionWidth = min(cap, max(11, rows.prefix(200).map { TextWidth.of($0.key.interaction) }.max() ?? 11))
        let employeeWidth = min(cap, max(8, rows.prefix(200).map { TextWidth.of($0.key.employee) }.max() ?? 8))
        let whenWidth = 14
        // Two columns between columns, as the other tables have.
        let employeeX = 1 + interactionWidth + 2
        let whenX = employeeX + employeeWidth + 2
        let openedX = whenX + whenWidth + 2
        let header = area.top
        frame.fill(y: header, role: .label)
        frame.put("INTERACTION", x: 1, y: header, role: .label, maxWidth: interactionWidth)
        frame.put("EMPLOYEE", x: employeeX, y: header, role: .label, maxWidth: employeeWidth)
        frame.put("DATE", x: whenX, y: header, role: .label, maxWidth: whenWidth)
        frame.put("OPENED", x: openedX, y: header, role: .label, maxWidth: max(0, area.width - openedX - 1))
        let range = Table.selectionRange(position, count: rows.count, rows: state.layout.listRows)
        for (offset, i) in range.enumerated() {
            let y = header + 1 + offset
            if i == position.selected { Table.markSelected(y: y, into: &frame) }
            let row = rows[i]
            frame.put(row.key.interaction, x: 1, y: y, role: .text, maxWidth: interactionWidth)
            frame.put(row.key.employee, x: employeeX, y: y, role: .text, maxWidth: employeeWidth)
            let when = state.records[row.key]?.value.map { Self.date($0.timestamp, now: state.now) } ?? "—"
            frame.put(when, x: whenX, y: y, role: .muted, maxWidth: whenWidth)
            frame.put(RelativeTime.phrase(row.opened, now: state.now), x: openedX, y: y, role: .muted, maxWidth: max(0, area.width - openedX - 1))
        }
        if rows.isEmpty {
            frame.put("No record opened yet this session.", x: 2, y: header + 2, role: .muted)
        }
        let hint = Table.scrollHint(above: range.lowerBound, below: max(0, rows.count - range.upperBound))
        frame.put(hint.isEmpty ? "Enter opens the record · ^O and Tab go back and forward through the places visited" : hint,
                  x: 1, y: area.bottom - 1, role: .muted, maxWidth: max(0, area.width - 2))
    }
}
