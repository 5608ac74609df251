import TechWolfAPI

/// Lists' selection and scrolling, shared by the screens that show a list.
enum ListMotion {
    static func moved(_ p: ListPosition, by delta: Int, count: Int, rows: Int) -> ListPosition {
        var p = p
        guard count > 0 else { return ListPosition() }
        p.selected = max(0, min(count - 1, clampedAdd(p.selected, delta)))
        return scrolled(p, count: count, rows: rows)
    }

    /// PageDown/PageUp: the window and the selection move together by a page (less one row, for context),
    /// so the selection keeps its row on screen.
    static func paged(_ p: ListPosition, down: Bool, count: Int, rows: Int) -> ListPosition {
        guard count > 0 else { return ListPosition() }
        let rows = max(1, rows)
        let step = max(1, rows - 1) * (down ? 1 : -1)
        var q = p
        q.top = max(0, min(clampedAdd(p.top, step), max(0, count - rows)))
        q.selected = max(0, min(count - 1, clampedAdd(p.selected, step)))
        return scrolled(q, count: count, rows: rows)
    }

    static func clampedAdd(_ a: Int, _ b: Int) -> Int {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? Int.max : Int.min) : r
    }

    /// Keeps the selection in view. When it steps just past an edge the window moves by half a page, not
    /// one row: scrolling one row at a time redraws a row on every key, which is most of what a key costs
    /// over a slow link; by half a page it costs one scroll per `rows / 2` keys. Longer jumps (pages, G)
    /// move the window only as far as needed.
    static func scrolled(_ p: ListPosition, count: Int, rows: Int) -> ListPosition {
        var p = p
        let rows = max(1, rows)
        let jump = max(1, rows / 2)
        p.selected = max(0, min(p.selected, max(0, count - 1)))
        if p.selected < p.top { p.top = min(p.selected, max(0, p.top - jump)) }
        if p.selected >= p.top + rows { p.top = max(p.selected - rows + 1, min(p.top + jump, p.selected)) }
        p.top = max(0, min(p.top, max(0, count - rows)))
        return p
    }
}

/// Opening employees and records, and loading what they show: shared by the screens, the `:` commands
/// and the results of a reconnect.
enum Navigation {
    static func openEmployee(_ id: String, _ state: inout AppState) -> [Effect] {
        state.directory.add(id)
        state.push(EmployeeScreen(employee: id))
        return loadEmployee(id, refresh: false, &state)
    }

    /// The employee's summary and every known interaction not yet loaded (as a bounded batch).
    static func loadEmployee(_ id: String, refresh: Bool, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if refresh || state.employees[id] == nil || { if case .failed = state.employees[id] { return true } else { return false } }() {
            // A refresh keeps the profile on screen until the new one arrives (or Esc cancels it).
            if !(refresh && state.employees[id]?.value != nil) { state.employees[id] = .loading }
            effects.append(.loadEmployee(id, refresh: refresh, state.startRequest("employee \(id)")))
        }
        let ids = state.interactionLists[id]?.ids ?? []
        let missing = ids.filter { iid in
            let key = InteractionKey(employee: id, interaction: iid)
            if refresh { return true }
            switch state.records[key] {
            case nil, .failed?: return true
            default: return false
            }
        }
        if !missing.isEmpty {
            for iid in missing { state.records[InteractionKey(employee: id, interaction: iid)] = .loading }
            effects += Batch.start(missing, employee: id, &state)
        }
        return effects
    }

    /// Opens a record; `filter` is the employee list's, whose order `n` and `p` follow.
    static func openRecord(_ key: InteractionKey, _ state: inout AppState) -> [Effect] {
        state.directory.add(key.employee)
        state.interactionLists[key.employee, default: InteractionList()].add(key.interaction)
        state.push(RecordScreen(key: key))
        return loadRecord(key, refresh: false, &state)
    }

    static func loadRecord(_ key: InteractionKey, refresh: Bool, _ state: inout AppState) -> [Effect] {
        switch state.records[key] {
        case .loaded(let record, _)? where !refresh:
            return resolveVacancy(of: record, refresh: false, &state)
        case .loading? where !refresh:
            // Already on its way, probably in a batch; the record screen shows it when it lands.
            return []
        default:
            // A refresh keeps the record on screen until the new one arrives (or Esc cancels it).
            if !(refresh && state.records[key]?.value != nil) { state.records[key] = .loading }
            return [.loadInteraction(key, refresh: refresh, state.startRequest("interaction \(key.interaction)"))]
        }
    }

    static func resolveVacancy(of record: InteractionRecord, refresh: Bool, _ state: inout AppState) -> [Effect] {
        guard let vacancyID = record.vacancyID, (try? Validators.externalID(vacancyID, field: "vacancy ID")) != nil else { return [] }
        switch state.vacancies[vacancyID] {
        case .resolved? where !refresh, .failed? where !refresh, .loading?: return []
        default:
            if !(refresh && { if case .resolved? = state.vacancies[vacancyID] { return true } else { return false } }()) {
                state.vacancies[vacancyID] = .loading
            }
            return [.loadVacancy(vacancyID, refresh: refresh, state.startRequest("vacancy \(vacancyID)"))]
        }
    }

    /// Enter on a `/` filter of the employees list that matches no loaded row: when the text is a valid
    /// employee ID, the server is asked for that employee (the list holds only the pages loaded so far).
    /// It joins the list only if the server knows it; a 404 shows on its screen.
    static func lookUpUnlisted(_ text: String, _ state: inout AppState) -> [Effect] {
        guard state.top is EmployeesScreen, state.visibleEmployees.isEmpty, state.connection != nil,
              let id = try? Validators.externalID(text, field: "employee ID") else { return [] }
        Prompts.setFilter("", &state)
        state.push(EmployeeScreen(employee: id))
        state.show("\(id) is not among the loaded rows: asking the server")
        return loadEmployee(id, refresh: false, &state)
    }

    /// `v` (and Enter on a record): the vacancy of a loaded record, or why there is none.
    static func openVacancy(of key: InteractionKey, _ state: inout AppState) -> [Effect] {
        guard let record = state.records[key]?.value else {
            state.show("the record is not loaded yet", .warning)
            return []
        }
        guard let vacancyID = record.vacancyID else {
            state.show("this interaction points at a title, not a vacancy")
            return []
        }
        guard (try? Validators.externalID(vacancyID, field: "vacancy ID")) != nil else {
            state.show("the record's vacancy_id is not a valid ID", .warning)
            return []
        }
        return VacancyScreen.open(vacancyID, &state)
    }

    /// A jump (`:employee`, `:interaction`): the stack becomes the employees list (the one open, with its
    /// selection, or a new one) and what is opened on it.
    static func jumpToEmployees(_ state: inout AppState) {
        if let i = state.stack.firstIndex(where: { $0.screen is EmployeesScreen }) {
            state.truncate(after: i)
        } else {
            state.screens = [EmployeesScreen()]
        }
    }
}
