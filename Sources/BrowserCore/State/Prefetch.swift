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
        let shown = (state.top as? RecordScreen)?.key
        let wanted = state.connection == nil ? nil : nextWanted(state)
        var effects: [Effect] = []
        if let current = state.prefetch, current.key != wanted {
            state.prefetch = nil
            // On screen now (`n` was pressed while it was on its way): let it land and show it.
            if current.key != shown {
                effects.append(.cancelRequest(current.id))
                if state.records[current.key]?.isLoading == true { state.records[current.key] = nil }
            }
        }
        if let wanted, state.prefetch == nil, state.records[wanted] == nil {
            let id = state.nextRequestID
            state.nextRequestID += 1
            state.prefetch = PrefetchRequest(key: wanted, id: id)
            state.records[wanted] = .loading
            effects.append(.prefetchRecord(wanted, id))
        }
        return effects
    }

    /// The interaction after the one on screen, once that one has been shown.
    static func nextWanted(_ state: AppState) -> InteractionKey? {
        guard let screen = state.top as? RecordScreen, case .loaded? = state.records[screen.key] else { return nil }
        return screen.neighbour(after: 1, state)
    }

    /// The record (and its vacancy) came back, or the request was cancelled or failed.
    static func arrived(_ key: InteractionKey, _ outcome: Result<Fetched<InteractionRecord>, APIError>,
                        vacancy: (id: String, outcome: Result<Fetched<Vacancy>, APIError>)?, id: RequestID,
                        _ state: inout AppState) {
        if state.prefetch?.id == id { state.prefetch = nil }
        switch outcome {
        case .success(let fetched):
            if state.records[key]?.value == nil { state.records[key] = .loaded(fetched.value, fetched.source) }
        case .failure(.cancelled):
            if state.records[key]?.isLoading == true { state.records[key] = nil }
        case .failure(let error):
            // Kept (so it is not asked for again at once) but not announced: nobody asked to see it yet,
            // and opening it asks again.
            if state.records[key]?.isLoading == true { state.records[key] = .failed(error) }
        }
        guard let vacancy else { return }
        switch (state.vacancies[vacancy.id], vacancy.outcome) {
        case (nil, .success(let fetched)), (.loading?, .success(let fetched)):
            state.vacancies[vacancy.id] = .resolved(fetched.value)
        case (nil, .failure(let error)) where error != .cancelled:
            state.vacancies[vacancy.id] = .failed(error.message)
        default:
            break
        }
    }
}
