import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// `v` and Enter from a record open its vacancy in full.
@Suite struct VacancyScreenTests {
    static let fullJSON = #"""
    {"external_id": "vac-0001", "job_title": "機械エンジニア（設計）・生産技術／Mechanical Design Engineer, Production Technology",
     "job_description": "株式会社デモ工業は東京で機械エンジニアを募集しています。\nRequirements: five years of mechanical design, CAD (SolidWorks or CATIA), and the patience to read very long job descriptions that wrap over several lines on a narrow terminal.",
     "active": true, "last_updated": "2025-11-20T08:00:00Z", "location": {"lat": 35.6762, "lng": 139.6503},
     "company": "ext-company-006", "languages": [{"language": "ja", "level": 5}, {"language": "en", "level": 3}],
     "custom_properties": [{"property_name": "cost_center", "property_value": "CC-2040"}],
     "salary_band": "B4"}
    """#

    /// On record int-a1, its vacancy opened with `v` and answered in full.
    static func onVacancy(width: Int = 80, height: Int = 24) -> (AppState, [Effect]) {
        var s = UIFixtures.onRecord(width: width, height: height)
        s.vacancies["vac-0001"] = nil
        let effects = Update.handle(.key(.char("v")), &s)
        let vacancy = try! Vacancy(json: JSONParser.parse(fullJSON))
        var request: RequestID = 0
        if case .loadVacancy(_, _, let id)? = effects.first { request = id }
        _ = Update.handle(.result(.vacancy("vac-0001", .success(Fetched(value: vacancy, source: .network(duration: 0.1))), request)), &s)
        return (s, effects)
    }

    @Test(arguments: SnapshotTests.sizes.map { [$0.0, $0.1] })
    func fullVacancy(_ size: [Int]) {
        var (s, _) = Self.onVacancy(width: size[0], height: size[1])
        SnapshotTests.check("vacancy-\(size[0])x\(size[1])", Render.frame(s))
        _ = Update.handle(.key(.char("J")), &s)
        SnapshotTests.check("vacancy-json-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test func vOpensTheVacancyWithEveryField() {
        let (s, effects) = Self.onVacancy(width: 160, height: 50)
        guard case .loadVacancy("vac-0001", refresh: false, _)? = effects.first else { Issue.record("no load: \(effects)"); return }
        #expect(s.top is VacancyScreen)
        let text = Render.frame(s).text
        for expected in ["Company ID     ext-company-006", "Active         yes", "35.6762, 139.6503", "ja  Japanese  5/5",
                         "en  English  3/5", "cost_center: CC-2040", "salary_band: B4", "(2025-11-20T08:00:00Z)",
                         "株式会社デモ工業は東京で", "several lines"] {
            #expect(text.contains(expected), "missing \(expected)")
        }
    }

    @Test func enterOnARecordOpensItsVacancyAndCachedVacanciesAreNotFetchedAgain() {
        var s = UIFixtures.onRecord()
        let effects = Update.handle(.key(.enter), &s)
        #expect(s.top is VacancyScreen)
        #expect(effects.isEmpty, "vac-0001 was already resolved")
        _ = Update.handle(.key(.escape), &s)
        #expect(s.top is RecordScreen)
        let refresh = Update.handle(.key(.char("v")), &s) + Update.handle(.key(.char("r")), &s)
        guard case .loadVacancy("vac-0001", refresh: true, _)? = refresh.first else { Issue.record("r: \(refresh)"); return }
    }

    @Test func aTitleRecordHasNoVacancyToOpen() {
        var s = UIFixtures.onRecord()
        _ = Update.handle(.key(.char("n")), &s)
        _ = Update.handle(.key(.char("v")), &s)
        #expect(s.top is RecordScreen)
        #expect(s.message?.text.contains("title, not a vacancy") == true)
    }

    @Test func aMissingVacancySaysSo() {
        var s = UIFixtures.onRecord()
        _ = Update.handle(.key(.char("n")), &s)
        _ = Update.handle(.key(.char("n")), &s)
        let effects = Update.handle(.key(.char("v")), &s)
        #expect(s.top is VacancyScreen)
        // A vacancy that failed before is asked for again.
        guard case .loadVacancy("vac-9999", refresh: false, let id)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(Render.frame(s).text.contains("loading vacancy vac-9999"))
        _ = Update.handle(.result(.vacancy("vac-9999", .failure(.notFound("404 Not Found — Vacancy vac-9999 not found.")), id)), &s)
        #expect(Render.frame(s).text.contains("Vacancy vac-9999 not found"))
    }

    @Test func copyKeysActOnTheVacancy() {
        var (s, _) = Self.onVacancy()
        s.connection?.baseURL = "https://company_xyz.eu3.techwolf.ai"
        guard case .copy("vac-0001")? = Update.handle(.key(.char("y")), &s).first else { Issue.record("y"); return }
        guard case .copy(let json)? = Update.handle(.key(.char("Y")), &s).first else { Issue.record("Y"); return }
        #expect(json.contains("\"company\": \"ext-company-006\""))
        guard case .copy(let curl)? = Update.handle(.key(.char("c")), &s).first else { Issue.record("c"); return }
        #expect(curl.hasSuffix("'https://company_xyz.eu3.techwolf.ai/vacancies/vac-0001?include=custom_properties'"))
    }

    @Test func vOnTheEmployeeScreenOpensTheSelectedRowsVacancy() {
        var s = UIFixtures.onEmployee()
        _ = Update.handle(.key(.char("v")), &s)
        #expect((s.top as? VacancyScreen)?.id == "vac-0001")
    }
}
