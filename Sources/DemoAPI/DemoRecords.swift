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
    public let json: String
}

/// One vacancy. `json` is exactly the body of `GET /vacancies/{externalID}`.
public struct DemoVacancy: Sendable, Equatable {
    public let externalID: String
    public let jobTitle: String
    public let json: String
}
