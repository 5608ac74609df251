import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// The action table is the only place keys mean something.
@Suite struct KeyTableTests {
    static let keys: [Key] = (32..<127).map { .char(Character(UnicodeScalar($0))) }
        + "abcdefghijklmnopqrstuvwxyz".map { .ctrl($0) }
        + [.up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete,
           .paste("E-1001 int-x"), .char("é"), .char("語")]
        + (1...12).map { .function($0) }

    /// A state on every screen and in every prompt.
    static var states: [(String, AppState)] {
        func after(_ keys: [Key], _ s: AppState) -> AppState {
            var s = s
            for key in keys { _ = Update.handle(.key(key), &s) }
            return s
        }
        var small = UIFixtures.onRecord()
        _ = Update.handle(.resize(width: 30, height: 8), &small)
        return [
            ("connect", UIFixtures.state()),
            ("employees", UIFixtures.connected()),
            ("employee", UIFixtures.onEmployee()),
            ("record", UIFixtures.onRecord()),
            ("help", after([.char("?")], UIFixtures.connected())),
            ("command line", after([.char(":"), .char("e")], UIFixtures.connected())),
            ("filter", after([.char("/"), .char("E")], UIFixtures.connected())),
            ("add IDs", after([.char("a"), .char("x")], UIFixtures.onEmployee())),
            ("too small", small),
        ]
    }

    @Test func aKeyTheTableDoesNotListChangesNothing() {
        for (name, state) in Self.states {
            let before = Render.frame(state).text
            var unlisted = 0
            for key in Self.keys where ActionTable.match(key, in: state.context) == nil {
                unlisted += 1
                var s = state
                let effects = Update.handle(.key(key), &s)
                #expect(effects.isEmpty, "\(name): \(key) asked for \(effects)")
                #expect(!s.shouldQuit && s.message == state.message, "\(name): \(key)")
                #expect(Render.frame(s).text == before, "\(name): \(key) changed the screen")
            }
            // Every context leaves most keys alone, except where text is typed.
            #expect(unlisted > 0 || ActionContext.withTextField.contains(state.context), "\(name)")
        }
    }

    @Test func aKeyTheTableListsActsSomewhere() {
        // Ctrl-C, Ctrl-Z and Ctrl-L are table rows like the others and reach the terminal as effects.
        var s = UIFixtures.onRecord()
        #expect(ActionTable.action(for: .ctrl("z"), in: s.context) == .suspend)
        #expect(Update.handle(.key(.ctrl("z")), &s).contains { if case .suspend = $0 { return true } else { return false } })
        #expect(Update.handle(.key(.ctrl("l")), &s).contains { if case .repaint = $0 { return true } else { return false } })
        _ = Update.handle(.key(.char(":")), &s)
        #expect(Update.handle(.key(.ctrl("c")), &s).contains { if case .cancelAll = $0 { return true } else { return false } })
        #expect(s.shouldQuit)
    }

    /// Outside the table (and the decoder that turns bytes into keys) no source names a key to react to it.
    @Test func noKeyIsHandledOutsideTheTable() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources").standardized
        let allowed = ["BrowserCore/Input/Actions.swift", "BrowserCore/Input/Key.swift", "CursesUI/Input/"]
        let pattern = try NSRegularExpression(pattern: #"\.(char|ctrl|function)\(|key ==|== \.(escape|enter|left|right|up|down|tab|backspace)\b|case \.(escape|enter|backspace|tab|left|right)\b"#)
        var checked = 0
        for module in ["BrowserCore", "CursesUI", "twbrowse"] {
            let dir = sources.appendingPathComponent(module)
            let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") } ?? []
            for file in files {
                let path = "\(module)/\(file)"
                if allowed.contains(where: { path.hasPrefix($0) }) { continue }
                let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
                checked += 1
                for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                    let line = text[..<Range(match.range, in: text)!.lowerBound].split(separator: "\n", omittingEmptySubsequences: false).count
                    Issue.record("\(path):\(line) handles a key outside the action table")
                }
            }
        }
        #expect(checked > 20)
    }

    @Test func labelsAreMadeFromTheKeys() {
        let rows = Dictionary(ActionTable.all.map { ($0.id.rawValue + $0.group, $0.keyLabel) }, uniquingKeysWith: { a, _ in a })
        #expect(rows["pageUpMove"] == "PgUp ^B")
        #expect(rows["openMove"] == "⏎ → l")
        #expect(rows["previousFieldConnect"] == "S-Tab ↑")
        let textFields = ActionTable.groups.first { $0.name == "Text fields" }?.lines.map(\.keys)
        #expect(textFields == ["← →  Home End", "Backspace Del", "^U  ^W", "paste"])
    }
}

/// The `:` command table drives the command line, completion, help and the unknown-command message.
@Suite struct CommandTableTests {
    func complete(_ line: String, _ s: AppState) -> (String, [String]) {
        var s = s
        _ = Update.handle(.key(.char(":")), &s)
        _ = Update.handle(.key(.paste(line)), &s)
        _ = Update.handle(.key(.tab), &s)
        guard case .command(let field)? = s.overlay else { return ("<closed>", []) }
        let shown = s.message?.text.split(separator: " ", omittingEmptySubsequences: true).map(String.init) ?? []
        return (field.text, shown)
    }

    @Test func tabCompletesNamesAndArguments() {
        var s = UIFixtures.onEmployee()
        s.profileNames = ["acme-prod", "acme-test", "other"]
        #expect(complete("emp", s).0 == "employee ")
        #expect(complete("pro", s).0 == "profile ")
        #expect(complete("theme l", s).0 == "theme light ")
        #expect(complete("profile acme-p", s).0 == "profile acme-prod ")
        #expect(complete("profile ac", s).0 == "profile acme-")
        #expect(complete("profile acme-", s).1 == ["acme-prod", "acme-test"], "several candidates are listed")
        #expect(complete("employee E-100", s).0 == "employee E-100")
        #expect(complete("employee E-1006", s).0 == "employee E-1006 ")
        #expect(complete("interaction E-1001 int-a", s).1 == ["int-a1", "int-a2", "int-a3", "int-a4", "int-a5"])
        #expect(complete("cache c", s).0 == "cache clear ")
        #expect(complete("connect x", s).0 == "connect x", "no arguments, nothing to complete")
    }

    @Test func unknownCommandsSuggestTheNearestOne() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.char(":")), &s)
        _ = Update.handle(.key(.paste("emplyee E-1")), &s)
        _ = Update.handle(.key(.enter), &s)
        #expect(s.message?.text == "unknown command :emplyee — did you mean :employee?")
        _ = Update.handle(.key(.char(":")), &s)
        _ = Update.handle(.key(.paste("xyzzy")), &s)
        _ = Update.handle(.key(.enter), &s)
        #expect(s.message?.text.contains(":profile") == true, "\(s.message?.text ?? "")")
    }

    @Test func everyCommandIsInHelpAndRuns() {
        let help = HelpContent.lines.map { $0.segments.map(\.0).joined() }.joined(separator: "\n")
        for command in CommandTable.all {
            #expect(help.contains(command.usage), "\(command.usage) missing from help")
        }
        #expect(help.contains(":profile NAME"))
        var s = UIFixtures.connected()
        let effects = CommandTable.run("profile acme-test", &s)
        guard case .switchProfile("acme-test")? = effects.first else { Issue.record("no profile switch: \(effects)"); return }
        _ = CommandTable.run("profile", &s)
        #expect(s.message?.text.hasPrefix("usage: :profile NAME") == true)
    }

    /// The `:` key's help line names commands; each must be one the table has.
    @Test func theCommandKeysHelpNamesOnlyRealCommands() {
        let help = ActionTable.all.first { $0.id == .command }!.help
        let named = help.split(separator: " ").filter { $0.hasPrefix(":") && $0.count > 1 }.map { String($0.dropFirst()) }
        #expect(!named.isEmpty)
        for name in named { #expect(CommandTable.command(named: name) != nil, ":\(name)") }
    }
}
