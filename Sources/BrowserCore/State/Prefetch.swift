import TechWolfAPI

/// The record `n` would show next, fetched (with its vacancy) while the user reads the one on screen, so
/// stepping through an employee's interactions does not wait for the network.
///
/// One request at a time, in the background: it takes no part in the spinner or in Esc, and it is
/// cancelled as soon as the user is anywhere else. Stepping onto the record while it is on its way adopts
/// the request instead of sending a second one.
public struct PrefetchRequest: Equatable, Sendable {
    public let key: InteractionKey
    public let id: RequestID
}

enum Prefetch {
    /// Run after every update: starts the prefetch the top screen wants and cancels one it no longer does.
    static func reconcile(_ state: inout AppState) -> [Effect] {
        let shown = state.top.selection(state)?.interactionKey
        let wanted = state.connection == nil ? nil : state.top.prefetchWanted(state)
        var effects: [Effect] = []
        if let current = state.prefetch, current.key != wanted {
            state.prefetch = nil
            // On screen or under the cursor now (`n` was pressed while it was on its way): it stays its
            // record's loader and lands. Otherwise nobody looks at it: cancelled, and the screen now on top
            // loads the record itself if it shows it (a row of the employee's list).
            if current.key != shown {
                effects.append(.cancelRequest(current.id))
                state.prefetchOwners[current.key] = nil
                if state.records[current.key]?.isLoading == true {
                    state.records[current.key] = nil
                    if state.top.employee == current.key.employee { effects += state.withTop { $0.reload(&$1) } }
                }
            }
        }
        if let wanted, state.prefetch == nil, state.records[wanted] == nil {
            let id = state.nextRequestID
            state.nextRequestID += 1
            state.prefetch = PrefetchRequest(key: wanted, id: id)
            state.prefetchOwners[wanted] = id
            state.records[wanted] = .loading
            effects.append(.prefetchRecord(wanted, id))
        }
        return effects
    }

    /// The record (and its vacancy) came back, or the request was cancelled or failed. Only the request
    /// that is still its record's loader counts: one cancelled, superseded, or sent before a reconnect to
    /// another tenant changes nothing.
    static func arrived(_ key: InteractionKey, _ outcome: Result<Fetched<InteractionRecord>, APIError>,
                        vacancy: (id: String, outcome: Result<Fetched<Vacancy>, APIError>)?, id: RequestID,
                        _ state: inout AppState) -> [Effect] {
        if state.prefetch?.id == id { state.prefetch = nil }
        guard state.prefetchOwners[key] == id else { return [] }
        state.prefetchOwners[key] = nil
        // Adopted: the user is looking at it, so it is treated as the request they made.
        let shown = state.top.selection(state)?.interactionKey == key
        switch outcome {
        case .success(let fetched):
            state.records[key] = .loaded(fetched.value, fetched.source)
            if let vacancy {
                switch (state.vacancies[vacancy.id], vacancy.outcome) {
                case (nil, .success(let found)), (.loading?, .success(let found)):
                    state.vacancies[vacancy.id] = .resolved(found.value)
                case (nil, .failure(let error)) where error != .cancelled:
                    state.vacancies[vacancy.id] = .failed(error.message)
                default:
                    break
                }
            }
            // Its vacancy, when the prefetch was stopped before asking for it.
            return shown ? Navigation.resolveVacancy(of: fetched.value, refresh: false, &state) : []
        case .failure(.cancelled):
            if state.records[key]?.isLoading == true { state.records[key] = nil }
            return []
        case .failure(let error):
            // Kept, so it is not asked for again at once; announced only to someone looking at it.
            state.records[key] = .failed(error)
            return shown ? Results.failed(error, what: "interaction \(key.interaction)", &state) : []
        }
    }
}
