import TechWolfAPI

/// Work `update` asks for. The effect runner performs it off the UI thread and posts an `EffectResult` back.
public enum Effect: Sendable {
    case connect(ConnectRequest, RequestID)
    case loadEmployeesPage(offset: Int, limit: Int, RequestID)
    case loadEmployee(String, refresh: Bool, RequestID)
    case loadInteraction(InteractionKey, refresh: Bool, RequestID)
    case loadVacancy(String, refresh: Bool, RequestID)
    /// Fetch many interactions of one employee with bounded concurrency, reporting progress.
    case addInteractions(employee: String, ids: [String])
    /// Cancel every request in flight and any batch (Esc).
    case cancelAll
    /// Cache statistics; `announce` shows them as a message (`:cache`).
    case refreshCacheStats(announce: Bool)
    case clearCache
    case setTheme(String)
    /// Put text on the clipboard; performed by the terminal backend (OSC 52), not the runner.
    case copy(String)
    /// Load a profile from the config file (its token source may run a command) and connect with it.
    case switchProfile(String)
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

public enum EffectResult: Sendable {
    case connected(ConnectionInfo, RequestID)
    case connectFailed(field: ConnectForm.Field?, message: String, RequestID)
    case employeesPage(offset: Int, Result<Fetched<EmployeesPage>, APIError>, RequestID)
    case employee(String, Result<Fetched<Employee>, APIError>, RequestID)
    /// `request` is nil for the members of a batch.
    case interaction(InteractionKey, Result<Fetched<InteractionRecord>, APIError>, request: RequestID?)
    case vacancy(String, Result<Fetched<Vacancy>, APIError>, RequestID)
    case batchProgress(employee: String, done: Int, failed: Int)
    case batchFinished(employee: String, done: Int, failed: Int, cancelled: Bool)
    case cacheStats(CacheStats, announce: Bool)
    case cacheCleared(CacheStats)
    case themeChanged(Theme)
    case profileLoaded(ProfileSwitch)
    case profileFailed(String)
    case themeFailed(String)
    /// Pairs the session should know about, arriving after start-up (the demo's, built in the background).
    case worklistAdded([WorklistEntry])
}
