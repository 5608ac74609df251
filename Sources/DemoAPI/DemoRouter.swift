#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Answers one request from the data set: authentication, then method, then route. Pure, so the server's
/// behaviour can be read in one place; faults are applied around it by `DemoServer`.
struct DemoRouter: Sendable {
    let dataSet: DemoDataSet
    let token: String

    /// Dated API versions before this one listed employees as a plain array of IDs.
    static let firstVersionWithEmployeeObjects = "2023-01-01"
    static let maximumPageSize = 200
    static let defaultPageSize = 100

    /// `issuedTokenValid`: the bearer token is one `POST /oauth/token` issued and it has not expired.
    func respond(to request: DemoRequestRecord, issuedTokenValid: Bool = false) -> DemoResponse {
        guard issuedTokenValid || isAuthorized(request) else {
            return .error(401, "Unauthorized", "OAuth access token is missing, invalid or expired.")
        }
        return route(request)
    }

    /// The answer as if the request were authorized; also what a faulty proxy would have forwarded.
    func route(_ request: DemoRequestRecord) -> DemoResponse {
        guard request.method == "GET" else {
            var response = DemoResponse.error(405, "Method Not Allowed",
                                              "This API is read-only here: only GET is supported.")
            response.headers["Allow"] = "GET"
            return response
        }
        let apiVersion = request.headers["x-api-version"]
        if let apiVersion, !Self.isDate(apiVersion) {
            return .error(422, "Unprocessable Entity", "X-API-Version must be a date in the form YYYY-MM-DD.")
        }
        switch pathSegments(request.path) {
        case ["version"]:
            return .json(#"{"version": "demo-1.0", "api_version": "2024-01-01"}"#)
        case ["employees"]:
            let legacy = apiVersion.map { $0 < Self.firstVersionWithEmployeeObjects } ?? false
            return listEmployees(query: DemoQuery(request.query), legacyShape: legacy)
        case let segments where segments.count == 2 && segments[0] == "employees":
            return withValidIDs([segments[1]]) { employee(id: $0[0], query: DemoQuery(request.query)) }
        case let segments where segments.count == 4 && segments[0] == "employees" && segments[2] == "interactions":
            return withValidIDs([segments[1], segments[3]]) { interaction(employeeID: $0[0], id: $0[1]) }
        case let segments where segments.count == 2 && segments[0] == "vacancies":
            return withValidIDs([segments[1]]) { vacancy(id: $0[0], query: DemoQuery(request.query)) }
        case ["demo", "worklist"]:
            return .text(dataSet.worklistText())
        default:
            return .error(404, "Not Found", "The requested resource does not exist.")
        }
    }

    private func isAuthorized(_ request: DemoRequestRecord) -> Bool {
        Self.bearerToken(request) == token
    }

    /// The token of an `Authorization: Bearer <token>` header (scheme case-insensitive).
    static func bearerToken(_ request: DemoRequestRecord) -> String? {
        guard let value = request.headers["authorization"] else { return nil }
        let parts = value.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        return String(parts[1])
    }

    /// Path segments with percent-encoding removed; `nil` for a segment whose encoding is broken.
    private func pathSegments(_ path: String) -> [String?] {
        guard path.hasPrefix("/") else { return [nil] }
        return path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            DemoQuery.percentDecoded($0)
        }
    }

    private func withValidIDs(_ ids: [String?], then answer: ([String]) -> DemoResponse) -> DemoResponse {
        let valid = ids.compactMap { $0 }.filter(Self.isValidID)
        guard valid.count == ids.count else {
            return .error(422, "Unprocessable Entity",
                          "IDs must be 1 to 100 characters of letters, digits, hyphens and underscores.")
        }
        return answer(valid)
    }

    private func listEmployees(query: DemoQuery, legacyShape: Bool) -> DemoResponse {
        guard let limit = query.integer("limit", default: Self.defaultPageSize),
              (1...Self.maximumPageSize).contains(limit) else {
            return .error(422, "Unprocessable Entity", "limit must be an integer from 1 to \(Self.maximumPageSize).")
        }
        guard let offset = query.integer("offset", default: 0), offset >= 0 else {
            return .error(422, "Unprocessable Entity", "offset must be an integer of at least 0.")
        }
        guard let activeFilter = query.boolean("is_active") else {
            return .error(422, "Unprocessable Entity", "is_active must be true or false.")
        }
        guard let unitFilter = query.string("organisational_unit") else {
            return .error(422, "Unprocessable Entity", "organisational_unit is not validly encoded.")
        }
        let matching = dataSet.employees.filter { employee in
            (activeFilter.value.map { employee.active == $0 } ?? true)
                && (unitFilter.value.map { employee.organisationalUnit == $0 } ?? true)
        }
        let page = matching.dropFirst(offset).prefix(limit)
        if legacyShape {
            return .json(JSONText.array(page.map { .string($0.externalID) }).rendered)
        }
        return .json(#"{"count": \#(matching.count), "results": ["#
            + page.map(\.json).joined(separator: ", ") + "]}")
    }

    private func employee(id: String, query: DemoQuery) -> DemoResponse {
        guard let employee = dataSet.employee(id: id) else {
            return .error(404, "Not Found", "Employee \(id) not found.")
        }
        return .json(Self.withIncludes(employee.json, id: id, query: query))
    }

    /// `include=custom_properties` (its only documented value) adds them; the body is otherwise as stored.
    static func withIncludes(_ json: String, id: String, query: DemoQuery) -> String {
        query.values("include").contains("custom_properties") ? DemoCustomProperties.appended(to: json, id: id) : json
    }

    private func interaction(employeeID: String, id: String) -> DemoResponse {
        guard dataSet.employee(id: employeeID) != nil else {
            return .error(404, "Not Found", "Employee \(employeeID) not found.")
        }
        guard let interaction = dataSet.interaction(employeeID: employeeID, id: id) else {
            return .error(404, "Not Found", "Employee Interaction \(id) not found for employee \(employeeID).")
        }
        return .json(interaction.json)
    }

    private func vacancy(id: String, query: DemoQuery) -> DemoResponse {
        guard let vacancy = dataSet.vacancy(id: id) else {
            return .error(404, "Not Found", "Vacancy \(id) not found.")
        }
        return .json(Self.withIncludes(vacancy.json, id: id, query: query))
    }

    static func isValidID(_ id: String) -> Bool {
        (1...100).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
        }
    }

    static func isDate(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10 else { return false }
        return bytes.enumerated().allSatisfy { index, byte in
            index == 4 || index == 7 ? byte == UInt8(ascii: "-") : (byte >= 0x30 && byte <= 0x39)
        }
    }
}
