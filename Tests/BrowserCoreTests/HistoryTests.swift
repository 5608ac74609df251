import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

@Suite struct HistoryTests {
    func keys(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.handle(.key($0), &s) }
    }

    func asksTheServer(_ effects: [Effect]) -> Bool {
        effects.contains {
            switch $0 {
            case .loadEmployee, .loadInteraction, .loadVacancy, .loadEmployeesPage, .addInteractions, .loadWorklist: return true
            default: return false
            }
        }
    }

    @Test func ctrlOAndTabGoBackAndForwardThroughPlacesAsTheyWereLeftWithoutAskingTheServerAgain() {
        var s = UIFixtures.onEmployee()
        _ = keys(&s, .down, .down)
        _ = keys(&s, .enter)
        s.pending = [:]
        let record = InteractionKey(employee: "E-1001", interaction: "int-a3")
        #expect(s.place == .record(record))
        #expect(s.history.keys == [.employees, .employee("E-1001"), .record(record)])

        var effects = keys(&s, .ctrl("o"))
        #expect(s.place == .employee("E-1001"))
        #expect(s.employeePosition("E-1001")?.selected == 2, "the selection it had when the record was opened")
        #expect(!asksTheServer(effects), "everything is in memory")
        effects = keys(&s, .ctrl("o"))
        #expect(s.place == .employees)
        #expect(s.employeesPosition.selected == 0)
        #expect(!asksTheServer(effects))
        _ = keys(&s, .ctrl("o"))
        #expect(s.place == .employees)
        #expect(s.message?.text.contains("No older place") == true)

        effects = keys(&s, .tab)
        #expect(s.place == .employee("E-1001"))
        effects += keys(&s, .altRight)
        #expect(s.place == .record(record))
        #expect(s.screens.count == 3, "the whole stack comes back: Esc still goes to the employee")
        #expect(!asksTheServer(effects))
        _ = keys(&s, .tab)
        #expect(s.message?.text.contains("No newer place") == true)
        _ = keys(&s, .altLeft)
        #expect(s.place == .employee("E-1001"))
    }

    @Test func aNewPlaceAfterGoingBackDropsThePlacesAheadAndAPlaceIsListedOnce() {
        var s = UIFixtures.onRecord()
        _ = keys(&s, .ctrl("o"), .ctrl("o"))
        #expect(s.place == .employees)
        _ = keys(&s, .down, .down, .enter)
        s.pending = [:]
        #expect(s.place == .employee("E-1003"))
        #expect(s.history.keys == [.employees, .employee("E-1003")], "the employee and record ahead are gone")
        _ = keys(&s, .tab)
        #expect(s.place == .employee("E-1003"))
        #expect(s.message?.text.contains("No newer place") == true)
        // Back to the list with Esc and into it again: the list is one place, now the latest.
        _ = keys(&s, .escape)
        #expect(s.history.keys == [.employee("E-1003"), .employees])
        _ = keys(&s, .ctrl("o"))
        #expect(s.place == .employee("E-1003"))
    }

    @Test func aPlaceWhoseRowIsNoLongerListedSaysSoAndKeepsTheCursorInTheList() {
        var s = UIFixtures.onEmployee()
        _ = keys(&s, .down, .down, .enter)
        s.pending = [:]
        // The record's ID went from the employee's list meanwhile (a looked-up ID the server did not know).
        s.interactionLists["E-1001"]?.remove("int-a3")
        _ = keys(&s, .ctrl("o"))
        #expect(s.place == .employee("E-1001"))
        #expect(s.message?.text.contains("interaction int-a3 is no longer listed") == true)
        let position = s.employeePosition("E-1001")
        #expect(position.map { $0.selected < s.visibleInteractions(of: "E-1001").count } == true)
    }

    @Test func aListThatChangedKeepsTheCursorOnTheSameEmployeeOrSaysItIsGone() {
        var s = UIFixtures.connected()
        _ = keys(&s, .down, .down, .down, .enter)
        s.pending = [:]
        #expect(s.place == .employee("E-1004"))
        // The list changed while the user was away: the row index the place kept now holds someone else.
        s.directory.setFilter("er")
        #expect(s.visibleEmployees.map(\.id) == ["E-1004", "E-1006"])
        _ = keys(&s, .ctrl("o"))
        #expect(s.place == .employees)
        #expect(s.selectionID == "E-1004")
        _ = keys(&s, .tab)
        s.directory.setFilter("Data")
        _ = keys(&s, .ctrl("o"))
        #expect(s.place == .employees)
        #expect(s.message?.text.contains("employee E-1004 is no longer listed") == true)
        #expect(s.selectionID == "E-1003")
    }

    @Test func tabKeepsItsMeaningInTheFormAndThePrompt() {
        var s = UIFixtures.state()
        _ = keys(&s, .tab)
        #expect(s.form.focus == .region, "Tab is the next field in the connect form")
        s = UIFixtures.onRecord()
        _ = keys(&s, .char(":"), .paste("rec"), .tab)
        if case .command(let field)? = s.overlay { #expect(field.text == "recent ") } else { Issue.record("the prompt closed") }
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a1")))
    }

    @Test func recentListsTheRecordsOpenedNewestFirstAndEnterOpensOneFromMemory() {
        var s = UIFixtures.onRecord()
        _ = keys(&s, .char("n"), .char("n"))
        s.pending = [:]
        _ = keys(&s, .escape)
        let run = CommandTable.run("recent", &s)
        #expect(run.isEmpty)
        #expect(s.top is RecentScreen)
        #expect(s.recent.map(\.key.interaction) == ["int-a3", "int-a2", "int-a1"])
        #expect(s.recent.allSatisfy { $0.key.employee == "E-1001" })
        let text = Render.frame(s).text
        #expect(text.contains("int-a3") && text.contains("E-1001") && text.contains("2021-01-21"), "ID, employee and the record's date")
        _ = keys(&s, .down)
        let effects = keys(&s, .enter)
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a2")))
        #expect(!asksTheServer(effects), "the record is still in memory")
        _ = keys(&s, .escape)
        #expect(s.top is RecentScreen)
    }

    @Test func recentIsInTheCommandTableItsCompletionAndHelp() {
        #expect(CommandTable.command(named: "recent") != nil)
        #expect(CommandTable.complete("rec", UIFixtures.state()).line == "recent ")
        #expect(HelpContent.lines.contains { $0.segments.contains { $0.0.contains(":recent") } })
        #expect(ActionTable.all.first { $0.id == .command }?.help.contains(":recent") == true)
        #expect(ActionTable.hints(for: .record).contains { $0.key == "^O/Tab" && $0.label == "history" })
    }

    @Test func anotherTenantForgetsThePlacesAndTheRecentRecords() {
        var s = UIFixtures.onRecord()
        #expect(!s.recent.isEmpty)
        let info = ConnectionInfo(label: "other.eu3", maskedToken: "…9xYz", expiresAt: nil, apiVersion: nil)
        _ = Update.handle(.result(.connected(info, 5)), &s)
        // Only what is on screen now, under the new tenant, is a place (and a record opened).
        #expect(s.history.keys == [.record(InteractionKey(employee: "E-1001", interaction: "int-a1"))])
        #expect(s.recent.count == 1)
    }
}

extension AppState {
    var selectionID: String? {
        if case .employee(let id)? = top.selection(self) { return id }
        return nil
    }
}
