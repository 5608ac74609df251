import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// `:unit`, `:active`, `r` past the cache, and `/ID` + Enter for an employee not among the loaded rows.
@Suite struct ServerFilterTests {
    static func pageRequests(_ effects: [Effect]) -> [(EmployeesPageRequest, RequestID)] {
        effects.compactMap { if case .loadEmployeesPage(let page, let id) = $0 { return (page, id) } else { return nil } }
    }

    static func command(_ line: String, _ s: inout AppState) -> [Effect] {
        _ = Update.handle(.key(.char(":")), &s)
        _ = Update.handle(.key(.paste(line)), &s)
        return Update.handle(.key(.enter), &s)
    }

    @Test func unitAndActiveAskTheServerAndShowInTheHeader() {
        var s = UIFixtures.connected()
        let effects = Self.command("unit OU-TOKYO", &s)
        let (page, id) = try! #require(Self.pageRequests(effects).first)
        #expect(page.filter == ServerFilter(active: nil, unit: "OU-TOKYO") && page.offset == 0 && !page.refresh)
        #expect(s.visibleEmployees.isEmpty, "the old tenant-wide rows are gone until the server answers")
        let only = try! EmployeesPage(json: .object([JSONMember("count", .number("1")),
                                                     JSONMember("results", .array([UIFixtures.employeeJSON("E-2001", "Tokyo")]))]))
        _ = Update.handle(.result(.employeesPage(offset: 0, .success(Fetched(value: only, source: .network(duration: 0.1))), id)), &s)
        #expect(s.visibleEmployees.map(\.id) == ["E-2001"])
        let active = Self.pageRequests(Self.command("active no", &s))
        #expect(active.first?.0.filter == ServerFilter(active: false, unit: "OU-TOKYO"))
        let frame = Render.frame(s).text
        #expect(frame.contains("employees (inactive · unit OU-TOKYO)"))
        #expect(Self.pageRequests(Self.command("active all", &s)).first?.0.filter == ServerFilter(active: nil, unit: "OU-TOKYO"))
        #expect(Self.pageRequests(Self.command("unit", &s)).first?.0.filter == ServerFilter())
        _ = Self.command("active maybe", &s)
        #expect(s.message?.text == ":active takes yes, no or all")
    }

    @Test func worklistRowsAreNotShownAsIfTheyWereInTheUnit() {
        var s = UIFixtures.connected()
        Update.addWorklist([WorklistEntry(line: 1, employee: "E-9001", interaction: "int-1"),
                            WorklistEntry(line: 2, employee: "E-2001", interaction: "int-2")], &s)
        #expect(s.visibleEmployees.map(\.id).contains("E-9001"))
        #expect(Render.frame(s).text.contains("6 of 240 employees loaded · 2 more from the worklist or opened by ID"))
        let (_, id) = Self.pageRequests(Self.command("unit OU-TOKYO", &s)).first!
        let only = try! EmployeesPage(json: .object([JSONMember("count", .number("1")),
                                                     JSONMember("results", .array([UIFixtures.employeeJSON("E-2001", "Tokyo")]))]))
        _ = Update.handle(.result(.employeesPage(offset: 0, .success(Fetched(value: only, source: .network(duration: 0.1))), id)), &s)
        // E-2001 is listed by the server (it is in the worklist too); E-9001 is only an ID.
        #expect(s.visibleEmployees.map(\.id) == ["E-2001"])
        _ = Update.handle(.key(.char("/")), &s)
        _ = Update.handle(.key(.paste("E-")), &s)
        #expect(s.visibleEmployees.map(\.id) == ["E-2001"], "the filter does not bring them back")
        _ = Update.handle(.key(.escape), &s)
        let text = Render.frame(s).text
        #expect(text.contains("1 of 1 employee loaded · 1 worklist row hidden (not listed by the server)"), "\(text)")
        let (_, none) = Self.pageRequests(Self.command("unit OU-EMPTY", &s)).first!
        let empty = try! EmployeesPage(json: .object([JSONMember("count", .number("0")), JSONMember("results", .array([]))]))
        _ = Update.handle(.result(.employeesPage(offset: 0, .success(Fetched(value: empty, source: .network(duration: 0.1))), none)), &s)
        #expect(Render.frame(s).text.contains("the server lists no employees under this filter · 1 worklist row hidden"))
        _ = Self.command("unit", &s)
        #expect(s.visibleEmployees.map(\.id).contains("E-9001"), "shown again without the filter")
    }

    @Test func aPageForTheOldFilterIsIgnored() {
        var s = UIFixtures.connected()
        let first = Self.pageRequests(Self.command("unit OU-A", &s)).first!.1
        let second = Self.pageRequests(Self.command("unit OU-B", &s)).first!.1
        let stale = try! EmployeesPage(json: .object([JSONMember("count", .number("1")),
                                                      JSONMember("results", .array([UIFixtures.employeeJSON("E-OLD", "Old")]))]))
        _ = Update.handle(.result(.employeesPage(offset: 0, .success(Fetched(value: stale, source: .network(duration: 0.1))), first)), &s)
        #expect(s.visibleEmployees.isEmpty)
        #expect(s.loadingPage, "still waiting for the page of OU-B")
        #expect(s.pending[second] != nil)
    }

    @Test func rOnTheListGoesPastTheCache() {
        var s = UIFixtures.connected()
        let refresh = Self.pageRequests(Update.handle(.key(.char("r")), &s))
        #expect(refresh.count == 1 && refresh[0].0.refresh && refresh[0].0.offset == 0)
    }

    @Test func slashIDEnterLooksUpAnEmployeeThatIsNotLoaded() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char("/")), &s)
        _ = Update.handle(.key(.paste("bulk-0250")), &s)
        #expect(s.visibleEmployees.isEmpty)
        let effects = Update.handle(.key(.enter), &s)
        guard case .loadEmployee("bulk-0250", refresh: false, let id)? = effects.first else { Issue.record("\(effects)"); return }
        #expect((s.top as? EmployeeScreen)?.id == "bulk-0250")
        #expect(s.directory.filter.isEmpty)
        _ = Update.handle(.result(.employee("bulk-0250", .failure(.notFound("404 Not Found — Employee bulk-0250 not found.")), id)), &s)
        #expect(Render.frame(s).text.contains("Employee bulk-0250 not found"))
        #expect(!s.directory.rows.contains { $0.id == "bulk-0250" }, "an employee the server does not know is not added")

        // Text that is no ID, or that matches a loaded row, is only a filter.
        var t = UIFixtures.connected()
        _ = Update.handle(.key(.char("/")), &t)
        _ = Update.handle(.key(.paste("no such/thing")), &t)
        #expect(Update.handle(.key(.enter), &t).isEmpty)
        #expect(t.top is EmployeesScreen)
    }
}
