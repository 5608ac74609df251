#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TechWolfAPI

/// A list's selection and scroll offset.
public struct ListPosition: Equatable, Sendable {
    public var selected = 0
    public var top = 0
    public init() {}
}

/// A one-line prompt at the bottom that takes the keys first.
public enum Overlay: Equatable, Sendable {
    case command(TextField)
    case filter(TextField)
    case addIDs(TextField, employee: String)
    /// `/` inside a view (`ViewSearching`).
    case search(TextField)

    var context: ActionContext {
        switch self {
        case .command: return .commandLine
        case .filter: return .filterField
        case .search: return .searchField
        case .addIDs: return .addIDsField
        }
    }
}

/// The status bar's message, which clears itself after a few seconds.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, warning, error }
    public let text: String
    public let kind: Kind
    public let shownAt: Date
    /// What was on screen when it was said (`AppState.messageOwner`); nil for what holds everywhere.
    public var owner: String? = nil
}

public typealias RequestID = UInt64

/// What the screens share: the connection, what the session has fetched, the theme, the size, messages,
/// and the stack of screens (each with its own state). Nothing about how it is drawn.
public struct AppState: Sendable {
    public private(set) var stack: [ScreenEntry] = [ScreenEntry(id: 0, screen: ConnectScreen())]
    private var nextEntryID: UInt64 = 1
    public var overlay: Overlay?
    public var form = ConnectForm()
    public var connection: ConnectionInfo?
    public var connecting = false
    /// Whom `connecting` is connecting to, for the header until the connection is made.
    public var connectingTo: String?

    public var directory = EmployeeDirectory()
    /// What `GET /employees` filters on the server (`:active`, `:unit`).
    public var serverFilter = ServerFilter()
    /// Pages asked for under a filter that has since changed: ignored if they still arrive.
    public var supersededPages: Set<RequestID> = []
    public var employees: [String: Loadable<Employee>] = [:]
    public var interactionLists: [String: InteractionList] = [:]
    public var records: [InteractionKey: Loadable<InteractionRecord>] = [:]
    public var vacancies: [String: VacancyLookup] = [:]
    public var loadingPage = false
    /// The last `GET /employees` page failed: scrolling does not ask again until `r` or a new connection.
    public var pageFailed = false
    /// A key asked for the next page while one was still loading; its arrival asks once more.
    public var morePagesWanted = false
    /// Records opened with `:interaction` that were not known before: dropped from the employee's list
    /// again if the server does not know them either.
    public var lookedUp: Set<InteractionKey> = []

    public var pending: [RequestID: String] = [:]
    /// The next record, fetched in the background while the user reads one (`Prefetch`).
    public var prefetch: PrefetchRequest?
    /// Prefetches still on their way, by the record they load (the current one, and one adopted by `n`).
    public var prefetchOwners: [InteractionKey: RequestID] = [:]
    public var nextRequestID: RequestID = 1
    public var batch: BatchProgress?
    public var spinnerFrame = 0
    public var message: StatusMessage?
    public var cacheStats = CacheStats()
    /// The config profile in use, shown in the header.
    public var profileName: String?
    /// The config file's profiles, for `:profile` completion.
    public var profileNames: [String] = []
    /// Set when copies are known not to reach the system clipboard (tmux with set-clipboard off): the
    /// sentence, with its fix, that every copy then says.
    public var clipboardProblem: String?
    public var theme: Theme = .default
    public var now = Date()
    /// For "local time" on the record screen; fixed in tests so snapshots do not depend on the machine.
    public var timeZone = DisplayZone.system
    public private(set) var layout = Layout(width: 80, height: 24)
    public var shouldQuit = false
    /// The process's exit status once quit: 130 after Ctrl-C, as a shell reports an interrupted command.
    public var exitStatus: Int32 = 0
    /// Where to go once connected (from `--employee` / `--interaction`).
    public var startupTarget: (employee: String, interaction: String?)?
    /// The worklist screen to open once connected (from `--worklist`).
    public var startupWorklist: (name: String, entries: [WorklistEntry], skipped: Int)?
    /// The places visited, for Ctrl-O and Tab (`History`).
    public var history = History()
    /// The records opened this session, newest first (`:recent`).
    public var recent: [RecentRecord] = []

    /// How long a status message stays.
    public static let messageLifetime: TimeInterval = 4
    /// Rows fetched per `GET /employees` page.
    public static let pageSize = 100

    public init() {}

    public var width: Int {
        get { layout.width }
        set { layout = Layout(width: newValue, height: layout.height) }
    }

    public var height: Int {
        get { layout.height }
        set { layout = Layout(width: layout.width, height: newValue) }
    }

    public mutating func resize(width: Int, height: Int) {
        layout = Layout(width: width, height: height)
    }

    // MARK: The screen stack

    public var top: any Screen { stack[stack.count - 1].screen }

    /// The screens from the bottom; setting it starts the stack afresh.
    public var screens: [any Screen] {
        get { stack.map(\.screen) }
        set {
            stack = []
            newValue.forEach { push($0) }
        }
    }

    public mutating func push(_ screen: any Screen) {
        stack.append(ScreenEntry(id: nextEntryID, screen: screen))
        nextEntryID += 1
    }

    /// Closes the top screen; the one below it is told, unless `resume` is false (leaving the connect
    /// form without connecting: nothing below should ask the server again with the old token).
    mutating func pop(resume: Bool = true) -> [Effect] {
        guard stack.count > 1 else { return [] }
        let closed = stack.removeLast().screen
        guard resume else { return [] }
        return withTop { screen, app in screen.resume(after: closed, &app) }
    }

    /// Puts back a stack from the history: its entries keep their IDs, which are never reused.
    mutating func restore(_ entries: [ScreenEntry]) {
        guard !entries.isEmpty else { return }
        stack = entries
    }

    /// Keeps the entries up to and including `index`.
    mutating func truncate(after index: Int) {
        stack.removeSubrange((index + 1)...)
    }

    /// Runs `body` on the top screen and stores it back into its entry (if the entry is still there: the
    /// body may close it, or replace the stack).
    @discardableResult
    mutating func withTop(_ body: (inout any Screen, inout AppState) -> [Effect]) -> [Effect] {
        guard let entry = stack.last else { return [] }
        var screen = entry.screen
        let effects = body(&screen, &self)
        if let i = stack.lastIndex(where: { $0.id == entry.id }) { stack[i].screen = screen }
        return effects
    }

    /// Runs `body` on the topmost screen of type `S`, if there is one, and stores it back.
    @discardableResult
    mutating func withScreen<S: Screen>(_ type: S.Type, _ body: (inout S, inout AppState) -> [Effect]) -> [Effect] {
        guard let entry = stack.last(where: { $0.screen is S }), var screen = entry.screen as? S else { return [] }
        let effects = body(&screen, &self)
        if let i = stack.lastIndex(where: { $0.id == entry.id }) { stack[i].screen = screen }
        return effects
    }

    /// Every screen on the stack, after a resize or new data.
    mutating func fitScreens() {
        let app = self
        for i in stack.indices { stack[i].screen.fit(app) }
    }

    /// Which rows of the action table apply now.
    public var context: ActionContext {
        if layout.isTooSmall { return .tooSmall }
        return overlay?.context ?? top.context
    }

    public var isBusy: Bool { !pending.isEmpty || connecting || batch != nil }

    /// True while something animates: the spinner, or a message waiting to expire.
    public var isAnimating: Bool { isBusy || message != nil }

    public var isTooSmall: Bool { layout.isTooSmall }

    mutating func startRequest(_ description: String) -> RequestID {
        let id = nextRequestID
        nextRequestID += 1
        pending[id] = description
        return id
    }

    /// A message about what is on screen: it goes when the user moves on to another screen or record.
    /// `global` ones (the connection) stay until they expire.
    mutating func show(_ text: String, _ kind: StatusMessage.Kind = .info, global: Bool = false) {
        message = StatusMessage(text: TerminalText.sanitize(text), kind: kind, shownAt: now, owner: global ? nil : messageOwner)
    }

    /// The screen on top, and for a record screen the record it shows (`n`/`p` change it in place).
    var messageOwner: String {
        guard let entry = stack.last else { return "" }
        if let record = entry.screen as? RecordScreen { return "\(entry.id) \(record.key.employee) \(record.key.interaction)" }
        return "\(entry.id)"
    }

    // MARK: Derived lists

    /// The employees list as shown (filtered).
    public var visibleEmployees: VisibleRows { directory.visible }

    /// An employee's interactions in the order their list shows them.
    public func visibleInteractions(of employee: String) -> [String] { interactionLists[employee]?.ids ?? [] }

    public func vacancyTitle(_ id: String) -> String? {
        if case .resolved(let v)? = vacancies[id] { return v.jobTitle }
        return nil
    }
}
