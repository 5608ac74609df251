#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A vacancy (`GET /vacancies/{id}`): read to turn an interaction's `vacancy_id` into a job title, and shown
/// in full on its own screen. `company` is the external ID of an External Company, not a name.
public struct Vacancy: Sendable, Equatable {
    public let externalID: String?
    public let jobTitle: String?
    public let jobDescription: String?
    public let company: String?
    public let active: Bool?
    public let lastUpdated: APITimestamp?
    public let location: GeoLocation?
    public let languages: [LanguageSkill]
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
        "external_id", "job_title", "job_description", "company", "active", "last_updated", "location",
        "languages", "custom_properties",
    ]

    public init(json: JSONValue) throws(DecodingProblem) {
        let members = try json.requireObject("a vacancy")
        var r = LenientReader(json)
        externalID = r.text("external_id")
        jobTitle = r.text("job_title")
        jobDescription = r.text("job_description")
        company = r.text("company")
        active = r.bool("active")
        lastUpdated = r.timestamp("last_updated")
        location = r.location("location")
        languages = r.languages()
        customProperties = json["custom_properties"] == nil ? nil : r.customProperties()
        unknownFields = unknownMembers(members, known: Self.knownFields)
        raw = json
        warnings = r.problems
    }
}
