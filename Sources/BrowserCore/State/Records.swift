import Foundation
import TechWolfAPI

/// A pair the UI knows of: an employee's interaction.
public struct InteractionKey: Hashable, Sendable {
    public let employee: String
    public let interaction: String
    public init(employee: String, interaction: String) {
        self.employee = employee
        self.interaction = interaction
    }
}

/// Something fetched, being fetched, or failed.
public enum Loadable<Value: Sendable>: Sendable {
    case loading
    case loaded(Value, DataSource)
    case failed(APIError)

    public var value: Value? {
        if case .loaded(let v, _) = self { return v }
        return nil
    }

    public var isLoading: Bool {
        if case .loading = self { return true }
        return false
    }
}

/// Where an employee row came from, for the list.
public struct EmployeeRow: Sendable, Equatable {
    public let id: String
    public var employee: Employee?
    public init(id: String, employee: Employee?) {
        self.id = id
        self.employee = employee
    }
}

/// The employees the session knows, in display order: the API's pages first, then the worklist's and
/// looked-up ones that the pages have not (yet) listed.
public struct EmployeeDirectory: Sendable {
    public private(set) var rows: [EmployeeRow] = []
    private var index: [String: Int] = [:]
    /// How many of `rows`, from the front, came from `GET /employees` pages.
    public private(set) var loadedFromServer = 0
    /// Total the server reported, if it did.
    public var serverCount: Int?
    /// The offset of the next page to load; nil when the server has no more.
    public var nextOffset: Int? = 0

    public init() {}

    /// Adds (or updates) an employee the session learned about outside the server's list.
    public mutating func add(_ id: String, employee: Employee? = nil) {
        if let i = index[id] {
            if let employee { rows[i].employee = employee }
            return
        }
        index[id] = rows.count
        rows.append(EmployeeRow(id: id, employee: employee))
    }

    /// Appends a page from `GET /employees`: listed employees move up among the listed ones, ahead of the
    /// worklist's, so the list reads in the server's order.
    public mutating func addPage(_ items: [EmployeeListItem]) {
        var listed = Array(rows[..<loadedFromServer])
        var listedIDs = Set(listed.map(\.id))
        var known: [String: EmployeeRow] = [:]
        for row in rows[loadedFromServer...] { known[row.id] = row }
        for item in items where !listedIDs.contains(item.externalID) {
            var row = known.removeValue(forKey: item.externalID) ?? EmployeeRow(id: item.externalID, employee: nil)
            if let e = item.employee { row.employee = e }
            listed.append(row)
            listedIDs.insert(item.externalID)
        }
        let extras = rows[loadedFromServer...].filter { known[$0.id] != nil }
        rows = listed + extras
        loadedFromServer = listed.count
        index = [:]
        for (i, row) in rows.enumerated() { index[row.id] = i }
    }

    public func row(_ id: String) -> EmployeeRow? { index[id].map { rows[$0] } }

    /// The directory without anything the server listed (after switching tenants or on refresh).
    public var extrasOnly: EmployeeDirectory {
        var d = EmployeeDirectory()
        for row in rows[loadedFromServer...] { d.add(row.id) }
        return d
    }
}

/// The interactions known for one employee, in the order they became known.
public struct InteractionList: Sendable {
    public private(set) var ids: [String] = []
    private var seen: Set<String> = []

    public init() {}

    public mutating func add(_ id: String) {
        if seen.insert(id).inserted { ids.append(id) }
    }

    public mutating func remove(_ id: String) {
        if seen.remove(id) != nil { ids.removeAll { $0 == id } }
    }
}

/// A batch of interaction IDs being added on the employee screen.
public struct BatchProgress: Sendable, Equatable {
    public let employee: String
    public var total: Int
    public var done: Int
    public var failed: Int
    /// Pasted words that were not valid IDs, kept for the closing message.
    public var refused = 0
    public var firstRefusal: String?
}
