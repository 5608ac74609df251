#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
            state.connectingTo = nil
            if let field { state.form.errors[field] = message } else { state.form.generalError = message }
            if let field { state.form.focus = field }
            // A start that went straight to the employees list comes back to the form to say why.
            if state.connection == nil { state.screens = [ConnectScreen()] } else { Connect.showForm(&state) }
            return []

        case .employeesPage(let offset, let outcome, let id):
            // A page for a filter that has since changed: not this list's.
            guard state.supersededPages.remove(id) == nil else { return [] }
            state.pending[id] = nil
            state.loadingPage = false
            state.pageFailed = false
            switch outcome {
            case .success(let fetched):
                let page = fetched.value
                let more = page.items.count >= AppState.pageSize && (page.count.map { offset + page.items.count < $0 } ?? true)
                guard state.stack.contains(where: { $0.screen is EmployeesScreen }) else {
                    state.directory.addPage(page.items)
                    state.directory.serverCount = page.count ?? state.directory.serverCount
                    state.directory.nextOffset = more && !state.directory.isFull ? offset + page.items.count : nil
                    return []
                }
                return state.withScreen(EmployeesScreen.self) { list, state in
                    // The count and the next offset are set before the list asks for more.
                    state.directory.serverCount = page.count ?? state.directory.serverCount
                    state.directory.nextOffset = more ? offset + page.items.count : nil
                    let effects = list.pageArrived(page, offset: offset, &state)
                    state.fitScreens()
                    return effects
                }
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
            case .failure(.cancelled) where state.employees[employeeID]?.value != nil:
                return []
            case .failure(let error):
                state.employees[employeeID] = .failed(error)
                return failed(error, what: "employee \(employeeID)", &state)
            }

        case .interaction(let key, let outcome, let request):
            state.pending[request] = nil
            return record(key, outcome, &state) { error, state in failed(error, what: "interaction \(key.interaction)", &state) }

        case .batchMember(let key, let outcome):
            // Batch members report in the progress line, not one message each.
            return record(key, outcome, &state) { error, state in unauthorizedOnly(error, &state) }

        case .prefetched(let key, let outcome, let vacancy, let id):
            return Prefetch.arrived(key, outcome, vacancy: vacancy, id: id, &state)

        case .vacancy(let vacancyID, let outcome, let id):
            state.pending[id] = nil
            switch outcome {
            case .success(let fetched): state.vacancies[vacancyID] = .resolved(fetched.value)
            case .failure(.cancelled):
                if case .loading? = state.vacancies[vacancyID] { state.vacancies[vacancyID] = nil }
            case .failure(let error): state.vacancies[vacancyID] = .failed(error.message)
            }
            return []

        case .batchProgress(let owner, let done, let failed):
            if state.batch?.owner == owner {
                state.batch?.done = done
                state.batch?.failed = failed
            }
            return []

        case .batchFinished(let owner, let done, let failedCount, let cancelled):
            let refusal = state.batch?.owner == owner ? state.batch?.firstRefusal : nil
            if state.batch?.owner == owner { state.batch = nil }
            if cancelled {
                let keys: [InteractionKey]
                switch owner {
                case .employee(let employee):
                    keys = (state.interactionLists[employee]?.ids ?? []).map { InteractionKey(employee: employee, interaction: $0) }
                case .worklist:
                    keys = state.screens.compactMap { $0 as? WorklistScreen }.flatMap(\.keys)
                }
                for key in keys where state.records[key]?.isLoading == true { state.records[key] = nil }
                state.show("stopped after \(done) of the interactions", .warning)
            } else if owner == .worklist, let worklist = state.screens.last(where: { $0 is WorklistScreen }) as? WorklistScreen {
                // Told as the screen's summary counts it: a pair not found is not a failure of the request.
                state.show("worklist: " + worklist.counts(state), failedCount > 0 ? .warning : .success)
            } else if failedCount > 0 || refusal != nil {
                let parts = ["\(done - failedCount) loaded", failedCount > 0 ? "\(failedCount) failed" : nil, refusal].compactMap { $0 }
                state.show(parts.joined(separator: ", "), .warning)
            }
            // The runner posts the cache figures right after this.
            return []

        case .worklistRead(let name, let entries, let problems):
            let effects = WorklistScreen.open(name: name, entries, skipped: problems.count, &state)
            if let first = problems.first {
                state.show("\(name): \(problems.count) bad line\(problems.count == 1 ? "" : "s") skipped (\(first))", .warning)
            }
            return effects

        case .worklistFailed(let message):
            state.show(message, .error)
            return []

        case .cacheReport:
            let stats = state.cacheStats
            state.show("cache: \(stats.hits) \(stats.hits == 1 ? "hit" : "hits"), \(stats.misses) \(stats.misses == 1 ? "miss" : "misses"), \(stats.shared) shared, \(stats.evictions) evicted, \(stats.size) entries")
            return []

        case .cacheCleared:
            state.show("cache cleared")
            return []

        case .themeChanged(let theme):
            state.theme = theme
            state.show("theme \(theme.name)")
            return []

        case .themeFailed(let message):
            state.show(message, .error)
            return []

        case .clipboardBlocked(let problem):
            state.clipboardProblem = problem
            return []

        case .worklistAdded(let entries):
            Update.addWorklist(entries, &state)
            state.fitScreens()
            var effects = state.withScreen(EmployeesScreen.self) { list, state in list.loadMoreIfNeeded(&state) }
            // An employee screen opened before these arrived (`--employee` with the demo) loads them now.
            if let shown = state.top.employee, state.batch == nil || state.batch?.employee == shown, entries.contains(where: { $0.employee == shown }) {
                effects += Navigation.loadEmployee(shown, refresh: false, &state)
            }
            return effects

        case .profileLoaded(let ready):
            state.profileName = ready.name
            if let theme = ready.theme { state.theme = theme }
            state.form = ready.form
            // Connect from where the user is, with the form on top until it has; on success the data of
            // the old tenant is dropped.
            let effects = Connect.submit(&state)
            if state.form.errors.isEmpty { Connect.showForm(&state) }
            state.show("profile \(ready.name)")
            return effects

        case .profileFailed(let message):
            state.show(message, .error)
            return []

        case .fileWritten(let outcome, let what):
            Export.written(outcome, what: what, &state)
            return []

        case .paged(let outcome, let what):
            Export.paged(outcome, what: what, &state)
            return []
        }
    }

    static func connected(_ info: ConnectionInfo, _ state: inout AppState) -> [Effect] {
        // The label is for people (host:port, tenant.region); two base URLs may share it.
        let sameOrigin = state.connection?.label == info.label && state.connection?.baseURL == info.baseURL
        state.connection = info
        state.connecting = false
        state.connectingTo = nil
        state.form.generalError = nil
        state.form.errors = [:]
        state.show("connected to \(info.label)", .success, global: true)
        // Back to where the user was (a mid-session reconnect), or on to the employees list.
        while state.top is ConnectScreen && state.stack.count > 1 { _ = state.pop(resume: false) }
        if state.top is ConnectScreen { state.screens = [EmployeesScreen()] }
        var effects: [Effect] = []
        if !sameOrigin {
            // Another tenant: nothing fetched under the old one belongs here (the worklist stays).
            state.directory = state.directory.extrasOnly
            state.employees = [:]
            state.records = [:]
            state.vacancies = [:]
            state.prefetch = nil
            state.prefetchOwners = [:]
            HistoryNavigation.forget(&state)
        }
        state.pageFailed = false
        if state.directory.loadedFromServer == 0 && !state.loadingPage {
            effects.append(ServerFiltering.firstPage(refresh: false, &state))
        }
        let startupWorklist = state.startupWorklist
        if let worklist = startupWorklist {
            state.startupWorklist = nil
            effects += WorklistScreen.open(name: worklist.name, worklist.entries, skipped: worklist.skipped, &state)
        }
        if let target = state.startupTarget {
            state.startupTarget = nil
            effects += Navigation.openEmployee(target.employee, &state)
            if let interaction = target.interaction {
                effects += Navigation.openRecord(InteractionKey(employee: target.employee, interaction: interaction), &state)
            }
        } else if startupWorklist == nil {
            // Whatever screen was open when the token was rejected: reload what failed.
            effects += state.withTop { screen, state in screen.reload(&state) }
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

    /// A record arrived or failed, asked for alone or in a batch; `report` says how a failure is told.
    static func record(_ key: InteractionKey, _ outcome: Result<Fetched<InteractionRecord>, APIError>, _ state: inout AppState,
                       report: (APIError, inout AppState) -> [Effect]) -> [Effect] {
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
            return report(error, &state)
        }
    }

    static func unauthorizedOnly(_ error: APIError, _ state: inout AppState) -> [Effect] {
        if case .unauthorized = error { return failed(error, what: "token", &state) }
        return []
    }
}
