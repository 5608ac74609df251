import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// The record `n` would show next is fetched while one is read: in the background (no spinner, Esc
/// still goes back), adopted when `n` comes first, cancelled when the user goes elsewhere.
@Suite struct PrefetchTests {
    static let ids = UIFixtures.records.map(\.0)
    static func key(_ i: Int) -> InteractionKey { InteractionKey(employee: "E-1001", interaction: ids[i]) }

    /// On E-1001's first record, with the second one not fetched yet.
    static func onFirstRecordWithSecondUnknown() -> (AppState, [Effect]) {
        var s = UIFixtures.onEmployee()
        s.records[key(1)] = nil
        let effects = Update.handle(.key(.enter), &s)
        return (s, effects)
    }

    static func prefetches(_ effects: [Effect]) -> [(InteractionKey, RequestID)] {
        effects.compactMap { if case .prefetchRecord(let key, let id) = $0 { return (key, id) } else { return nil } }
    }

    static func record(_ i: Int, vacancy: String? = nil) -> Fetched<InteractionRecord> {
        let pointer = vacancy.map { #""vacancy_id": "\#($0)""# } ?? #""title": "Prefetched""#
        let json = #"{"external_id": "\#(ids[i])", "interaction_type": "vacancy_liked", "timestamp": "2025-05-02", \#(pointer)}"#
        return Fetched(value: try! InteractionRecord(json: JSONParser.parse(json)), source: .network(duration: 0.05))
    }

    @Test func openingARecordFetchesTheNextInTheBackground() throws {
        let (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let prefetched = Self.prefetches(effects)
        #expect(prefetched.map(\.0) == [Self.key(1)])
        #expect(s.prefetch?.key == Self.key(1))
        #expect(s.pending.isEmpty, "a prefetch is not a request the user waits for: \(s.pending)")
        #expect(!s.isBusy, "no spinner for it")
    }

    @Test func nShowsThePrefetchedRecordWithoutAskingAgain() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        let vacancy = try Vacancy(json: JSONParser.parse(#"{"external_id": "vac-0777", "job_title": "Prefetched Job"}"#))
        _ = Update.handle(.result(.prefetched(Self.key(1), .success(Self.record(1, vacancy: "vac-0777")),
                                              vacancy: ("vac-0777", .success(Fetched(value: vacancy, source: .network(duration: 0.05)))), id)), &s)
        let after = Update.handle(.key(.char("n")), &s)
        #expect(s.place == .record(Self.key(1)))
        #expect(!after.contains { if case .loadInteraction = $0 { return true } else { return false } }, "\(after)")
        #expect(!after.contains { if case .loadVacancy = $0 { return true } else { return false } }, "the vacancy came with it")
        #expect(Render.frame(s).text.contains("Prefetched Job"))
        // And the one after it is asked for next.
        #expect(Self.prefetches(after).map(\.0) == [Self.key(2)].filter { s.records[$0]?.isLoading == true })
    }

    @Test func nWhileThePrefetchIsOnItsWayAdoptsIt() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        let after = Update.handle(.key(.char("n")), &s)
        #expect(s.place == .record(Self.key(1)))
        #expect(after.isEmpty, "no second request and no cancel: \(after)")
        _ = Update.handle(.result(.prefetched(Self.key(1), .success(Self.record(1)), vacancy: nil, id)), &s)
        #expect(Render.frame(s).text.contains("Prefetched"))
    }

    @Test func leavingCancelsThePrefetchAndEscStillGoesBack() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        let after = Update.handle(.key(.escape), &s)
        #expect(s.place == .employee("E-1001"), "Esc went back instead of cancelling a background request")
        #expect(after.contains { if case .cancelRequest(id) = $0 { return true } else { return false } }, "\(after)")
        #expect(s.prefetch == nil)
        // The employee screen shows that record as a row: it loads it itself now.
        #expect(after.contains { if case .addInteractions(_, let ids) = $0 { return ids.contains(Self.ids[1]) } else { return false } },
                "\(after)")
        #expect(s.records[Self.key(1)]?.isLoading == true)
        // The cancelled prefetch's answer does not touch what the batch is loading.
        _ = Update.handle(.result(.prefetched(Self.key(1), .failure(.cancelled), vacancy: nil, id)), &s)
        #expect(s.records[Self.key(1)]?.isLoading == true)
    }

    @Test func anAnswerFromBeforeAReconnectOrACancelIsIgnored() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        _ = Update.handle(.key(.char("p")), &s)  // nothing before the first: still on it
        var reconnected = s
        let other = ConnectionInfo(label: "other.eu3", maskedToken: "…9999", expiresAt: nil, apiVersion: nil)
        _ = Update.handle(.result(.connected(other, 77)), &reconnected)
        _ = Update.handle(.result(.prefetched(Self.key(1), .success(Self.record(1)), vacancy: nil, id)), &reconnected)
        #expect(reconnected.records[Self.key(1)] == nil || reconnected.records[Self.key(1)]?.isLoading == true,
                "a record from the other tenant was kept")
    }

    @Test func anAdoptedPrefetchThatFailsIsReportedAndOneStoppedEarlyAsksForItsVacancy() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        _ = Update.handle(.key(.char("n")), &s)
        _ = Update.handle(.result(.prefetched(Self.key(1), .failure(.serverError(status: 503, message: "busy")), vacancy: nil, id)), &s)
        #expect(s.message?.text.contains("503") == true, "\(String(describing: s.message))")

        var (t, more) = Self.onFirstRecordWithSecondUnknown()
        let (_, tid) = try #require(Self.prefetches(more).first)
        _ = Update.handle(.key(.char("n")), &t)
        t.vacancies["vac-0777"] = nil
        let after = Update.handle(.result(.prefetched(Self.key(1), .success(Self.record(1, vacancy: "vac-0777")), vacancy: nil, tid)), &t)
        #expect(after.contains { if case .loadVacancy("vac-0777", _, _) = $0 { return true } else { return false } }, "\(after)")
    }

    @Test func aFailedPrefetchSaysNothingAndOpeningTheRecordAsksAgain() throws {
        var (s, effects) = Self.onFirstRecordWithSecondUnknown()
        let (_, id) = try #require(Self.prefetches(effects).first)
        _ = Update.handle(.result(.prefetched(Self.key(1), .failure(.serverError(status: 503, message: "busy")), vacancy: nil, id)), &s)
        #expect(s.message == nil)
        let after = Update.handle(.key(.char("n")), &s)
        #expect(after.contains { if case .loadInteraction(Self.key(1), _, _) = $0 { return true } else { return false } }, "\(after)")
    }

    @Test func nothingIsPrefetchedOffTheRecordScreenOrPastTheLastRecord() {
        var s = UIFixtures.onEmployee()
        s.records[Self.key(1)] = nil
        #expect(Self.prefetches(Update.handle(.key(.down), &s)).isEmpty, "the employee screen loads its rows itself")
        var last = UIFixtures.onEmployee()
        _ = Update.handle(.key(.end), &last)
        #expect(Self.prefetches(Update.handle(.key(.enter), &last)).isEmpty)
    }
}
