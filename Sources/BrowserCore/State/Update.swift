#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// The one place state changes: an event in, the new state and the effects to run out. Pure apart from
/// reading `state.now`, so every key sequence can be tested without a terminal or a network.
public enum Update {
    public static func handle(_ event: Event, _ state: inout AppState) -> [Effect] {
        let effects = apply(event, &state)
        HistoryNavigation.note(&state)
        // A message belongs to what it was said about; it does not linger over another screen or record.
        if let owner = state.message?.owner, owner != state.messageOwner { state.message = nil }
        return effects + Prefetch.reconcile(&state)
    }

    private static func apply(_ event: Event, _ state: inout AppState) -> [Effect] {
        switch event {
        case .key(let key):
            return Keys.handle(key, &state)
        case .mouse(let mouse):
            return Mouse.handle(mouse, &state)
        case .resize(let width, let height):
            state.resize(width: width, height: height)
            state.fitScreens()
            return []
        case .tick:
            state.spinnerFrame &+= 1
            if let m = state.message, state.now.timeIntervalSince(m.shownAt) >= AppState.messageLifetime {
                state.message = nil
            }
            return []
        case .result(let result, let cache):
            if let cache { state.cacheStats = cache }
            return Results.handle(result, &state)
        }
    }

    /// What to do first, from the command line: connect now if the options are complete, then open an
    /// employee or a record.
    public static func start(_ state: inout AppState, autoConnect: Bool, employee: String?, interaction: String?,
                             worklist: [WorklistEntry], worklistName: String? = nil, worklistSkipped: Int = 0) -> [Effect] {
        addWorklist(worklist, &state)
        state.startupWorklist = worklistName.map { ($0, worklist, worklistSkipped) }
        state.startupTarget = employee.map { ($0, interaction) }
        guard autoConnect else { return [] }
        let effects = Connect.submit(&state)
        // The first frame is the list being loaded, drawn at once, not a form that the answer replaces a few
        // milliseconds later; a failure brings the form back with the reason.
        if state.connecting { state.screens = [EmployeesScreen()] }
        return effects
    }

    static func addWorklist(_ worklist: [WorklistEntry], _ state: inout AppState) {
        for entry in worklist {
            state.directory.add(entry.employee)
            state.interactionLists[entry.employee, default: InteractionList()].add(entry.interaction)
        }
    }
}

