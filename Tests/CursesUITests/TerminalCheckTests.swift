import Testing
@testable import CursesUI

@Suite struct TerminalCheckTests {
    private func problem(_ term: String?, input: Bool = true, output: Bool = true) -> String? {
        TerminalCheck.problem(term: term, inputIsTerminal: input, outputIsTerminal: output)
    }

    @Test func notATerminal() {
        #expect(problem("xterm", input: false)?.contains("standard input is not a terminal") == true)
        #expect(problem("xterm", output: false)?.contains("standard output is not a terminal") == true)
        #expect(problem("xterm", input: false, output: false)?.contains("not a terminal") == true)
    }

    @Test func termUnsetOrEmpty() {
        #expect(problem(nil)?.contains("TERM is not set") == true)
        #expect(problem("")?.contains("TERM is not set") == true)
    }

    @Test func dumbTerminal() {
        #expect(problem("dumb")?.contains("TERM=dumb") == true)
    }

    @Test func unknownTerminalType() {
        #expect(problem("no-such-terminal-twbrowse")?.contains("unknown terminal type TERM=no-such-terminal-twbrowse") == true)
    }

    @Test func terminfoEntryWithoutCursorAddressing() {
        // The dumb entry itself, past the shortcut on its name: found, but without cup.
        #expect(TerminalCheck.terminfoProblem("dumb")?.contains("cannot position the cursor") == true)
        #expect(TerminalCheck.terminfoProblem("ansi") == nil)
    }

    @Test func xtermIsFine() {
        #expect(problem("xterm") == nil)
        #expect(problem("vt100") == nil)
    }
}
