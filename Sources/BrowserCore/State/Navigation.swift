import TechWolfAPI

/// Moving around: selection, opening, going back, paging in more employees, stepping between records.
enum Navigation {
    // MARK: Selection

    @discardableResult
    static func move(_ state: inout AppState, by delta: Int) -> [Effect] {
        switch state.screen {
        case .connect:
            return []
        case .employees:
            let count = state.visibleEmployees.count
            state.employeesPosition = moved(state.employeesPosition, by: delta, count: count, rows: listRows(state))
            return loadMoreIfNeeded(&state)
        case .employee(let id):
            let count = state.visibleInteractions(of: id).count
            state.employeePositions[id] = moved(state.employeePositions[id] ?? ListPosition(), by: delta, count: count,
                                                rows: EmployeeLayout.listRows(height: state.height))
            return []
        case .record:
            state.recordScroll = max(0, min(clampedAdd(state.recordScroll, delta),
                                            RecordLayout.maxScroll(lineCount: RecordLayout.lineCount(state), height: state.bodyHeight)))
            return []
        }
    }

    /// PageDown/PageUp: in a list the window and the selection move together by a page (less one row, for
    /// context), so the selection keeps its row on screen; elsewhere the view scrolls by a page.
    @discardableResult
    static func page(_ state: inout AppState, down: Bool) -> [Effect] {
        switch state.screen {
        case .employees:
            state.employeesPosition = paged(state.employeesPosition, down: down, count: state.visibleEmployees.count,
                                            rows: listRows(state))
            return loadMoreIfNeeded(&state)
        case .employee(let id):
            state.employeePositions[id] = paged(state.employeePositions[id] ?? ListPosition(), down: down,
                                                count: state.visibleInteractions(of: id).count,
                                                rows: EmployeeLayout.listRows(height: state.height))
            return []
        case .connect, .record:
            return move(&state, by: (down ? 1 : -1) * max(1, state.bodyHeight - 4))
        }
    }

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

    static func moved(_ p: ListPosition, by delta: Int, count: Int, rows: Int) -> ListPosition {
        var p = p
        guard count > 0 else { return ListPosition() }
        p.selected = max(0, min(count - 1, clampedAdd(p.selected, delta)))
        return scrolled(p, count: count, rows: rows)
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

    static func listRows(_ state: AppState) -> Int { EmployeesLayout.listRows(height: state.height) }

    /// The ID of the selected row of the employees list, and its row on screen.
    static func selectedEmployee(_ state: AppState) -> (id: String, screenRow: Int)? {
        let rows = state.visibleEmployees
        let p = state.employeesPosition
        guard rows.indices.contains(p.selected) else { return nil }
        return (rows[p.selected].id, p.selected - p.top)
    }

    /// The record the screen is about: the one shown, or the selected row of an employee's list.
    static func selectedRecordKey(_ state: AppState) -> InteractionKey? {
        switch state.screen {
        case .record(let key): return key
        case .employee(let id):
            let ids = state.visibleInteractions(of: id)
            let p = state.employeePositions[id] ?? ListPosition()
            return ids.indices.contains(p.selected) ? InteractionKey(employee: id, interaction: ids[p.selected]) : nil
        default: return nil
        }
    }

    /// Selects that employee again after the list changed under it, at the same row on screen when it can.
    static func keepSelection(on selected: (id: String, screenRow: Int), _ state: inout AppState) {
        guard let i = state.directory.visiblePosition(of: selected.id) else { return }
        var p = ListPosition()
        p.selected = i
        p.top = max(0, i - selected.screenRow)
        state.employeesPosition = scrolled(p, count: state.visibleEmployees.count, rows: listRows(state))
    }

    static func clampPositions(_ state: inout AppState) {
        state.employeesPosition = scrolled(state.employeesPosition, count: state.visibleEmployees.count, rows: listRows(state))
        for (id, p) in state.employeePositions {
            state.employeePositions[id] = scrolled(p, count: state.visibleInteractions(of: id).count,
                                                   rows: EmployeeLayout.listRows(height: state.height))
        }
        state.recordScroll = max(0, min(state.recordScroll,
                                        RecordLayout.maxScroll(lineCount: RecordLayout.lineCount(state), height: state.bodyHeight)))
    }

    /// Pages in more employees when the window nears the end of what the server has listed (worklist rows
    /// below that are IDs only until a page lists them).
    static func loadMoreIfNeeded(_ state: inout AppState) -> [Effect] {
        let p = state.employeesPosition
        guard state.connection != nil, !state.pageFailed, let offset = state.directory.nextOffset,
              state.employeesFilter.isEmpty || state.followEnd,
              max(p.selected, p.top + listRows(state)) >= state.directory.loadedFromServer - listRows(state) else { return [] }
        guard !state.loadingPage else {
            // Asked while a page is on its way: that page's arrival asks for one more.
            state.morePagesWanted = true
            return []
        }
        state.morePagesWanted = false
        state.loadingPage = true
        let id = state.startRequest("employees")
        return [.loadEmployeesPage(offset: offset, limit: AppState.pageSize, id)]
    }

    /// Whether the last row the server has listed is on screen, with unlisted rows (or none) below it.
    static func listedRowsEndInWindow(_ state: AppState) -> Bool {
        let p = state.employeesPosition
        let end = state.directory.loadedFromServer
        return end >= p.top && end < p.top + listRows(state)
    }

    // MARK: Opening and going back

    static func open(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .employees:
            guard let selected = selectedEmployee(state) else { return [] }
            return openEmployee(selected.id, &state)
        case .employee:
            guard let key = selectedRecordKey(state) else { return [] }
            return openRecord(key, &state)
        default:
            return []
        }
    }

    static func openEmployee(_ id: String, _ state: inout AppState) -> [Effect] {
        state.directory.add(id)
        state.stack.append(.employee(id))
        return loadEmployeeScreen(id, refresh: false, &state)
    }

    /// The employee's summary and every known interaction not yet loaded (as a bounded batch).
    static func loadEmployeeScreen(_ id: String, refresh: Bool, _ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if refresh || state.employees[id] == nil || { if case .failed = state.employees[id] { return true } else { return false } }() {
            state.employees[id] = .loading
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

    static func openRecord(_ key: InteractionKey, _ state: inout AppState) -> [Effect] {
        state.directory.add(key.employee)
        state.interactionLists[key.employee, default: InteractionList()].add(key.interaction)
        state.stack.append(.record(key))
        state.recordScroll = 0
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
            state.records[key] = .loading
            return [.loadInteraction(key, refresh: refresh, state.startRequest("interaction \(key.interaction)"))]
        }
    }

    static func resolveVacancy(of record: InteractionRecord, refresh: Bool, _ state: inout AppState) -> [Effect] {
        guard let vacancyID = record.vacancyID, (try? Validators.externalID(vacancyID, field: "vacancy ID")) != nil else { return [] }
        switch state.vacancies[vacancyID] {
        case .resolved? where !refresh, .failed? where !refresh, .loading?: return []
        default:
            state.vacancies[vacancyID] = .loading
            return [.loadVacancy(vacancyID, refresh: refresh, state.startRequest("vacancy \(vacancyID)"))]
        }
    }

    static func back(_ state: inout AppState) -> [Effect] {
        if !state.pending.isEmpty || state.batch != nil {
            // Esc first cancels what is in flight; the next Esc goes back.
            state.show("cancelled")
            return [.cancelAll]
        }
        if !currentFilter(state).isEmpty {
            setFilter("", &state)
            return []
        }
        guard state.stack.count > 1 else {
            state.show("At the top. Press q to quit.")
            return []
        }
        return pop(&state)
    }

    static func pop(_ state: inout AppState) -> [Effect] {
        guard state.stack.count > 1 else { return [] }
        state.stack.removeLast()
        state.recordScroll = 0
        if case .employee(let id) = state.screen {
            // Coming back from a record: fetch whatever a cancelled batch left unloaded.
            let unloaded = (state.interactionLists[id]?.ids ?? []).contains { iid in
                switch state.records[InteractionKey(employee: id, interaction: iid)] {
                case nil, .loading?: return true
                default: return false
                }
            }
            if unloaded && state.batch == nil {
                for iid in state.interactionLists[id]?.ids ?? [] where state.records[InteractionKey(employee: id, interaction: iid)]?.isLoading == true {
                    state.records[InteractionKey(employee: id, interaction: iid)] = nil
                }
                return loadEmployeeScreen(id, refresh: false, &state)
            }
        }
        return []
    }

    // MARK: Refresh, stepping, filters

    static func refresh(_ state: inout AppState) -> [Effect] {
        switch state.screen {
        case .employees:
            state.directory = state.directory.extrasOnly
            state.employeesPosition = ListPosition()
            state.loadingPage = true
            state.pageFailed = false
            // The page's answer brings the cache figures with it.
            return [.loadEmployeesPage(offset: 0, limit: AppState.pageSize, state.startRequest("employees"))]
        case .employee(let id):
            return loadEmployeeScreen(id, refresh: true, &state)
        case .record(let key):
            var effects = loadRecord(key, refresh: true, &state)
            if let record = state.records[key]?.value { effects += resolveVacancy(of: record, refresh: true, &state) }
            return effects
        case .connect:
            return []
        }
    }

    /// `n` / `p`: the next or previous interaction of the same employee, in the employee screen's order.
    static func step(_ state: inout AppState, by delta: Int) -> [Effect] {
        guard case .record(let key) = state.screen else { return [] }
        let ids = state.visibleInteractions(of: key.employee)
        guard let i = ids.firstIndex(of: key.interaction) else { return [] }
        let j = i + delta
        guard ids.indices.contains(j) else {
            state.show(delta > 0 ? "This is the last interaction of \(key.employee)." : "This is the first interaction of \(key.employee).")
            return []
        }
        let next = InteractionKey(employee: key.employee, interaction: ids[j])
        state.stack[state.stack.count - 1] = .record(next)
        state.recordScroll = 0
        var p = state.employeePositions[key.employee] ?? ListPosition()
        p.selected = j
        state.employeePositions[key.employee] = scrolled(p, count: ids.count, rows: EmployeeLayout.listRows(height: state.height))
        return loadRecord(next, refresh: false, &state)
    }

    static func currentFilter(_ state: AppState) -> String {
        switch state.screen {
        case .employees: return state.employeesFilter
        case .employee(let id): return state.employeeFilters[id] ?? ""
        default: return ""
        }
    }

    static func setFilter(_ text: String, _ state: inout AppState) {
        switch state.screen {
        case .employees:
            let selected = selectedEmployee(state)
            state.employeesFilter = text
            // The selected employee stays selected while it still matches; otherwise the first match.
            state.employeesPosition = scrolled(ListPosition(), count: state.visibleEmployees.count, rows: listRows(state))
            if let selected { keepSelection(on: selected, &state) }
        case .employee(let id):
            state.employeeFilters[id] = text
            state.employeePositions[id] = ListPosition()
        default:
            break
        }
    }
}
