import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

@Suite struct MouseUpdateTests {
    static func click(_ x: Int, _ y: Int) -> Event { .mouse(MouseEvent(.click, x: x, y: y)) }

    @Test func clickSelectsAndClickOnTheSelectionOpens() {
        var s = UIFixtures.connected()
        let first = s.visibleEmployees[0].id, third = s.visibleEmployees[2].id
        UIFixtures.apply([Self.click(5, 4)], to: &s)   // header, column titles, rows from y = 2
        #expect(s.top.selection(s) == .employee(third))
        #expect(s.stack.count == 1)
        UIFixtures.apply([Self.click(5, 4)], to: &s)
        #expect(s.top.employee == third)
        UIFixtures.apply([Self.click(1, 2)], to: &s)   // a list row on the employee screen is not at y = 2
        #expect(s.top.employee == third)
        _ = first
    }

    @Test func clickOffTheListDoesNothing() {
        var s = UIFixtures.connected()
        let before = s.top.selection(s)
        UIFixtures.apply([Self.click(5, 1), Self.click(5, s.height - 2)], to: &s)
        #expect(s.top.selection(s) == before)
    }

    @Test func wheelMovesThreeRows() {
        var s = UIFixtures.connected()
        UIFixtures.apply([.mouse(MouseEvent(.wheelDown, x: 5, y: 5))], to: &s)
        #expect(s.top.selection(s) == .employee(s.visibleEmployees[3].id))
        UIFixtures.apply([.mouse(MouseEvent(.wheelUp, x: 5, y: 5)), .mouse(MouseEvent(.wheelUp, x: 5, y: 5))], to: &s)
        #expect(s.top.selection(s) == .employee(s.visibleEmployees[0].id))
    }

    @Test func clickOnTheEmployeesListOfInteractionsSelectsThatRow() {
        var s = UIFixtures.onEmployee()
        let ids = s.visibleInteractions(of: "E-1001")
        try! #require(ids.count >= 2)
        // Where the row is drawn, under however much of the profile is on screen.
        let lines = Render.frame(s).text.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try! #require(lines.firstIndex { $0.dropFirst().hasPrefix(ids[1]) })
        UIFixtures.apply([Self.click(3, y)], to: &s)
        #expect(s.top.selection(s) == .interaction(InteractionKey(employee: "E-1001", interaction: ids[1])))
    }

    @Test func breadcrumbClickGoesBackToThatScreen() {
        var s = UIFixtures.onRecord()
        let depth = s.stack.count
        #expect(depth >= 3)
        let trail = Chrome.headerTrail(s, width: s.width)
        // The connection's label and "employees" both stand for the list at the bottom of the stack.
        let employees = try! #require(trail.spans.last { $0.entry == 0 })
        UIFixtures.apply([Self.click(employees.columns.lowerBound, 0)], to: &s)
        #expect(s.stack.count == 1)
        #expect(s.context == .employees)
    }

    @Test func hintClickRunsItsKey() {
        var s = UIFixtures.connected()
        let help = try! #require(Chrome.hintSpans(s, width: s.width).first { $0.label == "help" })
        UIFixtures.apply([Self.click(help.columns.lowerBound + 1, s.height - 1)], to: &s)
        #expect(s.context == .help)
        let filter = try! #require(Chrome.hintSpans(s, width: s.width).first { $0.label == "back" })
        UIFixtures.apply([Self.click(filter.columns.upperBound - 1, s.height - 1)], to: &s)
        #expect(s.context == .employees)
    }

    @Test func nothingWhileAPromptIsOpen() {
        var s = UIFixtures.connected()
        UIFixtures.apply([.key(.char(":")), Self.click(5, 4)], to: &s)
        #expect(s.top.selection(s) == .employee(s.visibleEmployees[0].id))
    }

    @Test func helpSaysHowToSelectText() {
        #expect(HelpContent.lines.contains { $0.segments.contains { $0.0.contains("Shift to select text") } })
    }
}
