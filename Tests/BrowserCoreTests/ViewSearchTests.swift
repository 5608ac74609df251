import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// `/` inside the record, its JSON, the employee, the vacancy and help, driven through `Update` and read
/// back from the frame it renders.
@Suite struct ViewSearchTests {
    static func type(_ text: String, _ s: inout AppState) {
        for c in text { _ = Update.handle(.key(.char(c)), &s) }
    }

    static func search(_ text: String, _ s: inout AppState) {
        _ = Update.handle(.key(.char("/")), &s)
        type(text, &s)
    }

    /// The status bar's row of the frame.
    static func statusBar(_ s: AppState) -> String {
        let frame = Render.frame(s)
        return frame.row(frame.height - 2).map(\.text).joined()
    }

    /// The text of each run of cells drawn in `role`, row by row.
    static func runs(_ frame: Frame, _ role: Role) -> [String] {
        var out: [String] = []
        for y in 0..<frame.height {
            var run = ""
            for cell in frame.row(y) {
                if cell.role == role { run += cell.text } else if !run.isEmpty { out.append(run); run = "" }
            }
            if !run.isEmpty { out.append(run) }
        }
        return out
    }

    static func highlighted(_ s: AppState) -> (current: [String], others: [String]) {
        let frame = Render.frame(s)
        return (runs(frame, .searchCurrent), runs(frame, .searchMatch))
    }

    /// Where `needle` occurs (ASCII, case ignored, not overlapping) in the lines as plain text: the
    /// expectation, worked out without the search code.
    static func occurrences(of needle: String, in lines: [StyledLine]) -> Int {
        lines.map { $0.segments.map(\.0).joined().lowercased().components(separatedBy: needle.lowercased()).count - 1 }.reduce(0, +)
    }

    static func row(_ s: AppState, containing text: String) -> Int? {
        let frame = Render.frame(s)
        return (0..<frame.height).first { frame.row($0).map(\.text).joined().contains(text) }
    }

    // MARK: The record

    /// The status bar's count and the hint bar's search keys at every size (the highlight is in the roles,
    /// which the text snapshot does not hold; the tests below read them).
    @Test(arguments: SnapshotTests.sizes.map { [$0.0, $0.1] })
    func snapshot(_ size: [Int]) {
        var s = UIFixtures.onRecord(width: size[0], height: size[1])
        Self.search("utc", &s)
        _ = Update.handle(.key(.enter), &s)
        _ = Update.handle(.key(.ctrl("n")), &s)
        SnapshotTests.check("record-search-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test func recordFindsEveryMatchStepsBothWaysAroundAndEscClearsThenGoesBack() throws {
        var s = UIFixtures.onRecord()
        let lines = RecordLayout.lines(InteractionKey(employee: "E-1001", interaction: "int-a1"), json: false, s)
        let count = Self.occurrences(of: "utc", in: lines)
        try #require(count >= 3)
        Self.search("utc", &s)
        #expect(s.context == .searchField)
        #expect(Self.statusBar(s).contains("match 1 of \(count)"))
        var marks = Self.highlighted(s)
        #expect(marks.current == ["UTC"] && marks.others.count == count - 1 && marks.others.allSatisfy { $0.lowercased() == "utc" })
        let firstRow = try #require(Self.currentRow(s))

        // Enter keeps the search; Ctrl-N moves on, and from the last back to the first.
        _ = Update.handle(.key(.enter), &s)
        #expect(s.overlay == nil && s.context == .record)
        _ = Update.handle(.key(.ctrl("n")), &s)
        #expect(Self.statusBar(s).contains("match 2 of \(count)"))
        #expect(try #require(Self.currentRow(s)) >= firstRow)
        for _ in 2..<count { _ = Update.handle(.key(.ctrl("n")), &s) }
        #expect(Self.statusBar(s).contains("match \(count) of \(count)"))
        _ = Update.handle(.key(.ctrl("n")), &s)
        #expect(Self.statusBar(s).contains("match 1 of \(count)"))
        #expect(Self.currentRow(s) == firstRow)
        // Ctrl-P from the first goes round to the last.
        _ = Update.handle(.key(.ctrl("p")), &s)
        #expect(Self.statusBar(s).contains("match \(count) of \(count)"))
        marks = Self.highlighted(s)
        #expect(marks.current.map { $0.lowercased() } == ["utc"] && marks.others.count == count - 1)

        // While a search is active the hint bar shows its keys first.
        let hints = Render.frame(s).row(s.height - 1).map(\.text).joined()
        #expect(hints.hasPrefix(" ^N next match  ^P prev match"))

        // Esc ends the search and stays; the next Esc goes back.
        _ = Update.handle(.key(.escape), &s)
        #expect(s.top is RecordScreen)
        #expect(ViewSearching.status(s) == nil && Self.highlighted(s).current.isEmpty && Self.highlighted(s).others.isEmpty)
        #expect(!Render.frame(s).row(s.height - 1).map(\.text).joined().contains("next match"))
        _ = Update.handle(.key(.escape), &s)
        #expect(s.place == .employee("E-1001"))
    }

    static func currentRow(_ s: AppState) -> Int? {
        let frame = Render.frame(s)
        return (0..<frame.height).first { y in frame.row(y).contains { $0.role == .searchCurrent } }
    }

    @Test func escInThePromptClearsTheSearchAndNothingMatchingSaysSo() {
        var s = UIFixtures.onRecord()
        Self.search("zqx", &s)
        #expect(ViewSearching.status(s)?.text == "no match for “zqx”")
        #expect(ViewSearching.status(s)?.role == .warning)
        #expect(Self.statusBar(s).contains("no match for “zqx”"))
        _ = Update.handle(.key(.ctrl("n")), &s)
        #expect(Self.statusBar(s).contains("no match for “zqx”"))
        _ = Update.handle(.key(.escape), &s)
        #expect(s.overlay == nil && s.top is RecordScreen && ViewSearching.status(s) == nil)
        // Ctrl-N without a search says how to start one.
        _ = Update.handle(.key(.ctrl("n")), &s)
        #expect(s.message?.text.contains("/ searches") == true)
    }

    @Test func accentsAndCaseAreIgnoredAndTheMatchIsWhatIsDrawn() {
        var s = UIFixtures.onEmployee()
        Self.search("INGENIEURE", &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of 1")
        #expect(Self.highlighted(s).current == ["Ingénieure"])
        // Typed with its accent, or decomposed, the same.
        _ = Update.handle(.key(.escape), &s)
        Self.search("ingénieure", &s)
        #expect(Self.highlighted(s).current == ["Ingénieure"])
        _ = Update.handle(.key(.escape), &s)
        _ = Update.handle(.key(.char("/")), &s)
        _ = Update.handle(.key(.paste("inge\u{301}nieure")), &s)
        #expect(Self.highlighted(s).current == ["Ingénieure"])
        // "e" finds "É"/"é" too: every e of the view, accented or not.
        _ = Update.handle(.key(.escape), &s)
        Self.search("e", &s)
        let marks = Self.highlighted(s)
        #expect((marks.current + marks.others).contains("é"))
    }

    @Test func theJSONViewIsSearchedAndTheSearchStaysAcrossJ() throws {
        var s = UIFixtures.onRecord()
        Self.search("vac", &s)
        _ = Update.handle(.key(.enter), &s)
        _ = Update.handle(.key(.char("J")), &s)
        let json = RecordLayout.jsonLines(try #require(s.records[InteractionKey(employee: "E-1001", interaction: "int-a1")]?.value), width: s.layout.wrapWidth)
        let count = Self.occurrences(of: "vac", in: json)
        #expect(ViewSearching.status(s)?.text == "match 1 of \(count)")
        #expect(Self.highlighted(s).current == ["vac"])
        _ = Update.handle(.key(.ctrl("p")), &s)
        #expect(ViewSearching.status(s)?.text == "match \(count) of \(count)")
    }

    // MARK: The employee screen

    @Test func aMatchInTheInteractionsSelectsItsRowAndEnterOpensIt() throws {
        var s = UIFixtures.onEmployee()
        Self.search("title_sea", &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of 1")
        let ids = s.visibleInteractions(of: "E-1001")
        let screen = try #require(s.top as? EmployeeScreen)
        #expect(ids[screen.position.selected] == "int-a4")
        #expect(Self.highlighted(s).current == ["title_sea"])
        _ = Update.handle(.key(.enter), &s)
        _ = Update.handle(.key(.enter), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a4")))
    }

    @Test func theEmployeeSearchesItsProfileAndListAsOneAndScrollsToTheMatch() throws {
        // Short enough that the list's last row starts below the view.
        var s = EmployeeScreenTests.onFullEmployee(width: 80, height: 14)
        let screen = try #require(s.top as? EmployeeScreen)
        let lines = screen.searchDocument(s).lines
        let count = Self.occurrences(of: "vacancy_liked", in: lines)
        try #require(count >= 2)
        Self.search("vacancy_liked", &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of \(count)")
        #expect(Self.highlighted(s).current == ["vacancy_liked"])
        _ = Update.handle(.key(.ctrl("p")), &s)
        // The last match is on screen and its row selected.
        #expect(ViewSearching.status(s)?.text == "match \(count) of \(count)")
        #expect(Self.highlighted(s).current == ["vacancy_liked"])
        let last = try #require(s.top as? EmployeeScreen)
        #expect(last.position.selected == s.visibleInteractions(of: "E-1001").lastIndex { id in
            s.records[InteractionKey(employee: "E-1001", interaction: id)]?.value?.interactionType == "vacancy_liked" })
    }

    // MARK: The vacancy and help

    @Test func theVacancyFindsAPhraseBrokenByTheWrap() throws {
        var (s, _) = VacancyScreenTests.onVacancy(width: 40, height: 12)
        let screen = try #require(s.top as? VacancyScreen)
        let lines = screen.searchDocument(s).lines
        // Two words either side of a wrap in the description: the last of a line, the first of the next.
        let i = try #require(lines.indices.dropFirst().first { i in
            lines[i].continuation && lines[i - 1].segments.map(\.0).joined().hasSuffix(" ")
                && lines[i].segments.map(\.0).joined().trimmingCharacters(in: .whitespaces).first?.isLetter == true
                && lines[i - 1].segments.map(\.0).joined().trimmingCharacters(in: .whitespaces).last?.isLetter == true
        })
        let before = try #require(lines[i - 1].segments.map(\.0).joined().split(separator: " ").last)
        let after = try #require(lines[i].segments.map(\.0).joined().split(separator: " ").first)
        let phrase = "\(before) \(after)"
        Self.search(phrase, &s)
        #expect(ViewSearching.status(s)?.text.hasPrefix("match 1 of ") == true, "\(phrase)")
        // The current match covers the end of one row and the start of the next.
        #expect(Self.highlighted(s).current == ["\(before) ", "\(after)"])
    }

    @Test func aResizeRewrapsTheMatchesAndACutFieldHidesItsOwn() throws {
        var (s, _) = VacancyScreenTests.onVacancy(width: 160, height: 50)
        // In the description, which wraps: found at every width.
        Self.search("mechanical design", &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of 2")
        _ = Update.handle(.key(.enter), &s)
        _ = Update.handle(.resize(width: 44, height: 12), &s)
        // At 44 columns the title, a one-line field, is cut before its "Mechanical Design": what is not drawn is
        // not found. The description's still is, and the current match is drawn whole once scrolled to.
        #expect(ViewSearching.status(s)?.text == "match 1 of 1")
        _ = Update.handle(.key(.ctrl("n")), &s)
        #expect(Self.highlighted(s).current.joined(separator: " ").lowercased() == "mechanical design")
        _ = Update.handle(.resize(width: 160, height: 50), &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of 2")
        // The JSON has both whole.
        _ = Update.handle(.key(.char("J")), &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of 2")
    }

    @Test func helpIsSearchedAndScrollsToAMatchBelowTheFirstPage() throws {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char("?")), &s)
        let lines = HelpContent.lines(width: s.width)
        // A command that is listed only near the end of help.
        let target = "change tenant"
        let count = Self.occurrences(of: target, in: lines)
        try #require(count >= 1)
        try #require(try #require(lines.firstIndex { $0.segments.map(\.0).joined().lowercased().contains(target) }) > s.layout.bodyHeight)
        Self.search(target, &s)
        #expect(ViewSearching.status(s)?.text == "match 1 of \(count)")
        #expect((s.top as? HelpScreen)?.scroll ?? 0 > 0)
        #expect(Self.highlighted(s).current == ["Change tenant"])
        // Esc ends the search; the next closes help.
        _ = Update.handle(.key(.enter), &s)
        _ = Update.handle(.key(.escape), &s)
        #expect(s.top is HelpScreen)
        _ = Update.handle(.key(.escape), &s)
        #expect(s.place == .employees)
    }

    // MARK: What the search does not change

    @Test func theListsStillFilter() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char("/")), &s)
        #expect(s.context == .filterField)
        Self.type("data", &s)
        #expect(s.visibleEmployees.map(\.id) == ["E-1003"])
    }

    @Test func controlCharactersFromTheServerStayPlaceholdersUnderTheHighlight() throws {
        var s = UIFixtures.onRecord()
        let key = InteractionKey(employee: "E-1001", interaction: "int-a1")
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "int-a1", "interaction_type": "\u001b]2;search-probe\u0007red alert", "timestamp": "2023-06-08"}"#))
        // A reload of what is on screen: the matches follow the new content.
        Self.search("red", &s)
        let before = ViewSearching.status(s)?.text
        _ = Update.handle(.result(.batchMember(key, .success(Fetched(value: record, source: .network(duration: 0.1))))), &s)
        #expect(ViewSearching.status(s)?.text != before)
        #expect(ViewSearching.status(s)?.text == "match 1 of 1")
        #expect(Self.highlighted(s).current == ["red"])
        // The placeholder for ESC is searchable as drawn, and no raw control reaches a cell.
        _ = Update.handle(.key(.escape), &s)
        _ = Update.handle(.key(.char("/")), &s)
        _ = Update.handle(.key(.paste("␛]2;search-probe")), &s)
        #expect(Self.highlighted(s).current == ["␛]2;search-probe"])
        for cell in Render.frame(s).cells { #expect(!cell.text.unicodeScalars.contains(where: TerminalText.isUnsafe)) }
    }

    /// A secret the server echoes is drawn redacted, and search finds what is drawn: typing the token cannot
    /// confirm that it is there.
    @Test func aRedactedSecretCannotBeFound() throws {
        let secret = "search-test-secret-7Hq2"
        SecretRedaction.shared.register(secret)
        var s = UIFixtures.onRecord()
        let key = InteractionKey(employee: "E-1001", interaction: "int-a1")
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "int-a1", "interaction_type": "\#(secret)", "timestamp": "2023-06-08"}"#))
        _ = Update.handle(.result(.batchMember(key, .success(Fetched(value: record, source: .network(duration: 0.1))))), &s)
        Self.search(secret, &s)
        #expect(ViewSearching.status(s)?.text == "no match for “\(secret)”")
        _ = Update.handle(.key(.escape), &s)
        Self.search(SecretRedaction.marker, &s)
        #expect(Self.highlighted(s).current == [SecretRedaction.marker])
    }
}

/// The index under the view search, on lines made by the wrap.
@Suite struct SearchIndexTests {
    @Test func aWordBrokenByTheWrapIsOneMatchOverTwoLines() {
        let long = String(repeating: "x", count: 30) + "needle" + String(repeating: "y", count: 30)
        let lines = RecordLayout.wrap(StyledLine(segments: [(long, .text)]), width: 33, indent: 2)
        #expect(lines.count >= 2 && lines[1].continuation)
        let found = SearchIndex.matches(SearchFolding.scalars("NEEDLE"), in: SearchDocument(lines: lines, left: 1), width: 35)
        #expect(found.count == 1)
        #expect(found.first?.spans.map(\.line) == [0, 1])
        // Drawn from column 1: "needle" starts after 30 x's, and the second line after its indent of 2.
        #expect(found.first?.spans.first?.columns == 31..<34)
        #expect(found.first?.spans.last?.columns == 3..<6)
    }

    @Test func whatACutLineLeavesOutIsNotFound() {
        let line = StyledLine(segments: [("label", .label), ("  ", .text), ("visible hidden", .text)])
        // 20 columns, drawn from 1, the last column kept free: "label  visible hid…".
        let found = SearchIndex.matches(SearchFolding.scalars("hidden"), in: SearchDocument(lines: [line], left: 1), width: 20)
        #expect(found.isEmpty)
        #expect(SearchIndex.matches(SearchFolding.scalars("visible"), in: SearchDocument(lines: [line], left: 1), width: 20).count == 1)
    }

    @Test func matchesDoNotOverlapAndWideCharactersTakeTwoColumns() {
        let line = StyledLine(segments: [("ああああ", .text)])
        let found = SearchIndex.matches(SearchFolding.scalars("ああ"), in: SearchDocument(lines: [line], left: 0), width: 40)
        #expect(found.map { $0.spans.map(\.columns) } == [[0..<4], [4..<8]])
    }
}
