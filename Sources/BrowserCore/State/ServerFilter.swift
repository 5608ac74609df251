import TechWolfAPI

/// The filters `GET /employees` applies on the server (`:active`, `:unit`): unlike `/`, which filters the
/// rows already loaded, they change which employees the server lists and counts.
public struct ServerFilter: Equatable, Sendable {
    public var active: Bool?
    public var unit: String?

    public init(active: Bool? = nil, unit: String? = nil) {
        self.active = active
        self.unit = unit
    }

    public var isEmpty: Bool { active == nil && unit == nil }

    /// "active · unit OU-ENG", for the header.
    public var label: String {
        [active.map { $0 ? "active" : "inactive" }, unit.map { "unit " + TerminalText.sanitize($0) }]
            .compactMap { $0 }.joined(separator: " · ")
    }
}

/// One `GET /employees` page as the list asks for it.
public struct EmployeesPageRequest: Equatable, Sendable {
    public var offset: Int
    public var limit: Int
    public var filter: ServerFilter
    /// Past the cache (`r`).
    public var refresh: Bool
}

enum ServerFiltering {
    /// The first page under the session's filter; `refresh` goes past the cache.
    static func firstPage(refresh: Bool, _ state: inout AppState) -> Effect {
        state.loadingPage = true
        state.pageFailed = false
        return .loadEmployeesPage(EmployeesPageRequest(offset: 0, limit: AppState.pageSize, filter: state.serverFilter, refresh: refresh),
                                  state.startRequest("employees"))
    }

    /// A new filter: the list starts again from the server's first page; a page on its way for the old
    /// filter is cancelled and would be ignored if it still came.
    static func apply(_ filter: ServerFilter, _ state: inout AppState) -> [Effect] {
        state.serverFilter = filter
        var effects: [Effect] = []
        for (id, what) in state.pending where what == "employees" {
            state.pending[id] = nil
            state.supersededPages.insert(id)
            effects.append(.cancelRequest(id))
        }
        Navigation.jumpToEmployees(&state)
        state.directory = state.directory.extrasOnly
        state.directory.hidesUnlisted = !filter.isEmpty
        state.morePagesWanted = false
        state.withScreen(EmployeesScreen.self) { list, _ in
            list.position = ListPosition()
            return []
        }
        state.show(filter.isEmpty ? "showing every employee" : "the server lists only: \(filter.label)")
        guard state.connection != nil else { return effects }
        return effects + [firstPage(refresh: false, &state)]
    }
}
