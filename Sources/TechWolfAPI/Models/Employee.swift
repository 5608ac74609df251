/// An employee (`GET /employees/{id}`). The API has no name field: the ID and position identify a person.
public struct Employee: Sendable, Equatable {
    public let externalID: String
    public let assignedPosition: String?
    public let assignedPositionID: String?
    public let active: Bool?
    public let lowDataAvailability: Bool?
    public let organisationalUnit: String?
    public let lastUpdated: APITimestamp?
    public let unknownFields: [JSONMember]
    public let raw: JSONValue

    public static let knownFields: Set<String> = [
        "external_id", "assigned_position", "assigned_position_id", "active", "low_data_availability",
        "organisational_unit", "last_updated",
    ]

    public init(json: JSONValue) throws(DecodingProblem) {
        let members = try json.requireObject("an employee")
        guard let id = json["external_id"]?.stringValue else {
            throw DecodingProblem("employee has no external_id string")
        }
        externalID = id
        assignedPosition = json["assigned_position"]?.displayTextUnlessNull
        assignedPositionID = json["assigned_position_id"]?.displayTextUnlessNull
        active = json["active"]?.boolValue
        lowDataAvailability = json["low_data_availability"]?.boolValue
        organisationalUnit = json["organisational_unit"]?.displayTextUnlessNull
        lastUpdated = json["last_updated"]?.stringValue.map(APITimestamp.init(parsing:))
        unknownFields = unknownMembers(members, known: Self.knownFields)
        raw = json
    }
}

/// One row of `GET /employees`: a full employee, or only an ID from older API versions.
public enum EmployeeListItem: Sendable, Equatable {
    case full(Employee)
    case idOnly(String)

    public var externalID: String {
        switch self {
        case .full(let e): return e.externalID
        case .idOnly(let id): return id
        }
    }

    public var employee: Employee? {
        if case .full(let e) = self { return e }
        return nil
    }
}

/// A page of `GET /employees`: `{"count": N, "results": [...]}`, or a plain array of IDs from older versions.
public struct EmployeesPage: Sendable, Equatable {
    /// The total number of employees, when the server says.
    public let count: Int?
    public let items: [EmployeeListItem]

    public init(json: JSONValue) throws(DecodingProblem) {
        switch json {
        case .array(let elements):
            var ids: [EmployeeListItem] = []
            for element in elements {
                if let s = element.stringValue {
                    ids.append(.idOnly(s))
                } else if case .object = element {
                    ids.append(.full(try Employee(json: element)))
                } else {
                    throw DecodingProblem("employee list entry is \(element.kindName), expected an ID string or an object")
                }
            }
            count = nil
            items = ids
        case .object:
            guard let results = json["results"]?.arrayValue else {
                throw DecodingProblem("employee list has no \"results\" array")
            }
            var list: [EmployeeListItem] = []
            for element in results {
                if let s = element.stringValue { list.append(.idOnly(s)) } else { list.append(.full(try Employee(json: element))) }
            }
            count = json["count"]?.intValue
            items = list
        default:
            throw DecodingProblem("expected an employee list, got \(json.kindName)")
        }
    }
}

extension JSONValue {
    var displayTextUnlessNull: String? {
        if case .null = self { return nil }
        return displayText
    }
}
