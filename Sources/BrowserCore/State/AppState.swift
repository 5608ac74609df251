import Foundation
import TechWolfAPI

public enum Screen: Equatable, Sendable {
    case connect
    case employees
    case employee(String)
    case record(InteractionKey)
}

/// A list's selection and scroll offset.
public struct ListPosition: Equatable, Sendable {
    public var selected = 0
    public var top = 0
    public init() {}
}

/// Something drawn over the current screen that takes the keys first.
public enum Overlay: Equatable, Sendable {
    case help(scroll: Int)
    case command(TextField)
    case filter(TextField)
    case addIDs(TextField)
}

/// The status bar's message, which clears itself after a few seconds.
public struct StatusMessage: Equatable, Sendable {
    public enum Kind: Sendable { case info, success, warning, error }
    public let text: String
    public let kind: Kind
    public let shownAt: Date
}

public typealias RequestID = UInt64

/// Everything the UI shows, and nothing about how it is drawn.
public struct AppState: Sendable {
    public var stack: [Screen] = [.connect]
    public var overlay: Overlay?
    public var form = ConnectForm()
    public var connection: ConnectionInfo?
    public var connecting = false

    public var directory = EmployeeDirectory()
    public var employees: [String: Loadable<Employee>] = [:]
    public var interactionLists: [String: InteractionList] = [:]
    public var records: [InteractionKey: Loadable<InteractionRecord>] = [:]
    public var vacancies: [String: VacancyLookup] = [:]
    public var loadingPage = false
    /// The last `GET /employees` page failed: scrolling does not ask again until `r` or a new connection.
    public var pageFailed = false
    /// A key asked for the next page while one was still loading; its arrival asks once more.
    public var morePagesWanted = false

    public var employeesPosition = ListPosition()
    /// The employees list's filter; the directory keeps the matching rows.
    public var employeesFilter: String {
        get { directory.filter }
        set { directory.setFilter(newValue) }
    }
    public var employeePositions: [String: ListPosition] = [:]
    public var employeeFilters: [String: String] = [:]
    /// Records opened with `:interaction` that were not known before: dropped from the employee's list
    /// again if the server does not know them either.
    public var lookedUp: Set<InteractionKey> = []
    /// `G`/End pressed while more pages may come: the selection follows the end as they arrive.
    public var followEnd = false
    public var recordScroll = 0
    public var showJSON = false

    public var pending: [RequestID: String] = [:]
    public var nextRequestID: RequestID = 1
    public var batch: BatchProgress?
    public var spinnerFrame = 0
    public var message: StatusMessage?
    public var cacheStats = CacheStats()
    /// The config profile in use, shown in the header.
    public var profileName: String?
    public var now = Date()
    /// For "local time" on the record screen; fixed in tests so snapshots do not depend on the machine.
    public var timeZone = DisplayZone.system
    public var width = 80
    public var height = 24
    public var shouldQuit = false
    /// Where to go once connected (from `--employee` / `--interaction`).
    public var startupTarget: Screen?

    /// How long a status message stays.
    public static let messageLifetime: TimeInterval = 4
    /// Rows fetched per `GET /employees` page.
    public static let pageSize = 100
    public static let minimumWidth = 40
    public static let minimumHeight = 10

    public init() {}

    public var screen: Screen { stack.last ?? .connect }

    public var context: ActionContext {
        if case .help = overlay { return .help }
        switch screen {
        case .connect: return .connect
        case .employees: return .employees
        case .employee: return .employee
        case .record: return .record
        }
    }

    public var isBusy: Bool { !pending.isEmpty || connecting || batch != nil }

    /// Still fetching what the first screen is for, with nothing of it to show: connecting, or the employees
    /// list waiting for its first page. Before its very first frame the terminal may wait a moment for
    /// that, rather than flash a connecting screen that the answer replaces a few milliseconds later.
    public var isLoadingFirstScreen: Bool {
        if connecting { return true }
        return screen == .employees && loadingPage && directory.loadedFromServer == 0 && !pageFailed
    }

    /// True while something animates: the spinner, or a message waiting to expire.
    public var isAnimating: Bool { isBusy || message != nil }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows available for a screen's body: everything but the header, status bar and hint bar.
    public var bodyHeight: Int { max(1, height - 3) }

    mutating func startRequest(_ description: String) -> RequestID {
        let id = nextRequestID
        nextRequestID += 1
        pending[id] = description
        return id
    }

    mutating func show(_ text: String, _ kind: StatusMessage.Kind = .info) {
        message = StatusMessage(text: TerminalText.sanitize(text), kind: kind, shownAt: now)
    }

    // MARK: Derived lists

    /// The employees list as shown (filtered).
    public var visibleEmployees: VisibleRows { directory.visible }

    /// An employee's interactions as shown (filtered).
    public func visibleInteractions(of employee: String) -> [String] {
        let ids = interactionLists[employee]?.ids ?? []
        guard let filter = employeeFilters[employee], !filter.isEmpty else { return ids }
        // Folded like the employees list's filter (case and accents), so `/` means the same on both.
        let needle = SearchText.fold(filter)
        func matches(_ text: String?) -> Bool { text.map { SearchText.contains(SearchText.fold($0), needle) } ?? false }
        return ids.filter { id in
            if matches(id) { return true }
            guard let record = records[InteractionKey(employee: employee, interaction: id)]?.value else { return false }
            return matches(record.interactionType) || matches(record.title)
                || matches(record.vacancyID.flatMap { vacancyTitle($0) })
        }
    }

    public func vacancyTitle(_ id: String) -> String? {
        if case .resolved(let v)? = vacancies[id] { return v.jobTitle }
        return nil
    }
}
