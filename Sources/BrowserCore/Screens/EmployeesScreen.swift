import Foundation
import TechWolfAPI

enum EmployeesLayout {
    /// Body rows minus the column header and the footer.
    static func listRows(height: Int) -> Int { max(1, height - 3 - 2) }
}

/// The employees list: the API's pages, plus worklist and looked-up employees.
enum EmployeesScreen {
    static func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
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

        let listRows = EmployeesLayout.listRows(height: state.height)
        let p = state.employeesPosition
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
            if state.loadingPage { text = "loading employees…" }
            else if !state.employeesFilter.isEmpty { text = "no employee matches \"\(TerminalText.sanitize(state.employeesFilter))\"" }
            else { text = "no employees yet — :employee ID opens any employee" }
            frame.put(text, x: 2, y: area.top + 2, role: .muted)
        }
        footer(state, shown: rows.count, range: range, y: area.bottom - 1, into: &frame)
    }

    static func footer(_ state: AppState, shown: Int, range: Range<Int>, y: Int, into frame: inout Frame) {
        let d = state.directory
        var parts: [String] = []
        if let count = d.serverCount {
            parts.append("loaded \(d.loadedFromServer) of \(count)")
        } else if d.loadedFromServer > 0 {
            parts.append("loaded \(d.loadedFromServer)" + (d.nextOffset == nil ? " (all)" : ""))
        }
        let extra = d.rows.count - d.loadedFromServer
        if extra > 0 { parts.append("+\(extra) from the worklist or looked up") }
        if !state.employeesFilter.isEmpty {
            // Shown first: on a narrow terminal the rest of the footer is cut.
            let of = d.nextOffset == nil ? "" : " of the \(d.rows.count) loaded"
            parts.insert("/\(TerminalText.sanitize(state.employeesFilter)): \(shown) match\(shown == 1 ? "" : "es")\(of)", at: 0)
        }
        if state.loadingPage { parts.append("loading more…") }
        // Where the window is comes before the counts: on a narrow terminal the end of the line is cut.
        let hint = Table.scrollHint(above: range.lowerBound, below: max(0, shown - range.upperBound))
        if !hint.isEmpty { parts.insert(hint, at: state.employeesFilter.isEmpty ? 0 : 1) }
        frame.put(parts.joined(separator: " · "), x: 1, y: y, role: .muted)
    }
}
