#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
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
    public let owner: BatchOwner
    public var total: Int
    public var done: Int
    public var failed: Int
    /// Pasted words that were not valid IDs, kept for the closing message.
    public var refused = 0
    public var firstRefusal: String?

    public init(owner: BatchOwner, total: Int, done: Int, failed: Int, refused: Int = 0, firstRefusal: String? = nil) {
        self.owner = owner
        self.total = total
        self.done = done
        self.failed = failed
        self.refused = refused
        self.firstRefusal = firstRefusal
    }

    public init(employee: String, total: Int, done: Int, failed: Int, refused: Int = 0, firstRefusal: String? = nil) {
        self.init(owner: .employee(employee), total: total, done: done, failed: failed, refused: refused, firstRefusal: firstRefusal)
    }

    /// The employee whose interactions these are; nil for a worklist's.
    public var employee: String? {
        if case .employee(let id) = owner { return id }
        return nil
    }
}

/// Whose records a batch fetches: one employee's (`a`, or opening the employee), or a worklist's pairs.
public enum BatchOwner: Hashable, Sendable {
    case employee(String)
    case worklist
}
