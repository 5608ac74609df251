import DemoAPI
import Foundation
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

// MARK: - The data set

@Suite struct DemoDataSetTests {
    let data = DemoDataSet.standard

    @Test func sizesAndIDs() throws {
        #expect(data.employees.count >= 200)
        for (index, employee) in data.employees.enumerated() {
            #expect(employee.externalID == "E-\(1001 + index)")
        }
        #expect(data.interactions.count >= 2000)
        let ids = data.interactions.map(\.externalID)
        #expect(Set(ids).count == ids.count)
        let idShape = try Regex("^int-[0-9a-z]{8}$")
        #expect(ids.allSatisfy { $0.wholeMatch(of: idShape) != nil })
        #expect(data.vacancies.map(\.externalID) == (1...data.vacancies.count).map { "vac-" + pad($0, 4) })
        #expect(data.vacancies.count >= 50)
    }

    @Test func interactionsAreGroupedInEmployeeOrder() {
        let position = Dictionary(uniqueKeysWithValues: data.employees.enumerated().map { ($1.externalID, $0) })
        let order = data.interactions.map { position[$0.employeeID] }
        #expect(order.allSatisfy { $0 != nil })
        let indices = order.compactMap { $0 }
        #expect(indices == indices.sorted())
    }

    @Test func interactionsAreSpreadUnevenly() {
        let perEmployee = Dictionary(grouping: data.interactions, by: \.employeeID).mapValues(\.count)
        let counts = data.employees.map { perEmployee[$0.externalID] ?? 0 }.sorted()
        #expect(counts.filter { $0 == 0 }.count >= 2)
        #expect(counts.filter { $0 >= 30 }.count >= 2)
        #expect((6...14).contains(counts[counts.count / 2]))
    }

    @Test func everyRecordIsJSONWithTheDocumentedFields() throws {
        let employeeKeys: Set<String> = [
            "external_id", "assigned_position", "assigned_position_id", "active", "low_data_availability",
            "organisational_unit", "last_updated", "location", "languages", "working_history",
            "education_history", "desired_functions", "non_desired_functions",
        ]
        for employee in data.employees {
            let object = try jsonObject(employee.json)
            #expect(Set(object.keys) == employeeKeys)
            #expect(object["external_id"] as? String == employee.externalID)
            #expect(employee.json.hasPrefix(#"{"external_id": "#))
        }
        let vacancyKeys: Set<String> = [
            "external_id", "job_title", "job_description", "active", "last_updated", "company", "location",
            "languages",
        ]
        for vacancy in data.vacancies {
            let object = try jsonObject(vacancy.json)
            #expect(Set(object.keys) == vacancyKeys)
            #expect(object["job_title"] as? String == vacancy.jobTitle)
        }
        for interaction in data.interactions {
            let object = try jsonObject(interaction.json)
            #expect(object["external_id"] as? String == interaction.externalID)
            #expect(object["interaction_type"] is String)
            #expect(object["timestamp"] is String)
        }
    }

    @Test func recordsCoverWhatAClientMustCopeWith() throws {
        let objects = try data.interactions.map { try jsonObject($0.json) }
        let vacancyIDs = Set(data.vacancies.map(\.externalID))
        let unresolved = objects.compactMap { $0["vacancy_id"] as? String }.filter { !vacancyIDs.contains($0) }
        #expect(unresolved == ["vac-9999"])
        let documented: Set<String> = ["external_id", "interaction_type", "timestamp", "vacancy_id", "title"]
        #expect(objects.filter { !Set($0.keys).isSubset(of: documented) }.count >= 5)
        #expect(objects.contains { $0["vacancy_id"] != nil && $0["title"] != nil })
        #expect(objects.contains { $0["vacancy_id"] == nil && $0["title"] == nil })
        let titles = objects.compactMap { $0["title"] as? String }
        #expect(titles.contains { $0.unicodeScalars.contains { $0.value > 0x2E80 } })
        let types = Set(objects.compactMap { $0["interaction_type"] as? String })
        #expect(types.isSuperset(of: ["vacancy_liked", "vacancy_applied", "title_searched"]))
        let likes = objects.filter { $0["interaction_type"] as? String == "vacancy_liked" }.count
        #expect(likes * 2 > objects.count)

        let timestamps = objects.compactMap { $0["timestamp"] as? String }
        for shape in TimestampShape.allCases {
            #expect(timestamps.contains { shape.matches($0) }, "no timestamp shaped like \(shape)")
        }
        #expect(timestamps.allSatisfy { stamp in TimestampShape.allCases.contains { $0.matches(stamp) } })
        #expect(timestamps.allSatisfy { $0 >= "2021-01-01" && $0 < "2026-12" })
    }

    /// The shapes of API-NOTES: objects where the documentation has objects, IDs where it has IDs.
    @Test func profilesHaveTheDocumentedShapes() throws {
        let idShape = try Regex("^[A-Za-z0-9_-]{1,100}$")
        var sawOpenEnd = false, sawDescription = false, sawNonDesired = false
        for employee in data.employees {
            let object = try jsonObject(employee.json)
            for language in object["languages"] as? [[String: Any]] ?? [] {
                #expect(language["language"] is String)
                #expect((1...5).contains(language["level"] as? Int ?? 0))
            }
            for job in object["working_history"] as? [[String: Any]] ?? [] {
                #expect(job["start_date"] is String && job["company"] is String && job["job_title"] is String)
                if job["end_date"] is NSNull { sawOpenEnd = true }
                if job["job_description"] is String { sawDescription = true }
            }
            for school in object["education_history"] as? [[String: Any]] ?? [] {
                #expect(school["school"] is String && school["degree_name"] is String)
            }
            for key in ["desired_functions", "non_desired_functions"] {
                for function in object[key] as? [[String: Any]] ?? [] {
                    #expect(function["title"] is String && function["importance"] is Int)
                    if key == "non_desired_functions" { sawNonDesired = true }
                }
            }
            if let unit = object["organisational_unit"] as? String { #expect(unit.wholeMatch(of: idShape) != nil) }
            #expect(object["custom_properties"] == nil)
        }
        #expect(sawOpenEnd && sawDescription && sawNonDesired)
        for vacancy in data.vacancies {
            let object = try jsonObject(vacancy.json)
            #expect((object["company"] as? String)?.wholeMatch(of: idShape) != nil)
            let languages = try #require(object["languages"] as? [[String: Any]])
            #expect(languages.allSatisfy { $0["language"] is String && $0["level"] is Int })
        }
    }

    @Test func vacancyTitlesAreMultilingual() {
        let titles = data.vacancies.map(\.jobTitle)
        #expect(titles.contains("Ingénieur mécanique"))
        #expect(titles.contains("Bäckereifachverkäuferin"))
        #expect(titles.contains("機械エンジニア"))
        #expect(titles.contains("数据分析师"))
        #expect(titles.allSatisfy { (1...255).contains($0.count) })
    }

    @Test func firstEmployeeShowsEveryCase() throws {
        let records = data.interactions.filter { $0.employeeID == "E-1001" }
        #expect((10...14).contains(records.count))
        let objects = try records.map { try jsonObject($0.json) }
        let titleByVacancy = Dictionary(uniqueKeysWithValues: data.vacancies.map { ($0.externalID, $0.jobTitle) })
        let vacancyTitles = objects.compactMap { ($0["vacancy_id"] as? String).flatMap { titleByVacancy[$0] } }
        #expect(vacancyTitles.contains { $0.unicodeScalars.contains { $0.value >= 0x3040 && $0.value <= 0x9FFF } })
        let timestamps = objects.compactMap { $0["timestamp"] as? String }
        #expect(timestamps.contains { TimestampShape.dateOnly.matches($0) })
        #expect(timestamps.contains { TimestampShape.noZone.matches($0) })
        #expect(timestamps.contains { TimestampShape.utc.matches($0) })
        #expect(objects.contains { $0["title"] is String })
        #expect(objects.contains { $0["channel"] != nil || $0["score"] != nil || $0["meta"] != nil })
        #expect(objects.contains { $0["vacancy_id"] as? String == "vac-9999" })
    }

    @Test func sameSeedSameData() {
        let rebuilt = DemoDataSet(seed: DemoDataSet.standardSeed)
        #expect(rebuilt == data)
        #expect(rebuilt.worklistText() == data.worklistText())
        #expect(DemoDataSet(seed: 42) == DemoDataSet(seed: 42))
        #expect(DemoDataSet(seed: 42).interactions != data.interactions)
    }

    @Test func builtInStagesIsTheSameData() {
        var people: DemoDataSet?
        let whole = DemoDataSet.buildInStages(seed: DemoDataSet.standardSeed) { people = $0 }
        #expect(whole == data)
        #expect(people?.employees == data.employees && people?.vacancies == data.vacancies)
        #expect(people?.interactions.isEmpty == true)
    }

    @Test func worklistListsEveryPairInOrder() {
        let pairs = data.worklist
        #expect(pairs.count == data.interactions.count)
        #expect(pairs.first?.employee == "E-1001")
        let lines = data.worklistText().split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.hasPrefix("# twbrowse demo worklist") == true)
        #expect(lines.last == "")
        let body = lines.dropFirst().dropLast().map(String.init)
        #expect(body == pairs.map { "\($0.employee) \($0.interaction)" })
    }

    @Test func demoTokenLooksLikeAJWT() throws {
        let parts = DemoServer.demoToken.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        #expect(parts.count == 3)
        #expect(parts[2] == "demo-signature")
        let header = try jsonObject(try base64URLDecoded(parts[0]))
        #expect(header["alg"] as? String == "HS256")
        let payload = try jsonObject(try base64URLDecoded(parts[1]))
        #expect(payload["sub"] as? String == "demo")
        #expect(payload["scope"] as? String == "read")
        let expiry = try #require(payload["exp"] as? Int)
        let year = Calendar(identifier: .gregorian).dateComponents(
            in: TimeZone(identifier: "UTC")!, from: Date(timeIntervalSince1970: TimeInterval(expiry))).year
        #expect(year == 2099)
        #expect(DemoServer.demoToken.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) })
    }
}

// MARK: - The server over loopback HTTP

@Suite struct DemoServerTests {
    let data = DemoDataSet.standard

    @Test func listensOnLoopbackOnly() async throws {
        let server = DemoServer()
        let url = try await server.start()
        #expect(url.scheme == "http")
        #expect(url.host == "127.0.0.1")
        #expect((url.port ?? 0) > 0)
        #expect(try await server.start() == url)
        #expect(await server.baseURL == url)
        let client = LoopbackClient(baseURL: url)
        #expect(try await client.get("/version").status == 200)
        await server.stop()
        #expect(await server.baseURL == nil)
        await #expect(throws: (any Error).self) { _ = try await client.get("/version") }
        client.close()
    }

    /// The interactions wait for a request that needs them; with a patience far longer than the time
    /// limit, only that request can have started them.
    @Test(.timeLimit(.minutes(1))) func aRequestForAnInteractionStartsTheHeldBackStage() async throws {
        let server = DemoServer(buildingInBackground: DemoDataSet.standardSeed, interactionsPatience: 600)
        let url = try await server.start()
        let client = LoopbackClient(baseURL: url)
        let list = try await client.get("/employees?limit=5")
        #expect(list.status == 200)
        let pair = try #require(data.worklist.first)
        let record = try await client.get("/employees/\(pair.employee)/interactions/\(pair.interaction)")
        #expect(record.status == 200 && String(decoding: record.body, as: UTF8.self).contains(pair.interaction))
        await server.stop()
        client.close()
    }

    @Test func serverBuildingItsDataInTheBackgroundAnswersLikeAnyOther() async throws {
        let server = DemoServer(buildingInBackground: DemoDataSet.standardSeed)
        let url = try await server.start()
        let client = LoopbackClient(baseURL: url)
        let pair = try #require(data.worklist.first)
        // Asked at once, before the data can be ready: every answer waits for what it needs.
        async let list = client.get("/employees?limit=5")
        async let record = client.get("/employees/\(pair.employee)/interactions/\(pair.interaction)")
        async let worklist = client.get("/demo/worklist")
        let (l, r, w) = try await (list, record, worklist)
        #expect(l.status == 200 && String(decoding: l.body, as: UTF8.self).contains("E-1001"))
        #expect(r.status == 200 && String(decoding: r.body, as: UTF8.self).contains(pair.interaction))
        #expect(w.status == 200 && String(decoding: w.body, as: UTF8.self) == data.worklistText())
        #expect(await server.dataSet == data)
        await server.stop()
        client.close()
    }

    @Test func twoServersRunSideBySide() async throws {
        let first = DemoServer()
        let second = DemoServer(token: "other-token")
        let firstURL = try await first.start()
        let secondURL = try await second.start()
        #expect(firstURL != secondURL)
        let client = LoopbackClient(baseURL: secondURL)
        #expect(try await client.get("/version").status == 401)
        #expect(try await client.get("/version", token: "other-token").status == 200)
        client.close()
        await first.stop()
        await second.stop()
    }

    @Test func requestsWithoutTheTokenAreRefused() async throws {
        try await withServer { _, client in
            for token in [nil, "wrong", DemoServer.demoToken + "x"] as [String?] {
                let reply = try await client.get("/employees/E-1001", token: token)
                #expect(reply.status == 401)
                #expect(reply.contentType == "application/json")
                #expect(reply.text == #"[{"title": "401 Unauthorized", "description": "OAuth access token is missing, invalid or expired."}]"#)
            }
            let basic = try await client.get("/version", token: nil,
                                             headers: ["Authorization": "Basic \(DemoServer.demoToken)"])
            #expect(basic.status == 401)
            let lowercaseScheme = try await client.get("/version", token: nil,
                                                       headers: ["Authorization": "bearer \(DemoServer.demoToken)"])
            #expect(lowercaseScheme.status == 200)
        }
    }

    @Test func version() async throws {
        try await withServer { _, client in
            let reply = try await client.get("/version")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(try reply.object()["version"] as? String == "demo-1.0")
        }
    }

    @Test func listsEmployeesInPages() async throws {
        try await withServer { _, client in
            let first = try await client.get("/employees")
            #expect(first.status == 200)
            let page = try first.object()
            #expect(page["count"] as? Int == data.employees.count)
            let results = try #require(page["results"] as? [[String: Any]])
            #expect(results.count == 100)
            #expect(results.first?["external_id"] as? String == "E-1001")

            let window = try await client.get("/employees?limit=5&offset=3").object()
            let windowIDs = (window["results"] as? [[String: Any]])?.compactMap { $0["external_id"] as? String }
            #expect(windowIDs == ["E-1004", "E-1005", "E-1006", "E-1007", "E-1008"])

            let beyond = try await client.get("/employees?limit=200&offset=100000").object()
            #expect(beyond["count"] as? Int == data.employees.count)
            #expect((beyond["results"] as? [Any])?.isEmpty == true)

            let all = try await fetchAllEmployees(client)
            let inactive = try await client.get("/employees?is_active=false&limit=200").object()
            let inactiveCount = all.filter { $0["active"] as? Bool == false }.count
            #expect(inactiveCount > 0)
            #expect(inactive["count"] as? Int == inactiveCount)

            let unit = "OU-TOKYO"
            let encoded = try #require(unit.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
            let inUnit = try await client.get("/employees?limit=200&organisational_unit=\(encoded)").object()
            let unitCount = all.filter { $0["organisational_unit"] as? String == unit }.count
            #expect(unitCount > 0)
            #expect(inUnit["count"] as? Int == unitCount)
        }
    }

    @Test(arguments: ["limit=0", "limit=201", "limit=abc", "limit=", "offset=-1", "offset=1.5",
                      "is_active=maybe", "organisational_unit=%E6%97"])
    func rejectsBadListParameters(query: String) async throws {
        try await withServer { _, client in
            let reply = try await client.get("/employees?\(query)")
            try expectDocumentedError(reply, status: 422, title: "422 Unprocessable Entity")
        }
    }

    @Test func olderAPIVersionsListIDsOnly() async throws {
        try await withServer { _, client in
            let old = try await client.get("/employees?limit=3&offset=1", headers: ["X-API-Version": "2022-06-30"])
            #expect(old.status == 200)
            #expect(old.contentType == "application/json")
            let ids = try JSONSerialization.jsonObject(with: old.body) as? [String]
            #expect(ids == ["E-1002", "E-1003", "E-1004"])
            let defaultPage = try JSONSerialization.jsonObject(
                with: try await client.get("/employees", headers: ["X-API-Version": "2020-01-01"]).body) as? [String]
            #expect(defaultPage?.count == 100)

            let current = try await client.get("/employees?limit=1", headers: ["X-API-Version": "2023-01-01"])
            #expect(try current.object()["count"] as? Int == data.employees.count)
            let malformed = try await client.get("/employees", headers: ["X-API-Version": "last-year"])
            try expectDocumentedError(malformed, status: 422, title: "422 Unprocessable Entity")
        }
    }

    @Test func servesOneEmployee() async throws {
        try await withServer { _, client in
            let reply = try await client.get("/employees/E-1001")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.text == data.employees[0].json)
            let encoded = try await client.get("/employees/E%2D1002")
            #expect(encoded.text == data.employees[1].json)

            let missing = try await client.get("/employees/E-0000")
            try expectDocumentedError(missing, status: 404, title: "404 Not Found")
            #expect(try missing.errorDescription().contains("E-0000"))
        }
    }

    @Test func customPropertiesOnlyWhenIncluded() async throws {
        try await withServer { _, client in
            let plain = try await client.get("/employees/E-1001").object()
            #expect(plain["custom_properties"] == nil)
            let included = try await client.get("/employees/E-1001?include=custom_properties").object()
            let properties = try #require(included["custom_properties"] as? [[String: Any]])
            #expect(!properties.isEmpty)
            #expect(properties.allSatisfy { $0["property_name"] is String && $0["property_value"] != nil })
            let again = try await client.get("/employees/E-1001?include=other&include=custom_properties").object()
            #expect((again["custom_properties"] as? [[String: Any]])?.count == properties.count)

            let vacancy = try await client.get("/vacancies/vac-0001?include=custom_properties").object()
            #expect((vacancy["custom_properties"] as? [[String: Any]])?.isEmpty == false)
            #expect(try await client.get("/vacancies/vac-0001").object()["custom_properties"] == nil)
        }
    }

    @Test func servesOneInteraction() async throws {
        try await withServer { _, client in
            let record = data.interactions[0]
            let reply = try await client.get("/employees/\(record.employeeID)/interactions/\(record.externalID)")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.text == record.json)

            let someoneElses = try await client.get("/employees/E-1002/interactions/\(record.externalID)")
            try expectDocumentedError(someoneElses, status: 404, title: "404 Not Found")
            let unknown = try await client.get("/employees/E-1001/interactions/int-zzzzzzzz")
            try expectDocumentedError(unknown, status: 404, title: "404 Not Found")
            let unknownEmployee = try await client.get("/employees/E-9999/interactions/\(record.externalID)")
            try expectDocumentedError(unknownEmployee, status: 404, title: "404 Not Found")
        }
    }

    @Test func servesOneVacancy() async throws {
        try await withServer { _, client in
            let japanese = try #require(data.vacancies.first { $0.jobTitle == "機械エンジニア" })
            let reply = try await client.get("/vacancies/\(japanese.externalID)")
            #expect(reply.status == 200)
            #expect(reply.text == japanese.json)
            #expect(try reply.object()["job_title"] as? String == "機械エンジニア")

            let missing = try await client.get("/vacancies/vac-9999")
            try expectDocumentedError(missing, status: 404, title: "404 Not Found")
        }
    }

    @Test func servesTheWorklist() async throws {
        try await withServer { _, client in
            let reply = try await client.get("/demo/worklist")
            #expect(reply.status == 200)
            #expect(reply.contentType?.hasPrefix("text/plain") == true)
            #expect(reply.text == data.worklistText())
        }
    }

    @Test(arguments: [
        "/employees/bad%20id", "/employees/a.b", "/employees/" + String(repeating: "a", count: 101),
        "/employees/", "/vacancies/%E6%97%A5", "/vacancies/a%2Fb", "/employees/E-1001/interactions/bad!id",
        "/employees/%ZZ",
    ])
    func rejectsMalformedIDs(path: String) async throws {
        try await withServer { _, client in
            try expectDocumentedError(try await client.get(path), status: 422, title: "422 Unprocessable Entity")
        }
    }

    @Test func longestValidIDIsAccepted() async throws {
        try await withServer { _, client in
            let reply = try await client.get("/employees/" + String(repeating: "a", count: 100))
            try expectDocumentedError(reply, status: 404, title: "404 Not Found")
        }
    }

    @Test func unknownPathsAndMethods() async throws {
        try await withServer { _, client in
            for path in ["/", "/nope", "/employees/E-1001/interactions", "/version/extra", "/demo"] {
                try expectDocumentedError(try await client.get(path), status: 404, title: "404 Not Found")
            }
            for method in ["POST", "PUT", "DELETE", "PATCH"] {
                let reply = try await client.get("/employees/E-1001", method: method)
                try expectDocumentedError(reply, status: 405, title: "405 Method Not Allowed")
                #expect(reply.headers["allow"] == "GET")
            }
        }
    }

    @Test func recordsEveryRequestInOrder() async throws {
        try await withServer { server, client in
            _ = try await client.get("/version", token: nil)
            _ = try await client.get("/employees?limit=2&offset=4", headers: ["X-API-Version": "2024-01-01"])
            _ = try await client.get("/employees/E-1001", method: "DELETE")
            let requests = await server.requests
            #expect(requests.map(\.method) == ["GET", "GET", "DELETE"])
            #expect(requests.map(\.path) == ["/version", "/employees", "/employees/E-1001"])
            #expect(requests.map(\.query) == ["", "limit=2&offset=4", ""])
            #expect(requests[0].headers["authorization"] == nil)
            #expect(requests[1].headers["authorization"] == "Bearer \(DemoServer.demoToken)")
            #expect(requests[1].headers["x-api-version"] == "2024-01-01")
            #expect(requests.allSatisfy { $0.headers.keys.allSatisfy { $0 == $0.lowercased() } })
            #expect(await server.count(pathPrefix: "/employees") == 2)
            #expect(await server.count(pathPrefix: "/vacancies") == 0)
            await server.resetRecordedRequests()
            #expect(await server.requests.isEmpty)
            _ = try await client.get("/vacancies/vac-0001")
            #expect(await server.count(pathPrefix: "/vacancies") == 1)
        }
    }

    // MARK: Faults

    @Test func slowFaultDelaysThenAnswers() async throws {
        try await withServer { server, client in
            await server.setFault(.slow(seconds: 0.4))
            let clock = ContinuousClock()
            let start = clock.now
            let reply = try await client.get("/employees/E-1001")
            #expect(clock.now - start >= .milliseconds(350))
            #expect(reply.text == data.employees[0].json)
            #expect(try await client.get("/version", token: nil).status == 401)
            await server.setFault(.none)
            #expect(try await client.get("/version").status == 200)
        }
    }

    @Test func stopDoesNotWaitForASlowAnswer() async throws {
        let server = DemoServer()
        let client = LoopbackClient(baseURL: try await server.start())
        await server.setFault(.slow(seconds: 60))
        let pending = Task { try await client.get("/version") }
        while await server.requests.isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        let clock = ContinuousClock()
        let start = clock.now
        await server.stop()
        #expect(clock.now - start < .seconds(5))
        let outcome = await pending.result
        if case .success(let reply) = outcome {
            #expect(reply.status >= 500)
        }
        client.close()
    }

    @Test func html500FaultSendsAProxyPage() async throws {
        try await withServer { server, client in
            await server.setFault(.html500)
            for token in [DemoServer.demoToken, nil] as [String?] {
                let reply = try await client.get("/employees/E-1001", token: token)
                #expect(reply.status == 500)
                #expect(reply.contentType == "text/html")
                #expect(reply.text.contains("<html>"))
            }
            #expect(await server.requests.count == 2)
            await server.setFault(.none)
            #expect(try await client.get("/version").status == 200)
        }
    }

    @Test func rateLimitedFaultPassesAfterItsCount() async throws {
        try await withServer { server, client in
            await server.setFault(.rateLimited(retryAfter: "7", times: 2))
            for _ in 0..<2 {
                let reply = try await client.get("/employees/E-1001")
                try expectDocumentedError(reply, status: 429, title: "429 Too Many Requests")
                #expect(reply.headers["retry-after"] == "7")
            }
            let third = try await client.get("/employees/E-1001")
            #expect(third.status == 200)
            #expect(third.headers["retry-after"] == nil)
            await server.setFault(.rateLimited(retryAfter: "1", times: 1))
            #expect(try await client.get("/version").status == 429)
            #expect(try await client.get("/version").status == 200)
        }
    }

    @Test func unavailableFaultWithAndWithoutRetryAfter() async throws {
        try await withServer { server, client in
            await server.setFault(.unavailable(retryAfter: nil, times: 1))
            let bare = try await client.get("/version")
            #expect(bare.status == 503)
            #expect(bare.headers["retry-after"] == nil)
            #expect(try await client.get("/version").status == 200)

            let date = "Wed, 21 Oct 2015 07:28:00 GMT"
            await server.setFault(.unavailable(retryAfter: date, times: 2))
            for _ in 0..<2 {
                let reply = try await client.get("/version")
                try expectDocumentedError(reply, status: 503, title: "503 Service Unavailable")
                #expect(reply.headers["retry-after"] == date)
            }
            #expect(try await client.get("/version").status == 200)
        }
    }

    @Test func truncatedJSONFaultCutsARealRecord() async throws {
        try await withServer { server, client in
            await server.setFault(.truncatedJSON)
            let record = data.interactions[0]
            let reply = try await client.get("/employees/\(record.employeeID)/interactions/\(record.externalID)")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(!reply.body.isEmpty)
            #expect(reply.body.count < Data(record.json.utf8).count)
            #expect(record.json.hasPrefix(reply.text))
            #expect(throws: (any Error).self) { try JSONSerialization.jsonObject(with: reply.body) }

            let elsewhere = try await client.get("/nope")
            #expect(elsewhere.status == 200)
            #expect(data.interactions[0].json.hasPrefix(elsewhere.text))
        }
    }

    @Test(arguments: [10, 1_000_000])
    func oversizedFaultSendsExactlyThatMuch(bytes: Int) async throws {
        try await withServer { server, client in
            await server.setFault(.oversized(bytes: bytes))
            let reply = try await client.get("/employees/E-1001")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/json")
            #expect(reply.headers["content-length"] == String(bytes))
            #expect(reply.body.count == bytes)
            #expect(reply.body.first == UInt8(ascii: "{"))
        }
    }

    @Test func redirectFaultPointsElsewhereAndIsNotFollowed() async throws {
        try await withServer { server, client in
            let elsewhere = "http://127.0.0.1:9"
            await server.setFault(.redirect(to: elsewhere))
            let reply = try await client.get("/employees?limit=5&offset=10")
            #expect(reply.status == 302)
            #expect(reply.headers["location"] == "\(elsewhere)/employees?limit=5&offset=10")
            let plain = try await client.get("/employees/E-1001", token: nil)
            #expect(plain.status == 302)
            #expect(plain.headers["location"] == "\(elsewhere)/employees/E-1001")
            #expect(await server.requests.count == 2)
        }
    }
}

// MARK: - Helpers

/// Talks to the demo server only: it refuses any base URL that is not 127.0.0.1, bypasses proxies, and
/// never follows a redirect.
final class LoopbackClient: Sendable {
    let baseURL: URL
    private let session: URLSession

    init(baseURL: URL) {
        precondition(baseURL.host == "127.0.0.1", "tests talk to 127.0.0.1 only")
        self.baseURL = baseURL
        let configuration = URLSessionConfiguration.ephemeral
        configuration.connectionProxyDictionary = [:]
        configuration.timeoutIntervalForRequest = 30
        session = URLSession(configuration: configuration, delegate: RedirectRefuser(), delegateQueue: nil)
    }

    func get(_ pathAndQuery: String, token: String? = DemoServer.demoToken, method: String = "GET",
             headers: [String: String] = [:]) async throws -> Reply {
        let url = try #require(URL(string: baseURL.absoluteString + pathAndQuery))
        #expect(url.host == "127.0.0.1")
        var request = URLRequest(url: url)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (body, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        var lowercased: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { lowercased[name.lowercased()] = value }
        }
        return Reply(status: http.statusCode, headers: lowercased, body: body)
    }

    func close() {
        session.invalidateAndCancel()
    }
}

/// Given at session level: on Linux, URLSession ignores per-task delegates.
final class RedirectRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(_ session: URLSession, task: URLSessionTask,
                    willPerformHTTPRedirection response: HTTPURLResponse, newRequest request: URLRequest,
                    completionHandler: @escaping @Sendable (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}

struct Reply: Sendable {
    let status: Int
    let headers: [String: String]
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var contentType: String? { headers["content-type"] }

    func object() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
    }

    func errorDescription() throws -> String {
        let errors = try #require(try JSONSerialization.jsonObject(with: body) as? [[String: Any]])
        return try #require(errors.first?["description"] as? String)
    }
}

/// The documented error body: a JSON array of objects with exactly `title` and `description`.
func expectDocumentedError(_ reply: Reply, status: Int, title: String,
                           sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(reply.status == status, sourceLocation: sourceLocation)
    #expect(reply.contentType == "application/json", sourceLocation: sourceLocation)
    let errors = try #require(try JSONSerialization.jsonObject(with: reply.body) as? [[String: Any]],
                              sourceLocation: sourceLocation)
    #expect(errors.count == 1, sourceLocation: sourceLocation)
    #expect(Set(errors.first?.keys ?? [:].keys) == ["title", "description"], sourceLocation: sourceLocation)
    #expect(errors.first?["title"] as? String == title, sourceLocation: sourceLocation)
    #expect((errors.first?["description"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
}

/// Starts a server of its own on an ephemeral port for one test, and always stops it.
func withServer(_ body: (DemoServer, LoopbackClient) async throws -> Void) async throws {
    let server = DemoServer()
    let client = LoopbackClient(baseURL: try await server.start())
    do {
        try await body(server, client)
    } catch {
        client.close()
        await server.stop()
        throw error
    }
    client.close()
    await server.stop()
}

func fetchAllEmployees(_ client: LoopbackClient) async throws -> [[String: Any]] {
    var all: [[String: Any]] = []
    while true {
        let page = try await client.get("/employees?limit=200&offset=\(all.count)").object()
        let results = try #require(page["results"] as? [[String: Any]])
        all += results
        if results.isEmpty || all.count >= (page["count"] as? Int ?? 0) { return all }
    }
}

enum TimestampShape: CaseIterable, CustomStringConvertible {
    case noZone, dateOnly, utc, offset

    var pattern: String {
        switch self {
        case .noZone: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$"#
        case .dateOnly: #"^\d{4}-\d{2}-\d{2}$"#
        case .utc: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"#
        case .offset: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$"#
        }
    }

    func matches(_ text: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }

    var description: String { pattern }
}

func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

func base64URLDecoded(_ text: String) throws -> String {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    let data = try #require(Data(base64Encoded: base64))
    return String(decoding: data, as: UTF8.self)
}

func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
