/// One employee as the server sends it. `json` is exactly the body of `GET /employees/{externalID}`.
public struct DemoEmployee: Sendable, Equatable {
    public let externalID: String
    public let json: String
    /// Kept beside the JSON so the list endpoint can filter without parsing its own output.
    let active: Bool
    let organisationalUnit: String?
}

/// One interaction. `json` is exactly the body of `GET /employees/{employeeID}/interactions/{externalID}`.
public struct DemoInteraction: Sendable, Equatable {
    public let employeeID: String
    public let externalID: String
    /// Kept as its parts and written out on request: a demo reads a handful of its 2,600 records, and their
    /// text would be most of the demo's heap.
    let draft: InteractionDraft

    public var json: String { draft.json(externalID: externalID) }
}

/// One vacancy. `json` is exactly the body of `GET /vacancies/{externalID}`.
public struct DemoVacancy: Sendable, Equatable {
    public let externalID: String
    public let jobTitle: String
    public let json: String
}
