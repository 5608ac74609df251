#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An employee (`GET /employees/{id}`). The API has no name field: the ID and position identify a person.
/// Decoded leniently: a field of the wrong shape is left out and named in `warnings`, never a failure.
public struct Employee: Sendable, Equatable {
    public let externalID: String
    public let assignedPosition: String?
    public let assignedPositionID: String?
    public let active: Bool?
    public let lowDataAvailability: Bool?
    public let organisationalUnit: String?
    public let lastUpdated: APITimestamp?
    public let location: GeoLocation?
    public let workingHistory: [WorkExperience]
    public let educationHistory: [Education]
    public let languages: [LanguageSkill]
    public let desiredFunctions: [FunctionPreference]
    public let nonDesiredFunctions: [FunctionPreference]
    /// Sent only when asked for with `include=custom_properties`; nil when the body has none.
    public let customProperties: [CustomProperty]?
    public let unknownFields: [JSONMember]
    public let raw: JSONValue
    /// The body's bytes exactly as the server sent them, when this came as a response of its own (nil for
    /// one built from a JSON value, such as a row of a list).
    public internal(set) var body: Data? = nil
    /// What breaks the documented shapes, as short sentences.
    public let warnings: [String]

    public static let knownFields: Set<String> = [
        "external_id", "assigned_position", "assigned_position_id", "active", "low_data_availability",
        "organisational_unit", "last_updated", "location", "working_history", "education_history", "languages",
        "desired_functions", "non_desired_functions", "custom_properties",
    ]

    /// `expectedID`: the ID asked for, used (with a warning) when the body has none.
    public init(json: JSONValue, expectedID: String? = nil) throws(DecodingProblem) {
        let members = try json.requireObject("an employee")
        var r = LenientReader(json)
        if let id = json["external_id"]?.stringValue {
            externalID = id
        } else if let expectedID {
            externalID = expectedID
            r.problems.append(json["external_id"] == nil ? "external_id is missing" : "external_id should be a string")
        } else {
            throw DecodingProblem("employee has no external_id string")
        }
        assignedPosition = r.text("assigned_position")
        assignedPositionID = r.text("assigned_position_id")
        active = r.bool("active")
        lowDataAvailability = r.bool("low_data_availability")
        organisationalUnit = r.text("organisational_unit")
        lastUpdated = r.timestamp("last_updated")
        location = r.location("location")
        workingHistory = r.list("working_history") { WorkExperience(&$0) }
        educationHistory = r.list("education_history") { Education(&$0) }
        languages = r.languages()
        desiredFunctions = r.list("desired_functions") { FunctionPreference(&$0) }
        nonDesiredFunctions = r.list("non_desired_functions") { FunctionPreference(&$0) }
        customProperties = json["custom_properties"] == nil ? nil : r.customProperties()
        unknownFields = unknownMembers(members, known: Self.knownFields)
        raw = json
        warnings = r.problems
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
