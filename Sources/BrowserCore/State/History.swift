#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// What a place is: the screen on top and what it shows. Two visits of the same employee are one place.
public enum PlaceKey: Hashable, Sendable {
    case employees
    case employee(String)
    case record(InteractionKey)
    case vacancy(String)
    case worklist(String)
    case recent
}

/// One place visited: the screen stack as it was when the user left it (each screen with its selection,
/// scroll, filter and view), and what the cursor was on then.
public struct Place: Sendable {
    public let key: PlaceKey
    var stack: [ScreenEntry]
    var selection: Selection?
}

/// The places visited, like vim's jump list: Ctrl-O goes back, Tab (Ctrl-I) forward. Visiting a new place
/// after going back drops the places ahead, as a browser does; a place visited again moves to the end
/// rather than being listed twice, so going back never shows the same place over and over.
public struct History: Sendable {
    public private(set) var places: [Place] = []
    /// The place on screen; -1 before the first.
    public private(set) var index = -1
    public static let capacity = 100

    public init() {}

    public var keys: [PlaceKey] { places.map(\.key) }
    public var current: PlaceKey? { places.indices.contains(index) ? places[index].key : nil }

    /// The screen on top of the place on screen, as last noted.
    var currentTop: (any Screen)? { places.indices.contains(index) ? places[index].stack.last?.screen : nil }

    /// The place on screen changed state (a move, a filter, a view): it keeps the latest.
    mutating func update(_ stack: [ScreenEntry]) {
        if places.indices.contains(index) { places[index].stack = stack }
    }

    /// A new place: the places ahead go, an earlier visit of the same place goes, and `selection` is kept
    /// for the place being left (what the cursor was on, for coming back to it).
    mutating func visit(_ place: PlaceKey, stack: [ScreenEntry], leaving selection: Selection?) {
        if places.indices.contains(index) {
            places[index].selection = selection
            places.removeSubrange((index + 1)...)
        }
        places.removeAll { place == $0.key }
        places.append(Place(key: place, stack: stack, selection: nil))
        if places.count > Self.capacity { places.removeFirst(places.count - Self.capacity) }
        index = places.count - 1
    }

    /// Moves to the place `delta` steps away, keeping `selection` for the one left; nil when there is none.
    mutating func move(by delta: Int, leaving selection: Selection?) -> Place? {
        let target = index + delta
        guard places.indices.contains(index), places.indices.contains(target) else { return nil }
        places[index].selection = selection
        index = target
        return places[target]
    }
}

/// A record opened this session, for `:recent`.
public struct RecentRecord: Equatable, Sendable {
    public let key: InteractionKey
    public let opened: Date
}

/// Ctrl-O / Tab, and keeping the history and the recent records up to date after every event.
enum HistoryNavigation {
    static let recentCapacity = 200

    /// Called after every event: the place on screen joins the history (help and the connect form are
    /// not places), and a record on screen joins the recent records.
    static func note(_ state: inout AppState) {
        guard let key = state.top.place else { return }
        if state.history.current == key {
            state.history.update(state.stack)
            return
        }
        let leaving = state.history.currentTop?.selection(state)
        state.history.visit(key, stack: state.stack, leaving: leaving)
        if case .record(let record) = key {
            state.recent.removeAll { record == $0.key }
            state.recent.insert(RecentRecord(key: record, opened: state.now), at: 0)
            if state.recent.count > recentCapacity { state.recent.removeLast(state.recent.count - recentCapacity) }
        }
    }

    /// Back (`delta` -1) or forward (+1) through the places. Nothing is asked of the server again for what
    /// is still in memory; a list that changed meanwhile keeps the cursor on the same item if it is still
    /// listed, and says so when it is not.
    static func go(by delta: Int, _ state: inout AppState) -> [Effect] {
        let leaving = state.top.selection(state)
        guard let place = state.history.move(by: delta, leaving: leaving) else {
            state.show(delta < 0 ? "No older place (Tab goes forward)" : "No newer place (^O goes back)")
            return []
        }
        state.overlay = nil
        state.restore(place.stack)
        state.fitScreens()
        let effects = state.withTop { screen, app in screen.reload(&app) }
        if let wanted = place.selection, state.top.selection(state) != wanted {
            var found = false
            state.withTop { screen, app in
                found = screen.select(wanted, app)
                return []
            }
            if !found { state.show("\(describe(wanted)) is no longer listed here (the list changed)", .warning) }
        }
        return effects
    }

    static func describe(_ selection: Selection) -> String {
        switch selection {
        case .employee(let id): return "employee \(id)"
        case .interaction(let key): return "interaction \(key.interaction)"
        }
    }

    /// Another tenant: its places and records are not this one's.
    static func forget(_ state: inout AppState) {
        state.history = History()
        state.recent = []
    }
}
