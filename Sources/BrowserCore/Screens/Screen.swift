import TechWolfAPI

/// One screen: its own state (selection, scroll, filter, view mode), kept in its entry on the screen stack,
/// and what it does with the actions the table gives it. `update` calls these on the screen at the top;
/// `render` calls `draw`. A new screen is a new type conforming to this (and its rows in the action table).
///
/// Every method has a default, so a screen answers only what it has.
public protocol Screen: Sendable {
    /// Which rows of the action table apply, and so which keys act and which hints show.
    var context: ActionContext { get }
    /// This screen's part of the header's breadcrumb, after `below` (the parts of the screens under it).
    func breadcrumb(after below: [String], _ app: AppState) -> [String]
    /// Draws the body. Reads the state, never changes it.
    func draw(_ app: AppState, area: BodyArea, into frame: inout Frame)

    mutating func move(by delta: Int, _ app: inout AppState) -> [Effect]
    /// PageDown/PageUp.
    mutating func page(down: Bool, _ app: inout AppState) -> [Effect]
    /// Enter on the selection.
    mutating func open(_ app: inout AppState) -> [Effect]
    /// Esc: by default cancels what is in flight, else clears the filter, else closes the screen.
    mutating func back(_ app: inout AppState) -> [Effect]
    /// `r`: past the cache.
    mutating func refresh(_ app: inout AppState) -> [Effect]
    /// The filter `/` edits; nil where the screen has none.
    func filter(_ app: AppState) -> String?
    mutating func setFilter(_ text: String, _ app: inout AppState)
    /// An action only some screens have (n, p, J, a, the form's Tab and Enter). Nil: not this screen's.
    mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]?
    /// Keeps selection and scroll inside what there is, after a resize or new data.
    mutating func fit(_ app: AppState)
    /// On top again after `closed`, which was above it, was closed.
    mutating func resume(after closed: any Screen, _ app: inout AppState) -> [Effect]
    /// Loads again what this screen shows: after a reconnect, or when the session learns of more of it.
    mutating func reload(_ app: inout AppState) -> [Effect]
    /// What the cursor is on.
    func selection(_ app: AppState) -> Selection?
    /// The record this screen would show next, to be fetched in the background meanwhile (`Prefetch`).
    func prefetchWanted(_ app: AppState) -> InteractionKey?
    /// What `y`, `Y` and `c` act on: by default the selection.
    func copyTarget(_ app: AppState) -> CopyTarget?
    /// The employee this screen shows, if any (pairs that arrive for them are loaded at once).
    var employee: String? { get }
    /// For a click: the list row drawn at screen row `y` (its index) and the selected index; nil where
    /// `y` shows no row of a list.
    func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)?
    /// Which place this is, for the history (Ctrl-O, Tab); nil for screens that are not places (help,
    /// the connect form).
    var place: PlaceKey? { get }
    /// Puts the cursor back on `selection` after the list changed under it; false when it is not listed.
    mutating func select(_ selection: Selection, _ app: AppState) -> Bool
    /// What `:w` writes and `|` pages: the record, employee or vacancy shown; nil where there is none.
    func document(_ app: AppState) -> ShownDocument?
}

/// What the cursor is on.
public enum Selection: Equatable, Sendable {
    case employee(String)
    case interaction(InteractionKey)

    var interactionKey: InteractionKey? {
        if case .interaction(let key) = self { return key }
        return nil
    }
}

extension Screen {
    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] { [] }
    public mutating func page(down: Bool, _ app: inout AppState) -> [Effect] {
        move(by: (down ? 1 : -1) * max(1, app.layout.bodyHeight - 4), &app)
    }
    public mutating func open(_ app: inout AppState) -> [Effect] { [] }
    public mutating func back(_ app: inout AppState) -> [Effect] { goBack(&app) }
    public mutating func refresh(_ app: inout AppState) -> [Effect] { [] }
    public func filter(_ app: AppState) -> String? { nil }
    public mutating func setFilter(_ text: String, _ app: inout AppState) {}
    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? { nil }
    public mutating func fit(_ app: AppState) {}
    public mutating func resume(after closed: any Screen, _ app: inout AppState) -> [Effect] { [] }
    public mutating func reload(_ app: inout AppState) -> [Effect] { [] }
    public func selection(_ app: AppState) -> Selection? { nil }
    public func prefetchWanted(_ app: AppState) -> InteractionKey? { nil }
    public func copyTarget(_ app: AppState) -> CopyTarget? { selection(app).map(CopyTarget.selection) }
    public var employee: String? { nil }
    public func listRow(at y: Int, _ app: AppState) -> (index: Int, selected: Int)? { nil }
    public var place: PlaceKey? { nil }
    public mutating func select(_ selection: Selection, _ app: AppState) -> Bool { false }
    public func document(_ app: AppState) -> ShownDocument? { nil }

    /// Esc on a screen: first cancels what is in flight, then clears the filter, then closes the screen.
    mutating func goBack(_ app: inout AppState) -> [Effect] {
        if !app.pending.isEmpty || app.batch != nil {
            app.show("cancelled")
            return [.cancelAll]
        }
        if let filter = filter(app), !filter.isEmpty {
            setFilter("", &app)
            return []
        }
        guard app.stack.count > 1 else {
            app.show("At the top. Press q to quit.")
            return []
        }
        return app.pop()
    }
}

/// A screen on the stack. The ID tells an entry from a new one of the same kind, so a screen changed while
/// on top is stored back only into its own entry.
public struct ScreenEntry: Sendable {
    public let id: UInt64
    public var screen: any Screen
}
