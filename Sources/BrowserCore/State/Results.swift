import Foundation
import TechWolfAPI

/// What comes back from the effect runner.
enum Results {
    static func handle(_ result: EffectResult, _ state: inout AppState) -> [Effect] {
        switch result {
        case .connected(let info, let id):
            state.pending[id] = nil
            return connected(info, &state)

        case .connectFailed(let field, let message, let id):
            state.pending[id] = nil
            state.connecting = false
            if let field { state.form.errors[field] = message } else { state.form.generalError = message }
            if let field { state.form.focus = field }
            return []

        case .employeesPage(let offset, let outcome, let id):
            state.pending[id] = nil
            state.loadingPage = false
            state.pageFailed = false
            switch outcome {
            case .success(let fetched):
                let page = fetched.value
                let selected = Navigation.selectedEmployee(state)
                state.directory.addPage(page.items)
                // Listed employees move ahead of worklist rows: a selection the user moved stays on its
                // employee; one still at the top stays at the top of the list.
                if !state.followEnd, state.employeesPosition.selected > 0, let selected {
                    Navigation.keepSelection(on: selected, &state)
                }
                state.directory.serverCount = page.count ?? state.directory.serverCount
                let more = page.items.count >= AppState.pageSize && (page.count.map { offset + page.items.count < $0 } ?? true)
                state.directory.nextOffset = more ? offset + page.items.count : nil
                if more && state.directory.isFull {
                    state.directory.nextOffset = nil
                    state.show("the list stops at \(EmployeeDirectory.maxListedText) employees; others can still be opened by their ID", .warning)
                }
                if state.followEnd { state.employeesPosition.selected = state.visibleEmployees.count - 1 }
                Navigation.clampPositions(&state)
                // The listed rows may still end inside the window (a tall terminal), or keys asked for more
                // while this page was on its way: one more page. Not otherwise when the window is below the
                // listed rows: then the next key asks, so a selection resting on a worklist row the pages do
                // not reach cannot pull in the whole tenant by itself.
                let wanted = state.followEnd || state.morePagesWanted || Navigation.listedRowsEndInWindow(state)
                state.morePagesWanted = false
                return wanted ? Navigation.loadMoreIfNeeded(&state) : []
            case .failure(let error):
                state.morePagesWanted = false
                if case .cancelled = error {} else { state.pageFailed = true }
                return failed(error, what: "employees", &state)
            }

        case .employee(let employeeID, let outcome, let id):
            state.pending[id] = nil
            switch outcome {
            case .success(let fetched):
                state.employees[employeeID] = .loaded(fetched.value, fetched.source)
                state.directory.add(employeeID, employee: fetched.value)
                return []
            case .failure(let error):
                state.employees[employeeID] = .failed(error)
                return failed(error, what: "employee \(employeeID)", &state)
            }

        case .interaction(let key, let outcome, let request):
            if let request { state.pending[request] = nil }
            switch outcome {
            case .success(let fetched):
                state.records[key] = .loaded(fetched.value, fetched.source)
                // Only the open record resolves its vacancy eagerly; list rows resolve theirs as they load.
                return Navigation.resolveVacancy(of: fetched.value, refresh: false, &state)
            case .failure(.cancelled):
                if state.records[key]?.isLoading == true { state.records[key] = nil }
                return []
            case .failure(let error):
                state.records[key] = .failed(error)
                if case .notFound = error, state.lookedUp.remove(key) != nil {
                    state.interactionLists[key.employee]?.remove(key.interaction)
                }
                // Batch members report in the progress line, not one message each.
                return request == nil ? unauthorizedOnly(error, &state) : failed(error, what: "interaction \(key.interaction)", &state)
            }

        case .vacancy(let vacancyID, let outcome, let id):
            state.pending[id] = nil
            switch outcome {
            case .success(let fetched): state.vacancies[vacancyID] = .resolved(fetched.value)
            case .failure(.cancelled): state.vacancies[vacancyID] = nil
            case .failure(let error): state.vacancies[vacancyID] = .failed(error.message)
            }
            return []

        case .batchProgress(let employee, let done, let failed):
            if state.batch?.employee == employee {
                state.batch?.done = done
                state.batch?.failed = failed
            }
            return []

        case .batchFinished(let employee, let done, let failedCount, let cancelled):
            let refusal = state.batch?.employee == employee ? state.batch?.firstRefusal : nil
            if state.batch?.employee == employee { state.batch = nil }
            if cancelled {
                for iid in state.interactionLists[employee]?.ids ?? [] {
                    let key = InteractionKey(employee: employee, interaction: iid)
                    if state.records[key]?.isLoading == true { state.records[key] = nil }
                }
                state.show("stopped after \(done) of the interactions", .warning)
            } else if failedCount > 0 || refusal != nil {
                let parts = ["\(done - failedCount) loaded", failedCount > 0 ? "\(failedCount) failed" : nil, refusal].compactMap { $0 }
                state.show(parts.joined(separator: ", "), .warning)
            }
            // The runner posts the cache figures right after this.
            return []

        case .cacheStats(let stats, let announce):
            state.cacheStats = stats
            if announce {
                state.show("cache: \(stats.hits) hits, \(stats.misses) misses, \(stats.shared) shared, \(stats.evictions) evicted, \(stats.size) entries")
            }
            return []

        case .cacheCleared(let stats):
            state.cacheStats = stats
            state.show("cache cleared")
            return []

        case .themeChanged(let theme):
            state.show("theme \(theme.name)")
            return []

        case .themeFailed(let message):
            state.show(message, .error)
            return []

        case .worklistAdded(let entries):
            Update.addWorklist(entries, &state)
            Navigation.clampPositions(&state)
            var effects = Navigation.loadMoreIfNeeded(&state)
            // An employee screen opened before these arrived (`--employee` with the demo) loads them now.
            let shown: String?
            switch state.screen {
            case .employee(let id): shown = id
            case .record(let key): shown = key.employee
            default: shown = nil
            }
            if let shown, state.batch == nil || state.batch?.employee == shown, entries.contains(where: { $0.employee == shown }) {
                effects += Navigation.loadEmployeeScreen(shown, refresh: false, &state)
            }
            return effects

        case .profileLoaded(let ready):
            state.profileName = ready.name
            let stack = state.stack
            state.form = ready.form
            // Connect from where the user is; on success the data of the old tenant is dropped.
            let effects = Connect.submit(&state)
            if state.form.errors.isEmpty { state.stack = stack.last == .connect ? stack : stack + [.connect] }
            state.show("profile \(ready.name)")
            return effects

        case .profileFailed(let message):
            state.show(message, .error)
            return []
        }
    }

    static func connected(_ info: ConnectionInfo, _ state: inout AppState) -> [Effect] {
        // The label is for people (host:port, tenant.region); two base URLs may share it.
        let sameOrigin = state.connection?.label == info.label && state.connection?.baseURL == info.baseURL
        state.connection = info
        state.connecting = false
        state.form.generalError = nil
        state.form.errors = [:]
        state.show("connected to \(info.label)", .success)
        // Back to where the user was (a mid-session reconnect), or on to the employees list.
        while state.stack.last == .connect && state.stack.count > 1 { state.stack.removeLast() }
        if state.stack == [.connect] { state.stack = [.employees] }
        var effects: [Effect] = [.refreshCacheStats(announce: false)]
        if !sameOrigin {
            // Another tenant: nothing fetched under the old one belongs here (the worklist stays).
            state.directory = state.directory.extrasOnly
            state.employees = [:]
            state.records = [:]
            state.vacancies = [:]
        }
        state.pageFailed = false
        if state.directory.loadedFromServer == 0 && !state.loadingPage {
            state.loadingPage = true
            effects.append(.loadEmployeesPage(offset: 0, limit: AppState.pageSize, state.startRequest("employees")))
        }
        if let target = state.startupTarget {
            state.startupTarget = nil
            switch target {
            case .employee(let id): effects += Navigation.openEmployee(id, &state)
            case .record(let key):
                effects += Navigation.openEmployee(key.employee, &state)
                effects += Navigation.openRecord(key, &state)
            default: break
            }
        } else {
            // Whatever screen was open when the token was rejected: reload what failed.
            switch state.screen {
            case .employee(let id): effects += Navigation.loadEmployeeScreen(id, refresh: false, &state)
            case .record(let key):
                if state.records[key]?.value == nil { state.records[key] = nil }
                effects += Navigation.loadRecord(key, refresh: false, &state)
            default: break
            }
        }
        return effects
    }

    /// A failed request: a message, and for a rejected token, the connect form.
    static func failed(_ error: APIError, what: String, _ state: inout AppState) -> [Effect] {
        switch error {
        case .cancelled:
            return []
        case .unauthorized(let m), .forbidden(let m):
            Connect.requireNewToken(m, &state)
            state.show("\(what): \(error.message)", .error)
        default:
            state.show("\(what): \(error.message)", .error)
        }
        return []
    }

    static func unauthorizedOnly(_ error: APIError, _ state: inout AppState) -> [Effect] {
        if case .unauthorized = error { return failed(error, what: "token", &state) }
        return []
    }
}
