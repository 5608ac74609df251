import TechWolfAPI

/// Work `update` asks for. The effect runner performs it (off the UI thread, or through the terminal for
/// what only the terminal can do) and posts an `EffectResult` back where there is one.
public enum Effect: Sendable {
    case connect(ConnectRequest, RequestID)
    case loadEmployeesPage(EmployeesPageRequest, RequestID)
    case loadEmployee(String, refresh: Bool, RequestID)
    case loadInteraction(InteractionKey, refresh: Bool, RequestID)
    case loadVacancy(String, refresh: Bool, RequestID)
    /// Fetch many interactions of one employee with bounded concurrency, reporting progress.
    case addInteractions(employee: String, ids: [String])
    /// Fetch a worklist's pairs the same way (`refresh`: past the cache).
    case loadWorklist([InteractionKey], refresh: Bool)
    /// Read a worklist file (`:worklist FILE`) off the UI thread.
    case readWorklist(String)
    /// The record `n` would show next, and its vacancy, in the background (`Prefetch`).
    case prefetchRecord(InteractionKey, RequestID)
    /// Cancel one request (a prefetch nobody wants any more).
    case cancelRequest(RequestID)
    /// Cancel every request in flight and any batch (Esc).
    case cancelAll
    /// `:cache`: the statistics as a message.
    case reportCache
    case clearCache
    /// Read a theme (a bundled name or a file) and use it.
    case setTheme(String)
    /// Put text on the clipboard (the terminal does it, OSC 52).
    case copy(String)
    /// Ctrl-Z: hand the terminal back to the shell until `fg`.
    case suspend
    /// Ctrl-L: repaint every cell on the next frame.
    case repaint
    /// Load a profile from the config file (its token source may run a command) and connect with it.
    case switchProfile(String)
    /// `:w`: write a body to a file (`ExportFile`), off the UI thread.
    case writeFile(FileExport)
    /// `|`: show text in the user's pager, with the terminal handed over meanwhile.
    case page(String, what: String)
}

/// A profile made ready to connect: the form filled from it, and its theme.
public struct ProfileSwitch: Sendable {
    public let name: String
    public let form: ConnectForm
    public let theme: Theme?
    public init(name: String, form: ConnectForm, theme: Theme?) {
        self.name = name
        self.form = form
        self.theme = theme
    }
}

/// What only the terminal can do; the runner passes these on to it.
public enum TerminalRequest: Equatable, Sendable {
    case copy(String)
    case suspend
    case repaint
    /// Hand the terminal to the pager until it exits, then take it back and redraw.
    case page(PagerRequest, what: String)
}

/// The outcome of an effect. It comes back as `Event.result`, with the cache's figures after it when it
/// went through the cache.
public enum EffectResult: Sendable {
    case connected(ConnectionInfo, RequestID)
    case connectFailed(field: ConnectForm.Field?, message: String, RequestID)
    case employeesPage(offset: Int, Result<Fetched<EmployeesPage>, APIError>, RequestID)
    case employee(String, Result<Fetched<Employee>, APIError>, RequestID)
    case interaction(InteractionKey, Result<Fetched<InteractionRecord>, APIError>, RequestID)
    /// One record of a batch (`a`, or an employee's known interactions): reported in the batch's progress
    /// line rather than one message each.
    case batchMember(InteractionKey, Result<Fetched<InteractionRecord>, APIError>)
    /// A prefetched record, with its vacancy when it points at one and the record arrived.
    case prefetched(InteractionKey, Result<Fetched<InteractionRecord>, APIError>,
                    vacancy: (id: String, outcome: Result<Fetched<Vacancy>, APIError>)?, RequestID)
    case vacancy(String, Result<Fetched<Vacancy>, APIError>, RequestID)
    case batchProgress(BatchOwner, done: Int, failed: Int)
    case batchFinished(BatchOwner, done: Int, failed: Int, cancelled: Bool)
    /// `:cache`: the figures are the event's.
    case cacheReport
    case cacheCleared
    case themeChanged(Theme)
    case profileLoaded(ProfileSwitch)
    case profileFailed(String)
    case themeFailed(String)
    /// Pairs the session should know about, arriving after start-up (the demo's, built in the background).
    case worklistAdded([WorklistEntry])
    /// A worklist file read for `:worklist`, with the lines that were not pairs.
    case worklistRead(name: String, [WorklistEntry], problems: [WorklistProblem])
    case worklistFailed(String)
    /// Copies will not reach the system clipboard (a multiplexer drops them): why, and how to fix it.
    case clipboardBlocked(String)
    case fileWritten(Result<ExportFile.Written, ExportFile.Failure>, what: String)
    /// The pager has exited and the terminal is the UI's again.
    case paged(PagerOutcome, what: String)
}
