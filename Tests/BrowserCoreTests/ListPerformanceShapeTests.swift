import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// The data structures behind the fast paths (filter index, packed frame cells, half-page scrolling)
/// must give the same answers as the plain ways they replace.
@Suite struct EmployeeDirectoryFilterTests {
    static func employee(_ id: String, _ position: String) -> Employee {
        try! Employee(json: UIFixtures.employeeJSON(id, position))
    }

    /// The plain answer: what the list shows, folded (case and diacritics, `SearchFolding`, tested on its
    /// own), searched with String.contains.
    static func plainFold(_ s: String) -> String { SearchFolding.fold(s) }
    static func expected(_ d: EmployeeDirectory, _ filter: String) -> [String] {
        let needle = plainFold(filter)
        guard !needle.isEmpty else { return d.rows.map(\.id) }
        return d.rows.filter { row in
            plainFold(row.id).contains(needle)
                || (row.employee?.assignedPosition.map { plainFold(TerminalText.sanitize($0)).contains(needle) } ?? false)
        }.map(\.id)
    }

    @Test func matchesTheSameRowsAsAPlainSearchWhileTypingAndAsRowsArrive() {
        var d = EmployeeDirectory()
        let positions = ["Data Engineer", "Ingénieure Données", "データエンジニア", "Dátová analytička", "DATA lead", "chef"]
        for i in 0..<300 { d.add("E-\(1000 + i)", employee: i % 3 == 0 ? nil : Self.employee("E-\(1000 + i)", positions[i % positions.count])) }
        for typed in ["d", "da", "dat", "data", "data ", "data e", "dat", "é", "ée", "inge", "INGÉ", "データ", "テ", "e-10", "e-105", "E-1050", "zz", ""] {
            d.setFilter(typed)
            #expect(Array(d.visible.map(\.id)) == Self.expected(d, typed), "filter \(typed)")
        }
        d.setFilter("data")
        // Rows that arrive or change while the filter is set are matched as they come.
        d.add("E-9000", employee: Self.employee("E-9000", "Big Data"))
        d.add("E-1001", employee: Self.employee("E-1001", "gardener"))
        d.add("E-1003", employee: Self.employee("E-1003", "metadata"))
        d.addPage([.full(Self.employee("E-1004", "nothing")), .idOnly("E-data-1")])
        #expect(Array(d.visible.map(\.id)) == Self.expected(d, "data"))
        #expect(d.visible.contains { $0.id == "E-9000" } && d.visible.contains { $0.id == "E-data-1" })
        #expect(!d.visible.contains { $0.id == "E-1001" })
    }

    @Test func decomposedAndPrecomposedTextMatchEachOther() {
        var d = EmployeeDirectory()
        d.add("E-1", employee: Self.employee("E-1", "Inge\u{301}nieure"))
        d.add("E-2", employee: Self.employee("E-2", "Ingénieure"))
        d.setFilter("ingé")
        #expect(d.visible.map(\.id) == ["E-1", "E-2"])
        d.setFilter("inge\u{301}n")
        #expect(d.visible.map(\.id) == ["E-1", "E-2"])
        d.setFilter("ÉNIEU")
        #expect(d.visible.map(\.id) == ["E-1", "E-2"])
        // Typed without the accent, as people type names.
        d.setFilter("ingenieure")
        #expect(d.visible.map(\.id) == ["E-1", "E-2"])
    }

    @Test func aFilterCannotMatchAcrossTheIDAndThePosition() {
        var d = EmployeeDirectory()
        d.add("E-1", employee: Self.employee("E-1", "Chef"))
        d.setFilter("1c")
        #expect(d.visible.isEmpty)
        d.setFilter("1")
        #expect(d.visible.count == 1)
    }

    @Test func byteSearchAgreesWithStringContains() {
        let haystacks = ["", "a", "abc", "aab", "ababac", "データエンジニア", "e-1001\u{1}chef"]
        let needles = ["a", "ab", "bac", "abc", "c", "エン", "ニア", "1\u{1}c", "zzzz", "abcabcabc"]
        for h in haystacks {
            for n in needles {
                #expect(SearchText.contains(h, n) == h.contains(n), "\(h) / \(n)")
            }
        }
    }
}

@Suite struct FramePackingTests {
    @Test func clustersWideCharactersAndASCIIReadBackAsWritten() {
        var f = Frame(width: 12, height: 2)
        f.put("ab", x: 0, y: 0, role: .accent)
        f.put("日", x: 2, y: 0, role: .text)
        f.put("👩‍💻é", x: 4, y: 0, role: .muted)
        f.put("e\u{301}", x: 7, y: 0, role: .label)
        #expect(f[0, 0] == Frame.Cell("a", .accent))
        #expect(f[2, 0] == Frame.Cell("日", .text) && f[3, 0] == Frame.Cell("", .text))
        #expect(f[4, 0].text == "👩‍💻" && f[5, 0].text == "" && f[6, 0].text == "é")
        #expect(f[7, 0].text == "e\u{301}")
        #expect(f.text.hasPrefix("ab日👩‍💻ée\u{301}"))
        // Equal content gives equal rows even when the clusters were stored in another order.
        var g = Frame(width: 12, height: 2)
        g.put("e\u{301}", x: 7, y: 0, role: .label)
        g.put("ab日", x: 0, y: 0, role: .accent)
        g.put("日", x: 2, y: 0, role: .text)
        g.put("👩‍💻é", x: 4, y: 0, role: .muted)
        #expect(g.sameRow(0, as: f) && g == f)
        g.put("x", x: 11, y: 1, role: .text)
        #expect(g.sameRow(0, as: f) && !g.sameRow(1, as: f) && g != f)
    }

    /// Printable ASCII takes a fast path; the same text with every letter swapped for a one-column
    /// non-ASCII letter takes the general path. Both must fill the same cells (and return the same width)
    /// for every start column (negative too), width limit and ellipsis choice.
    @Test func asciiFastPathPlacesTextLikeTheGeneralPath() {
        let swap: [Character: Character] = ["a": "á", "b": "ß", "c": "ç", "d": "ð", "e": "é", " ": "ä"]
        for text in ["", "a", "abc", "abcdeabcde", "a b c", "abcdeabcdeabc"] {
            let other = String(text.map { swap[$0]! })
            for x in -5...11 {
                for maxWidth in [nil, 0, 1, 2, 3, 5, 9, 20] as [Int?] {
                    for ellipsis in [true, false] {
                        var fast = Frame(width: 10, height: 3)
                        var general = Frame(width: 10, height: 3)
                        let a = fast.put(text, x: x, y: 1, role: .accent, maxWidth: maxWidth, ellipsis: ellipsis)
                        let b = general.put(other, x: x, y: 1, role: .accent, maxWidth: maxWidth, ellipsis: ellipsis)
                        #expect(a == b, "\(text) x \(x) max \(String(describing: maxWidth)) ellipsis \(ellipsis)")
                        for y in 0..<3 {
                            for column in 0..<10 {
                                let f = fast[column, y], g = general[column, y]
                                let mapped = swap.first { String($0.value) == g.text }.map { String($0.key) } ?? g.text
                                #expect(f.text == mapped && f.role == g.role,
                                        "\(text) x \(x) max \(String(describing: maxWidth)) ellipsis \(ellipsis) at \(column),\(y)")
                            }
                        }
                    }
                }
            }
        }
    }
}

@Suite struct HalfPageScrollingTests {
    @Test func steppingPastTheBottomMovesTheWindowHalfAPage() {
        var p = ListPosition()
        for _ in 0..<25 { p = ListMotion.moved(p, by: 1, count: 1000, rows: 20) }
        // 20 rows: selection 25 left the first window (0–19) once; the window moved by 10.
        #expect(p.selected == 25 && p.top == 10)
        p = ListMotion.moved(p, by: 4, count: 1000, rows: 20)
        #expect(p.top == 10)
        p = ListMotion.moved(p, by: 1, count: 1000, rows: 20)
        #expect(p.selected == 30 && p.top == 20)
        // Up past the top: half a page back.
        for _ in 0..<11 { p = ListMotion.moved(p, by: -1, count: 1000, rows: 20) }
        #expect(p.selected == 19 && p.top == 10)
        // A long jump shows the target without moving further than needed; the end never scrolls past.
        p = ListMotion.moved(p, by: 500, count: 1000, rows: 20)
        #expect(p.selected == 519 && p.top == 500)
        p = ListMotion.moved(p, by: 10_000, count: 1000, rows: 20)
        #expect(p.selected == 999 && p.top == 980)
        p = ListMotion.moved(ListPosition(), by: 1, count: 1000, rows: 1)
        #expect(p.selected == 1 && p.top == 1)
    }
}

@Suite struct SelectionFollowsTheEmployeeTests {
    /// A `GET /employees` page result for those employee numbers (even ones are data engineers).
    static func page(_ ids: ClosedRange<Int>, count: Int, offset: Int, request: RequestID) -> Event {
        let results = ids.map { UIFixtures.employeeJSON("E-\($0)", $0 % 2 == 0 ? "Data Engineer" : "Chef") }
        let page = try! EmployeesPage(json: .object([JSONMember("count", .number(String(count))), JSONMember("results", .array(results))]))
        return .result(.employeesPage(offset: offset, .success(Fetched(value: page, source: .network(duration: 0))), request))
    }

    @Test func aPageThatMovesRowsAboveKeepsTheSelectedEmployee() {
        var s = UIFixtures.state(width: 100, height: 30)
        s.places = [.employees]
        // The worklist knows E-2000…E-2099 before the server lists them; the first page lists 1000–1099.
        for i in 2000..<2100 { s.directory.add("E-\(i)") }
        _ = Update.handle(Self.page(1000...1099, count: 300, offset: 0, request: 1), &s)
        for _ in 0..<150 { _ = Update.handle(.key(.char("j")), &s) }
        let before = s.visibleEmployees[s.employeesPosition.selected].id
        let screenRow = s.employeesPosition.selected - s.employeesPosition.top
        // The second page lists 1100–1199: all of them go above the worklist rows.
        _ = Update.handle(Self.page(1100...1199, count: 300, offset: 100, request: 2), &s)
        #expect(s.visibleEmployees[s.employeesPosition.selected].id == before)
        #expect(s.employeesPosition.selected - s.employeesPosition.top == screenRow)
    }

    @Test func aSelectionStillAtTheTopStaysAtTheTopWhenThePageArrives() {
        var s = UIFixtures.state(width: 100, height: 30)
        s.places = [.employees]
        for i in 1050..<1150 { s.directory.add("E-\(i)") }
        _ = Update.handle(Self.page(1000...1099, count: 300, offset: 0, request: 1), &s)
        #expect(s.employeesPosition == ListPosition())
        #expect(s.visibleEmployees.first?.id == "E-1000")
    }

    @Test func filteringKeepsTheSelectedEmployeeWhileItMatches() {
        var s = UIFixtures.state(width: 100, height: 30)
        s.places = [.employees]
        _ = Update.handle(Self.page(1000...1099, count: 100, offset: 0, request: 1), &s)
        for _ in 0..<30 { _ = Update.handle(.key(.char("j")), &s) }
        #expect(s.visibleEmployees[s.employeesPosition.selected].id == "E-1030")
        for key: Key in [.char("/"), .char("d"), .char("a"), .char("t"), .char("a")] { _ = Update.handle(.key(key), &s) }
        #expect(s.visibleEmployees[s.employeesPosition.selected].id == "E-1030")
        _ = Update.handle(.key(.escape), &s)
        #expect(s.employeesFilter.isEmpty)
        #expect(s.visibleEmployees[s.employeesPosition.selected].id == "E-1030")
        // An employee the filter hides: the first match is selected.
        _ = Update.handle(.key(.char("j")), &s)
        for key: Key in [.char("/"), .char("d"), .char("a"), .char("t"), .char("a")] { _ = Update.handle(.key(key), &s) }
        #expect(s.visibleEmployees[s.employeesPosition.selected].id == "E-1000")
    }

    /// Connected to a big tenant, with the worklist's employees E-2000… not listed yet.
    static func connectedWithWorklistBelow() -> AppState {
        var s = UIFixtures.state(width: 100, height: 30)
        s.connection = ConnectionInfo(label: "company_xyz.eu3", maskedToken: "…9xYz", expiresAt: nil, apiVersion: nil)
        s.places = [.employees]
        for i in 2000..<2100 { s.directory.add("E-\(i)") }
        _ = Update.handle(Self.page(1000...1099, count: 50_000, offset: 0, request: 1), &s)
        return s
    }

    static func pageRequests(_ effects: [Effect]) -> Int {
        effects.filter { if case .loadEmployeesPage = $0 { return true } else { return false } }.count
    }

    @Test func aSelectionOnAnUnlistedRowDoesNotPullInEveryPage() {
        var s = Self.connectedWithWorklistBelow()
        var asked = 0
        for _ in 0..<150 { asked += Self.pageRequests(Update.handle(.key(.char("j")), &s)) }
        #expect(asked == 1)
        // The page arrives; the keys pressed meanwhile asked for more, so exactly one page follows.
        let effects = Update.handle(Self.page(1100...1199, count: 50_000, offset: 100, request: 2), &s)
        #expect(Self.pageRequests(effects) == 1)
        let third = s.pending.first { $0.value == "employees" }?.key ?? 0
        // When that one arrives, with the selection still on its worklist employee further down, nothing
        // follows on its own (before, each page asked for the next until the tenant was exhausted).
        let after = Update.handle(Self.page(1200...1299, count: 50_000, offset: 200, request: third), &s)
        #expect(Self.pageRequests(after) == 0)
        #expect(!s.loadingPage)
        // The next key still asks, one page at a time.
        #expect(Self.pageRequests(Update.handle(.key(.char("j")), &s)) == 1)
    }

    /// Holding ↓ to the end while a page loads: the worklist rows in the window are the tenant's own
    /// employees, and the page after the one in flight lists them without another key.
    @Test func keysPressedWhileAPageLoadsGetTheNextPageWhenItArrives() {
        var s = UIFixtures.state(width: 100, height: 30)
        s.connection = ConnectionInfo(label: "demo", maskedToken: "…9xYz", expiresAt: nil, apiVersion: nil)
        s.places = [.employees]
        for i in 1200..<1240 { s.directory.add("E-\(i)") }
        _ = Update.handle(Self.page(1000...1099, count: 240, offset: 0, request: 1), &s)
        var asked = 0
        for _ in 0..<300 { asked += Self.pageRequests(Update.handle(.key(.char("j")), &s)) }
        #expect(asked == 1, "one page while the first is in flight")
        let second = s.pending.first { $0.value == "employees" }?.key ?? 0
        let effects = Update.handle(Self.page(1100...1199, count: 240, offset: 100, request: second), &s)
        #expect(Self.pageRequests(effects) == 1, "the keys pressed meanwhile ask for the last page")
        let last = s.pending.first { $0.value == "employees" }?.key ?? 0
        _ = Update.handle(Self.page(1200...1239, count: 240, offset: 200, request: last), &s)
        #expect(s.directory.loadedFromServer == 240)
        #expect(s.visibleEmployees.allSatisfy { $0.employee != nil }, "every row on the list is complete")
    }

    @Test func aFailedPageIsNotAskedForAgainOnEveryKey() {
        var s = Self.connectedWithWorklistBelow()
        for _ in 0..<90 { _ = Update.handle(.key(.char("j")), &s) }
        let request = s.pending.first { $0.value == "employees" }?.key ?? 0
        _ = Update.handle(.result(.employeesPage(offset: 100, .failure(.serverError(status: 503, message: "busy")), request)), &s)
        #expect(s.pageFailed)
        var asked = 0
        for _ in 0..<30 { asked += Self.pageRequests(Update.handle(.key(.char("j")), &s)) }
        #expect(asked == 0)
        // r asks again.
        #expect(Self.pageRequests(Update.handle(.key(.char("r")), &s)) == 1)
    }

    @Test func aWorklistArrivingAfterAnEmployeeScreenOpenedLoadsItsRecords() {
        var s = Self.connectedWithWorklistBelow()
        _ = Update.handle(.key(.enter), &s)
        #expect(s.place == .employee("E-1000"))
        let entries = [WorklistEntry(line: 1, employee: "E-1000", interaction: "int-1"),
                       WorklistEntry(line: 2, employee: "E-1000", interaction: "int-2"),
                       WorklistEntry(line: 3, employee: "E-1001", interaction: "int-3")]
        let effects = Update.handle(.result(.worklistAdded(entries)), &s)
        #expect(effects.contains { if case .addInteractions("E-1000", ["int-1", "int-2"]) = $0 { return true } else { return false } })
        #expect(s.visibleInteractions(of: "E-1000") == ["int-1", "int-2"])
    }

    @Test func pageDownMovesTheWindowAndTheSelectionTogether() {
        var p = ListPosition()
        p.selected = 3
        p = ListMotion.paged(p, down: true, count: 1000, rows: 25)
        #expect(p.selected == 27 && p.top == 24)
        p = ListMotion.paged(p, down: false, count: 1000, rows: 25)
        #expect(p.selected == 3 && p.top == 0)
        p = ListMotion.paged(p, down: false, count: 1000, rows: 25)
        #expect(p.selected == 0 && p.top == 0)
        var end = ListPosition()
        end.selected = 990
        end.top = 975
        end = ListMotion.paged(end, down: true, count: 1000, rows: 25)
        #expect(end.selected == 999 && end.top == 975)
    }
}

/// The first frame never waits for the network: a start that connects at once draws the list it is
/// loading, with its header and hints, and a failure brings the form back with the reason.
@Suite struct FirstScreenTests {
    static func starting() -> (AppState, [Effect]) {
        var state = UIFixtures.state()
        state.form = ConnectForm(tenant: "acme", region: "eu3", token: "tok-12345678")
        let effects = Update.start(&state, autoConnect: true, employee: nil, interaction: nil, worklist: [])
        return (state, effects)
    }

    @Test func theFirstFrameOfAStartThatConnectsIsTheListBeingLoaded() {
        let (state, effects) = Self.starting()
        #expect(effects.contains { if case .connect = $0 { return true } else { return false } })
        let lines = Render.frame(state).text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].contains("acme.eu3 › employees"), "\(lines[0])")
        #expect(lines.contains { $0.contains("loading employees…") })
        #expect(lines[lines.count - 2].contains("connecting…"), "\(lines[lines.count - 2])")
        #expect(lines[lines.count - 1].contains("? help"), "the hint bar: \(lines[lines.count - 1])")
    }

    @Test func aFailedStartComesBackToTheFormWithTheReason() {
        var (state, effects) = Self.starting()
        guard case .connect(_, let id)? = effects.first else { Issue.record("no connect effect"); return }
        _ = Update.handle(.result(.connectFailed(field: .tenant, message: "cannot reach acme.eu3: connection refused", id)), &state)
        #expect(state.top is ConnectScreen)
        #expect(!state.connecting)
        let text = Render.frame(state).text
        #expect(text.contains("connection refused"), "\(text)")
        #expect(text.contains("not connected › connect"), "\(text)")
    }
}
