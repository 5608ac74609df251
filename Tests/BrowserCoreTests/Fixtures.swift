import Foundation
@testable import BrowserCore
import TechWolfAPI

/// Builds UI states the way the app does: by feeding events to `Update`.
enum UIFixtures {
    static let now = Date(timeIntervalSince1970: 1_764_460_800)   // 2025-11-30T00:00:00Z
    static let token = try! AccessToken("eyJhbGciOiJub25lIn0.eyJleHAiOjE3NjQ0NjgwMDB9.sig-9xYz")

    static func employeeJSON(_ id: String, _ position: String, active: Bool = true, updated: String = "2025-11-27") -> JSONValue {
        try! JSONParser.parse(#"{"external_id": "\#(id)", "assigned_position": "\#(position)", "assigned_position_id": "pos-1", "active": \#(active), "organisational_unit": "R&D", "last_updated": "\#(updated)"}"#)
    }

    static let employees: [(String, String)] = [
        ("E-1001", "Ingénieure logicielle"), ("E-1002", "ソフトウェアエンジニア"), ("E-1003", "Data-Analyst (m/w/d)"),
        ("E-1004", "Bäckereifachverkäuferin"), ("E-1005", "数据分析师"),
        ("E-1006", "A position title that is far too long to fit in any column of any reasonable terminal width at all"),
    ]

    static let records: [(String, String)] = [
        ("int-a1", #"{"external_id": "int-a1", "interaction_type": "vacancy_liked", "timestamp": "2023-06-08T14:42:31.130855", "vacancy_id": "vac-0001"}"#),
        ("int-a2", #"{"external_id": "int-a2", "interaction_type": "vacancy_liked", "timestamp": "2025-11-25", "title": "機械エンジニア"}"#),
        ("int-a3", #"{"external_id": "int-a3", "interaction_type": "vacancy_liked", "timestamp": "2021-01-21T17:32:28Z", "vacancy_id": "vac-9999"}"#),
        ("int-a4", #"{"external_id": "int-a4", "interaction_type": "title_searched", "timestamp": "2024-03-01T09:15:00+02:00", "title": "mechanical engineer", "channel": "mobile", "score": 0.870}"#),
        ("int-a5", #"{"external_id": "int-a5", "interaction_type": "vacancy_liked", "vacancy_id": "vac-0002", "title": "both given"}"#),
    ]

    static func state(width: Int = 80, height: Int = 24) -> AppState {
        var s = AppState()
        s.now = now
        s.timeZone = DisplayZone(TimeZone(identifier: "Europe/Brussels")!)
        s.width = width
        s.height = height
        return s
    }

    static func apply(_ events: [Event], to state: inout AppState) {
        for e in events { _ = Update.handle(e, &state) }
    }

    static func connected(width: Int = 80, height: Int = 24) -> AppState {
        var s = state(width: width, height: height)
        s.form = ConnectForm(tenant: "company_xyz", region: "eu3", token: "secret-token-9xYz")
        _ = Update.handle(.key(.enter), &s)
        let info = ConnectionInfo(label: "company_xyz.eu3", maskedToken: token.masked, expiresAt: now.addingTimeInterval(7200), apiVersion: nil)
        _ = Update.handle(.result(.connected(info, 1)), &s)
        let page = try! EmployeesPage(json: .object([
            JSONMember("count", .number("240")),
            JSONMember("results", .array(employees.map { employeeJSON($0.0, $0.1) })),
        ]))
        let pageRequest = s.pending.first { $0.value == "employees" }?.key ?? 0
        _ = Update.handle(.result(.employeesPage(offset: 0, .success(Fetched(value: page, source: .network(duration: 0.2))), pageRequest)), &s)
        s.cacheStats = CacheStats()
        s.message = nil
        return s
    }

    /// Connected, with E-1001 open and its interactions and vacancies loaded.
    static func onEmployee(width: Int = 80, height: Int = 24) -> AppState {
        var s = connected(width: width, height: height)
        _ = Update.handle(.key(.enter), &s)
        let employee = try! Employee(json: employeeJSON("E-1001", "Ingénieure logicielle"))
        _ = Update.handle(.result(.employee("E-1001", .success(Fetched(value: employee, source: .cache(age: 40))), 99)), &s)
        _ = Update.handle(.result(.batchFinished(.employee("E-1001"), done: 0, failed: 0, cancelled: false)), &s)
        for (id, json) in records {
            s.interactionLists["E-1001", default: InteractionList()].add(id)
            let record = try! InteractionRecord(json: JSONParser.parse(json))
            _ = Update.handle(.result(.batchMember(InteractionKey(employee: "E-1001", interaction: id),
                                                   .success(Fetched(value: record, source: .network(duration: 0.212))))), &s)
        }
        let v1 = try! Vacancy(json: JSONParser.parse(#"{"external_id": "vac-0001", "job_title": "機械エンジニア（設計）", "company": "Acme"}"#))
        _ = Update.handle(.result(.vacancy("vac-0001", .success(Fetched(value: v1, source: .network(duration: 0.1))), 100)), &s)
        _ = Update.handle(.result(.vacancy("vac-9999", .failure(.notFound("404 Not Found — Vacancy vac-9999 not found.")), 101)), &s)
        let v2 = try! Vacancy(json: JSONParser.parse(#"{"external_id": "vac-0002", "job_title": "Développeur Full-Stack"}"#))
        _ = Update.handle(.result(.vacancy("vac-0002", .success(Fetched(value: v2, source: .network(duration: 0.1))), 102)), &s)
        s.pending = [:]
        s.batch = nil
        s.message = nil
        return s
    }

    /// The first record open.
    static func onRecord(width: Int = 80, height: Int = 24) -> AppState {
        var s = onEmployee(width: width, height: height)
        _ = Update.handle(.key(.enter), &s)
        s.pending = [:]
        s.message = nil
        return s
    }
}

/// Where the user is, as the tests name it.
enum Place: Equatable {
    case connect, employees, employee(String), record(InteractionKey), help, other

    init(_ screen: any Screen) {
        switch screen {
        case is ConnectScreen: self = .connect
        case is EmployeesScreen: self = .employees
        case let s as EmployeeScreen: self = .employee(s.id)
        case let s as RecordScreen: self = .record(s.key)
        case is HelpScreen: self = .help
        default: self = .other
        }
    }

    var screen: any Screen {
        switch self {
        case .connect: return ConnectScreen()
        case .employees: return EmployeesScreen()
        case .employee(let id): return EmployeeScreen(employee: id)
        case .record(let key): return RecordScreen(key: key)
        case .help, .other: return HelpScreen()
        }
    }
}

extension AppState {
    var place: Place { Place(top) }
    var places: [Place] {
        get { screens.map(Place.init) }
        set { screens = newValue.map(\.screen) }
    }
    var employeesPosition: ListPosition { (screens.last { $0 is EmployeesScreen } as? EmployeesScreen)?.position ?? ListPosition() }
    var employeesFilter: String { directory.filter }
    func employeePosition(_ id: String) -> ListPosition? {
        (screens.last { ($0 as? EmployeeScreen)?.id == id } as? EmployeeScreen)?.position
    }
}
