import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// The employee screen with every documented field, wide and long values, and broken shapes.
@Suite struct EmployeeScreenTests {
    static let fullJSON = #"""
    {"external_id": "E-1001", "assigned_position": "ソフトウェアエンジニア（バックエンド・データ基盤）", "assigned_position_id": "pos-021",
     "active": true, "low_data_availability": false, "organisational_unit": "OU-RND-GENT", "last_updated": "2025-11-27",
     "location": {"lat": 51.0543, "lng": 3.7174},
     "working_history": [
       {"start_date": "2021-03-01", "end_date": null, "company": "株式会社デモ工業", "job_title": "Senior Software Engineer",
        "job_description": "Built the reporting pipeline end to end: ingestion from twelve source systems, a dimensional model in the warehouse, dashboards for finance and operations.\nOn call one week in six."},
       {"start_date": "2017-09-01", "end_date": "2021-02-28", "company": "Société Générale de Mécanique", "job_title": "Ingénieure logicielle"}],
     "education_history": [{"start_date": "2012-09-01", "end_date": "2017-06-30", "school": "Universiteit Gent", "degree_name": "Master of Science in Computer Science"}],
     "languages": [{"language": "nl", "level": 5}, {"language": "ja", "level": 3}, {"language": "xx", "level": 1}],
     "desired_functions": [{"title": "Data Engineer", "importance": 4}],
     "non_desired_functions": [{"title": "数据分析师", "importance": 1}],
     "custom_properties": [{"property_name": "cost_center", "property_value": "CC-1100"}, {"property_name": "remote_days", "property_value": 2}],
     "badge": "\u001b[31mred\u202e"}
    """#

    static func onFullEmployee(width: Int = 80, height: Int = 24) -> AppState {
        var s = UIFixtures.onEmployee(width: width, height: height)
        let employee = try! Employee(json: JSONParser.parse(fullJSON))
        _ = Update.handle(.result(.employee("E-1001", .success(Fetched(value: employee, source: .network(duration: 0.2))), 98)), &s)
        return s
    }

    @Test(arguments: SnapshotTests.sizes.map { [$0.0, $0.1] })
    func fullProfile(_ size: [Int]) {
        var s = Self.onFullEmployee(width: size[0], height: size[1])
        SnapshotTests.check("employee-full-\(size[0])x\(size[1])", Render.frame(s))
        _ = Update.handle(.key(.char("J")), &s)
        SnapshotTests.check("employee-json-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test func everyFieldIsOnTheScreen() {
        var s = Self.onFullEmployee(width: 160, height: 50)
        let text = Render.frame(s).text
        for expected in ["pos-021", "Active", "OU-RND-GENT", "Low data", "51.0543, 3.7174", "2021-03-01 – now",
                         "株式会社デモ工業", "dimensional model", "On call one week in six.", "Universiteit Gent",
                         "nl  Dutch  5/5", "ja  Japanese  3/5", "xx  1/5", "Data Engineer  (importance 4)",
                         "数据分析师  (importance 1)", "cost_center: CC-1100", "remote_days: 2", "badge: ␛[31mred<U+202E>",
                         "control or bidi", "Interactions (5)"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
        _ = Update.handle(.key(.char("J")), &s)
        #expect(Render.frame(s).text.contains("\"assigned_position_id\": \"pos-021\""))
        #expect(Chrome.breadcrumb(s).last == "E-1001 JSON")
    }

    @Test func theProfileScrollsAwayAsTheSelectionMovesDown() {
        var s = Self.onFullEmployee(width: 80, height: 24)
        #expect(Render.frame(s).text.contains("Position"))
        // The selection starts below the view; j scrolls towards it before moving it.
        for _ in 0..<40 { _ = Update.handle(.key(.char("j")), &s) }
        let text = Render.frame(s).text
        #expect(!text.contains("Position"))
        #expect(text.contains("▶int-a5"))
        _ = Update.handle(.key(.char("g")), &s)
        #expect(Render.frame(s).text.contains("Position"))
        #expect(s.employeePosition("E-1001")?.selected == 0)
    }

    /// After a resize the profile wraps to another number of lines and the view has another height: a
    /// selection deep in the list stays on screen (it used to fall above the view).
    @Test func theSelectionStaysOnScreenAcrossAResize() {
        var s = Self.onFullEmployee(width: 40, height: 10)
        for i in 0..<30 { s.interactionLists["E-1001", default: InteractionList()].add("int-extra\(i)") }
        for _ in 0..<60 { _ = Update.handle(.key(.char("j")), &s) }
        #expect(Render.frame(s).text.contains("▶"))
        for (width, height) in [(60, 15), (100, 30), (40, 10), (45, 12)] {
            _ = Update.handle(.resize(width: width, height: height), &s)
            #expect(Render.frame(s).text.contains("▶"), "\(width)x\(height)")
        }
    }

    @Test func copyKeysActOnTheEmployee() {
        var s = Self.onFullEmployee()
        s.connection?.baseURL = "https://company_xyz.eu3.techwolf.ai"
        guard case .copy("E-1001")? = Update.handle(.key(.char("y")), &s).first else { Issue.record("y"); return }
        guard case .copy(let json)? = Update.handle(.key(.char("Y")), &s).first else { Issue.record("Y"); return }
        #expect(json.hasPrefix("{\n  \"external_id\": \"E-1001\""))
        guard case .copy(let curl)? = Update.handle(.key(.char("c")), &s).first else { Issue.record("c"); return }
        #expect(curl.hasSuffix("'https://company_xyz.eu3.techwolf.ai/employees/E-1001?include=custom_properties'"))
    }

    @Test func aPartialOrWrongShapedEmployeeStillShows() throws {
        var s = UIFixtures.onEmployee()
        let broken = try Employee(json: JSONParser.parse(#"{"external_id": "E-1001", "languages": "nl", "working_history": [3, {"company": "Acme"}], "location": {"lat": "north"}}"#))
        _ = Update.handle(.result(.employee("E-1001", .success(Fetched(value: broken, source: .network(duration: 0.1))), 97)), &s)
        let text = Render.frame(s).text
        #expect(text.contains("Position       —"))
        #expect(text.contains("languages should be an array but is a string"))
        #expect(text.contains("dates not given  Acme"))
        #expect(text.contains("?, ?"))
        #expect(text.contains("Interactions (5)"))
    }
}
