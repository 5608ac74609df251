/// A vacancy (`GET /vacancies/{id}`), read to turn an interaction's `vacancy_id` into a job title.
public struct Vacancy: Sendable, Equatable {
    public let externalID: String?
    public let jobTitle: String?
    public let company: String?
    public let active: Bool?
    public let lastUpdated: APITimestamp?
    public let raw: JSONValue

    public init(json: JSONValue) throws(DecodingProblem) {
        _ = try json.requireObject("a vacancy")
        externalID = json["external_id"]?.stringValue
        jobTitle = json["job_title"]?.displayTextUnlessNull
        company = json["company"]?.displayTextUnlessNull
        active = json["active"]?.boolValue
        lastUpdated = json["last_updated"]?.stringValue.map(APITimestamp.init(parsing:))
        raw = json
    }
}
