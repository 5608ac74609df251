import Foundation
import TechWolfAPI

enum EmployeeLayout {
    static let summaryRows = 4
    /// Body rows minus the summary, the section title, the column header and the footer.
    static func listRows(height: Int) -> Int { max(1, height - 3 - summaryRows - 3) }
}

/// One employee: a summary and the interactions known for them.
enum EmployeeScreen {
    static func draw(_ id: String, _ state: AppState, area: BodyArea, into frame: inout Frame) {
        summary(id, state, area: area, into: &frame)
        let ids = state.visibleInteractions(of: id)
        let all = state.interactionLists[id]?.ids.count ?? 0
        let titleY = area.top + EmployeeLayout.summaryRows
        var title = "Interactions (\(all))"
        if let filter = state.employeeFilters[id], !filter.isEmpty { title += " — filter \"\(TerminalText.sanitize(filter))\": \(ids.count) match\(ids.count == 1 ? "" : "es")" }
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

        let rows = EmployeeLayout.listRows(height: state.height)
        let p = state.employeePositions[id] ?? ListPosition()
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

    static func summary(_ id: String, _ state: AppState, area: BodyArea, into frame: inout Frame) {
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

    static func footer(_ id: String, _ state: AppState, shown: Int, range: Range<Int>, y: Int, into frame: inout Frame) {
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
