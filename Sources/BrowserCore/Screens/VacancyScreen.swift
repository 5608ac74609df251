import TechWolfAPI

/// One vacancy (`GET /vacancies/{id}?include=custom_properties`), opened with `v` or Enter from a record:
/// title, description, active, company ID, location, languages, custom properties, last updated and
/// fields the model does not know; `J` shows its JSON.
public struct VacancyScreen: Screen {
    public let id: String
    public var scroll = 0
    public var showJSON = false
    /// `/` in the vacancy or its JSON.
    public var search: ViewSearch?

    public init(vacancy: String) {
        id = vacancy
    }

    public var context: ActionContext { .vacancy }

    public func breadcrumb(after below: [String], _ app: AppState) -> [String] { [id + (showJSON ? " JSON" : "")] }

    func lines(_ app: AppState) -> [StyledLine] {
        let width = app.layout.wrapWidth
        switch app.vacancies[id] {
        case .resolved(let vacancy)?:
            if showJSON { return RecordLayout.jsonLines(vacancy.raw, width: width) }
            return ProfileLayout.lines(ProfileDescription.vacancy(vacancy, id: id, source: nil, now: app.now), width: width)
        case .failed(let message)?:
            return ProfileLayout.lines([RecordLine("Vacancy", TerminalText.sanitize(message), tone: .error),
                                        RecordLine("", "r retries · Esc goes back", tone: .muted)], width: width)
        case .loading?, nil:
            return [StyledLine(segments: [("loading vacancy \(id)…", .muted)])]
        }
    }

    public mutating func move(by delta: Int, _ app: inout AppState) -> [Effect] {
        scroll = max(0, min(ListMotion.clampedAdd(scroll, delta), RecordLayout.maxScroll(lineCount: lines(app).count, height: app.layout.bodyHeight)))
        return []
    }

    public mutating func fit(_ app: AppState) {
        scroll = max(0, min(scroll, RecordLayout.maxScroll(lineCount: lines(app).count, height: app.layout.bodyHeight)))
    }

    public mutating func refresh(_ app: inout AppState) -> [Effect] { Self.load(id, refresh: true, &app) }

    public mutating func reload(_ app: inout AppState) -> [Effect] { Self.load(id, refresh: false, &app) }

    public mutating func perform(_ action: ActionMatch, typed: String?, _ app: inout AppState) -> [Effect]? {
        guard action.action == .toggleJSON else { return nil }
        showJSON.toggle()
        scroll = 0
        search?.current = 0
        return []
    }

    public func copyTarget(_ app: AppState) -> CopyTarget? { .vacancy(id) }

    public var place: PlaceKey? { .vacancy(id) }

    public func document(_ app: AppState) -> ShownDocument? {
        guard case .resolved(let vacancy)? = app.vacancies[id] else { return ShownDocument(name: "vacancy \(id)", content: nil) }
        return ShownDocument(name: "vacancy \(id)", content: (vacancy.raw, vacancy.body))
    }

    /// Opens the vacancy on top of where the user is.
    static func open(_ id: String, _ app: inout AppState) -> [Effect] {
        app.push(VacancyScreen(vacancy: id))
        return load(id, refresh: false, &app)
    }

    /// From the cache unless `refresh`; a vacancy that failed before is asked for again.
    static func load(_ id: String, refresh: Bool, _ app: inout AppState) -> [Effect] {
        switch app.vacancies[id] {
        case .resolved? where !refresh, .loading?: return []
        default:
            app.vacancies[id] = .loading
            return [.loadVacancy(id, refresh: refresh, app.startRequest("vacancy \(id)"))]
        }
    }

    public func draw(_ state: AppState, area: BodyArea, into frame: inout Frame) {
        ProfileLayout.drawDocument(lines(state), scroll: scroll, search: search, area: area, into: &frame)
    }
}

extension VacancyScreen: SearchableScreen {
    func searchDocument(_ app: AppState) -> SearchDocument { SearchDocument(lines: lines(app), left: ProfileLayout.documentLeft) }

    mutating func reveal(_ lines: ClosedRange<Int>, _ app: AppState) {
        let count = self.lines(app).count
        scroll = ViewSearching.scroll(scroll, showing: lines, rows: RecordLayout.visibleRows(lineCount: count, height: app.layout.bodyHeight),
                                      maxScroll: RecordLayout.maxScroll(lineCount: count, height: app.layout.bodyHeight))
    }
}
