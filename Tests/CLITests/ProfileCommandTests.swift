import DemoAPI
import Foundation
import Testing

/// `twbrowse vacancy`, `employee` and `employees` with the API's filters, against the demo on loopback.
@Suite(.serialized) struct ProfileCommandTests {
    @Test func vacancyTextPrintsWhatTheBrowserShows() async throws {
        try await CLITests.withServer { server, base in
            let r = try await CLITests.run(["--base-url", base, "vacancy", "vac-0046", "--format", "text"])
            #expect(r.status == 0, "\(r.stderr)")
            for expected in ["Title", "機械エンジニア", "Company ID", "ext-company-", "Active", "Last updated", "Location",
                             "Languages", "ja  Japanese  5/5", "Description", "Custom", "Source"] {
                #expect(r.stdout.contains(expected), "missing \(expected) in \(r.stdout)")
            }
            #expect(await server.requests.last?.query == "include=custom_properties")
        }
    }

    @Test func employeeJSONHasItsCustomProperties() async throws {
        try await CLITests.withServer { _, base in
            let r = try await CLITests.run(["--base-url", base, "employee", "E-1001"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("\"custom_properties\""))
            #expect(r.stdout.contains("\"non_desired_functions\""))
        }
    }

    @Test func employeesSendsTheFiltersToTheServer() async throws {
        try await CLITests.withServer { server, base in
            let r = try await CLITests.run(["--base-url", base, "employees", "--organisational-unit", "OU-TOKYO", "--active", "true", "--limit", "200"])
            #expect(r.status == 0, "\(r.stderr)")
            let listRequest = try #require(await server.requests.last { $0.path == "/employees" })
            #expect(listRequest.query.contains("organisational_unit=OU-TOKYO"))
            #expect(listRequest.query.contains("is_active=true"))
            let page = try #require(JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            let results = try #require(page["results"] as? [[String: Any]])
            #expect(!results.isEmpty)
            #expect(results.allSatisfy { $0["organisational_unit"] as? String == "OU-TOKYO" && $0["active"] as? Bool == true })
            #expect(page["count"] as? Int == results.count)
        }
    }
}
