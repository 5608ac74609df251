import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// `:worklist FILE` and `--worklist FILE`: every pair in file order with how it fared.
@Suite struct WorklistScreenTests {
    static let pairs: [(String, String)] = [
        ("E-1001", "int-a1"), ("E-1002", "int-missing"), ("E-1006-with-a-very-long-employee-identifier", "int-a4"),
        ("E-1003", "int-broken"), ("E-1001", "int-a2"), ("E-1004", "int-a5"), ("E-1005", "int-waiting"),
    ]

    static var entries: [WorklistEntry] {
        pairs.enumerated().map { WorklistEntry(line: $0.offset + 1, employee: $0.element.0, interaction: $0.element.1) }
    }

    static func record(_ id: String) -> InteractionRecord? {
        UIFixtures.records.first { $0.0 == id }.map { try! InteractionRecord(json: JSONParser.parse($0.1)) }
    }

    /// Connected, `:worklist` read, and every pair but the last answered.
    static func onWorklist(width: Int = 80, height: Int = 24) -> (AppState, [Effect]) {
        var s = UIFixtures.connected(width: width, height: height)
        let effects = Update.handle(.result(.worklistRead(name: "tickets/2025-11.txt", entries, problems: [])), &s)
        for (employee, interaction) in pairs.dropLast() {
            let key = InteractionKey(employee: employee, interaction: interaction)
            let outcome: Result<Fetched<InteractionRecord>, APIError>
            if let record = record(interaction) {
                outcome = .success(Fetched(value: record, source: .network(duration: 0.1)))
            } else if interaction == "int-missing" {
                outcome = .failure(.notFound("404 Not Found"))
            } else {
                outcome = .failure(.serverError(status: 502, message: "502 Bad Gateway — the upstream answered with something that is far too long to fit"))
            }
            _ = Update.handle(.result(.batchMember(key, outcome)), &s)
        }
        let v1 = try! Vacancy(json: JSONParser.parse(#"{"external_id": "vac-0001", "job_title": "機械エンジニア（設計）・生産技術／Mechanical Design Engineer, Production Technology"}"#))
        _ = Update.handle(.result(.vacancy("vac-0001", .success(Fetched(value: v1, source: .network(duration: 0.1))), 100)), &s)
        _ = Update.handle(.result(.batchProgress(.worklist, done: 6, failed: 2)), &s)
        s.pending = [:]
        s.message = nil
        return (s, effects)
    }

    var worklist: (AppState) -> WorklistScreen? { { $0.top as? WorklistScreen } }

    @Test(arguments: SnapshotTests.sizes.map { [$0.0, $0.1] })
    func snapshots(_ size: [Int]) {
        var (s, _) = Self.onWorklist(width: size[0], height: size[1])
        SnapshotTests.check("worklist-\(size[0])x\(size[1])", Render.frame(s))
        _ = Update.handle(.result(.batchFinished(.worklist, done: 6, failed: 2, cancelled: true)), &s)
        s.message = nil
        SnapshotTests.check("worklist-stopped-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test func theCommandReadsTheFileOffTheUIThread() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char(":")), &s)
        for c in "worklist ~/pairs.txt" { _ = Update.handle(.key(.char(c)), &s) }
        let effects = Update.handle(.key(.enter), &s)
        guard case .readWorklist("~/pairs.txt")? = effects.first else { Issue.record("no read: \(effects)"); return }
        #expect(s.place == .employees)
    }

    @Test func everyPairIsFetchedOnceAsABatchInFileOrder() {
        var s = UIFixtures.connected()
        let doubled = Self.entries + [WorklistEntry(line: 8, employee: "E-1001", interaction: "int-a1")]
        let effects = Update.handle(.result(.worklistRead(name: "w.txt", doubled, problems: [])), &s)
        let keys = effects.compactMap { if case .loadWorklist(let keys, refresh: false) = $0 { return keys } else { return nil } }.first
        #expect(keys == Self.pairs.map { InteractionKey(employee: $0.0, interaction: $0.1) })
        #expect(s.batch == BatchProgress(owner: .worklist, total: Self.pairs.count, done: 0, failed: 0))
        #expect(worklist(s)?.entries.count == 8)
        #expect(s.places == [.employees, .other])
    }

    /// A long worklist is fetched a chunk at a time as it is scrolled, so memory and the API's load follow
    /// what the user looks at; `r` fetches every pair.
    @Test func aLongWorklistIsFetchedAChunkAtATimeAsItIsScrolled() {
        var s = UIFixtures.connected()
        let long = (0..<2_500).map { WorklistEntry(line: $0 + 1, employee: "E-\($0 % 50 + 1000)", interaction: "int-\($0)") }
        func fetched(_ effects: [Effect]) -> [InteractionKey] {
            effects.flatMap { if case .loadWorklist(let keys, _) = $0 { return keys } else { return [] } }
        }
        let first = fetched(Update.handle(.result(.worklistRead(name: "long.txt", long, problems: [])), &s))
        #expect(first.count == WorklistScreen.fetchChunk)
        #expect(first.first?.interaction == "int-0" && first.last?.interaction == "int-999")
        #expect(fetched(Update.handle(.key(.down), &s)).isEmpty, "the top of the list asks for nothing more")
        #expect(Render.frame(s).text.contains("not loaded"), "pairs past the chunk say so in the summary")
        // Paging down towards the end of the first chunk asks for the next one.
        var next: [InteractionKey] = []
        for _ in 0..<60 where next.isEmpty { next = fetched(Update.handle(.key(.pageDown), &s)) }
        #expect(next.first?.interaction == "int-1000", "\(next.prefix(2))")
        #expect(s.batch?.total == first.count + next.count, "the new pairs join the batch's count")
        // r: all of them, past the cache.
        let all = fetched(Update.handle(.key(.char("r")), &s))
        #expect(all.count == long.count)
    }

    @Test func badLinesAreReportedAndAFailedReadShowsWhy() {
        var s = UIFixtures.connected()
        let problems = WorklistParser.parse("E-1 int-1\njust-one-word\n").problems
        _ = Update.handle(.result(.worklistRead(name: "w.txt", Self.entries, problems: problems)), &s)
        #expect(s.message?.text.contains("w.txt: 1 bad line skipped (line 2: ") == true)
        #expect(Render.frame(s).text.contains("7 pairs: 0 ok · 0 not found · 0 failed · 7 loading · 1 bad line skipped"))
        s = UIFixtures.connected()
        _ = Update.handle(.result(.worklistFailed("cannot read /nope: No such file or directory")), &s)
        #expect(s.message?.kind == .error)
        #expect(s.place == .employees)
    }

    @Test func statusesAndSummaryCountWhatArrived() {
        let (s, _) = Self.onWorklist(width: 160, height: 50)
        let text = Render.frame(s).text
        #expect(text.contains("7 pairs: 4 ok · 1 not found · 1 failed · 1 loading"))
        #expect(text.contains("not found"))
        #expect(text.contains("502 Bad Gateway"))
        #expect(text.contains("title_searched"))
        #expect(text.contains("loading…"))
        // File order: each employee's row below the one before it.
        let lines = text.split(separator: "\n")
        let rows = Self.pairs.map { pair in lines.firstIndex { $0.contains(pair.1) } ?? -1 }
        #expect(rows == rows.sorted() && !rows.contains(-1))
    }

    @Test func filterNarrowsAndEnterOpensTheRecord() {
        var (s, _) = Self.onWorklist()
        _ = Update.handle(.key(.char("/")), &s)
        for c in "not found" { _ = Update.handle(.key(.char(c)), &s) }
        _ = Update.handle(.key(.enter), &s)
        #expect(worklist(s)?.visible(s).count == 1)
        _ = Update.handle(.key(.enter), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1002", interaction: "int-missing")))
    }

    @Test func nAndPStepThroughTheWorklistAcrossEmployees() {
        var (s, _) = Self.onWorklist()
        _ = Update.handle(.key(.enter), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a1")))
        _ = Update.handle(.key(.char("n")), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1002", interaction: "int-missing")))
        #expect(Render.frame(s).text.contains("int-missing (2/7)"))
        _ = Update.handle(.key(.char("n")), &s)
        _ = Update.handle(.key(.char("p")), &s)
        _ = Update.handle(.key(.char("p")), &s)
        _ = Update.handle(.key(.char("p")), &s)
        #expect(s.message?.text == "This is the first pair of the worklist.")
        for _ in 0..<4 { _ = Update.handle(.key(.char("n")), &s) }
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a2")))
        // The last pair has not arrived: it is asked for on its own.
        _ = Update.handle(.key(.char("n")), &s)
        let effects = Update.handle(.key(.char("n")), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1005", interaction: "int-waiting")))
        #expect(!effects.contains { if case .loadInteraction = $0 { return true } else { return false } }, "already on its way in the batch")
        // The first Esc stops the batch, the second goes back.
        _ = Update.handle(.key(.escape), &s)
        _ = Update.handle(.result(.batchFinished(.worklist, done: 6, failed: 2, cancelled: true)), &s)
        for (id, what) in s.pending {
            let interaction = String(what.dropFirst("interaction ".count))
            let key = Self.pairs.first { $0.1 == interaction }.map { InteractionKey(employee: $0.0, interaction: $0.1) }!
            _ = Update.handle(.result(.interaction(key, .failure(.cancelled), id)), &s)
        }
        _ = Update.handle(.key(.escape), &s)
        // Back on the worklist, on the pair the record had stepped to.
        #expect(worklist(s)?.position.selected == 6)
    }

    @Test func theNextPairOfTheWorklistIsPrefetched() {
        var (s, _) = Self.onWorklist()
        for _ in 0..<4 { _ = Update.handle(.key(.down), &s) }
        s.records[InteractionKey(employee: "E-1004", interaction: "int-a5")] = nil
        let effects = Update.handle(.key(.enter), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a2")))
        #expect(effects.contains { if case .prefetchRecord(InteractionKey(employee: "E-1004", interaction: "int-a5"), _) = $0 { return true } else { return false } },
                "\(effects)")
    }

    @Test func escStopsTheBatchAndWhatDidNotArriveSaysSo() {
        var (s, _) = Self.onWorklist()
        let effects = Update.handle(.key(.escape), &s)
        #expect(effects.contains { if case .cancelAll = $0 { return true } else { return false } })
        _ = Update.handle(.result(.batchFinished(.worklist, done: 6, failed: 2, cancelled: true)), &s)
        #expect(s.batch == nil)
        #expect(s.message?.text == "stopped after 6 of the interactions")
        #expect(s.records[InteractionKey(employee: "E-1005", interaction: "int-waiting")] == nil)
        #expect(Render.frame(s).text.contains("not loaded — r loads"))
        let again = Update.handle(.key(.char("r")), &s)
        let keys = again.compactMap { if case .loadWorklist(let keys, refresh: true) = $0 { return keys.count } else { return nil } }.first
        #expect(keys == Self.pairs.count)
    }

    @Test func theFinishedBatchIsToldAsTheSummaryCountsIt() {
        var (s, _) = Self.onWorklist()
        _ = Update.handle(.result(.batchMember(InteractionKey(employee: "E-1005", interaction: "int-waiting"), .failure(.notFound("404")))), &s)
        _ = Update.handle(.result(.batchFinished(.worklist, done: 7, failed: 3, cancelled: false)), &s)
        #expect(s.message?.text == "worklist: 4 ok · 2 not found · 1 failed")
    }

    @Test func theStartupWorklistOpensOnceConnected() {
        var s = UIFixtures.state()
        s.form = ConnectForm(tenant: "company_xyz", region: "eu3", token: "secret-token-9xYz")
        _ = Update.start(&s, autoConnect: true, employee: nil, interaction: nil, worklist: Self.entries, worklistName: "w.txt")
        #expect(s.place == .employees)
        let info = ConnectionInfo(label: "company_xyz.eu3", maskedToken: UIFixtures.token.masked, expiresAt: nil, apiVersion: nil)
        let effects = Update.handle(.result(.connected(info, 1)), &s)
        #expect(worklist(s)?.name == "w.txt")
        #expect(effects.contains { if case .loadWorklist(let keys, refresh: false) = $0 { return keys.count == Self.pairs.count } else { return false } })
    }
}
