import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

@Suite struct UpdateTests {
    func keys(_ s: inout AppState, _ keys: Key...) -> [Effect] {
        keys.flatMap { Update.handle(.key($0), &s) }
    }

    @Test func connectValidatesBeforeSending() {
        var s = UIFixtures.state()
        s.form = ConnectForm(tenant: "evil.com/", region: "eu 3", token: "")
        let effects = keys(&s, .enter)
        #expect(effects.isEmpty)
        #expect(s.form.errors[.tenant]?.contains("'.'") == true)
        #expect(s.form.errors[.region] != nil)
        #expect(s.form.errors[.token] != nil)
        #expect(s.form.focus == .tenant)
    }

    @Test func connectSendsAndLandsOnEmployees() {
        var s = UIFixtures.state()
        s.form = ConnectForm(tenant: "acme", region: "eu3", token: "tok-1234")
        let effects = keys(&s, .enter)
        guard case .connect(let request, _)? = effects.first else { Issue.record("no connect effect"); return }
        #expect(request.origin.description == "https://acme.eu3.techwolf.ai")
        #expect(s.connecting)
        let info = ConnectionInfo(label: "acme.eu3", maskedToken: "…1234", expiresAt: nil, apiVersion: nil)
        let after = Update.handle(.result(.connected(info, 1)), &s)
        #expect(s.places == [.employees])
        #expect(after.contains { if case .loadEmployeesPage(let page, _) = $0, page.offset == 0 { return true } else { return false } })
    }

    @Test func typingInTheFormEditsTheFocusedField() {
        var s = UIFixtures.state()
        _ = keys(&s, .char("a"), .char("c"), .char("m"), .char("e"), .tab, .paste("eu3\n"), .left, .backspace)
        #expect(s.form.value(.tenant) == "acme")
        #expect(s.form.value(.region) == "eu ")
        _ = keys(&s, .ctrl("u"))
        #expect(s.form.value(.region) == " ")
    }

    @Test func navigationOpensAndGoesBack() {
        var s = UIFixtures.connected()
        _ = keys(&s, .down, .down, .up)
        #expect(s.employeesPosition.selected == 1)
        let effects = keys(&s, .enter)
        #expect(s.place == .employee("E-1002"))
        #expect(effects.contains { if case .loadEmployee("E-1002", _, _) = $0 { return true } else { return false } })
        s.pending = [:]
        _ = keys(&s, .escape)
        #expect(s.place == .employees)
        #expect(s.employeesPosition.selected == 1, "the selection is kept")
        _ = keys(&s, .char("l"))
        _ = Update.handle(.result(.employee("E-1002", .failure(.cancelled), 1)), &s)
        s.pending = [:]
        _ = keys(&s, .char("h"))
        #expect(s.place == .employees)
    }

    @Test func escCancelsARequestBeforeGoingBack() {
        var s = UIFixtures.connected()
        _ = keys(&s, .enter)
        #expect(!s.pending.isEmpty)
        let effects = keys(&s, .escape)
        #expect(effects.contains { if case .cancelAll = $0 { return true } else { return false } })
        #expect(s.place == .employee("E-1001"), "the first Esc only cancels")
    }

    @Test func escNeverQuitsButQDoesAtTheTop() {
        var s = UIFixtures.connected()
        _ = keys(&s, .escape, .escape, .escape)
        #expect(!s.shouldQuit)
        _ = keys(&s, .char("q"))
        #expect(s.shouldQuit)
    }

    @Test func qGoesBackBeforeQuitting() {
        var s = UIFixtures.onRecord()
        _ = keys(&s, .char("q"))
        #expect(s.place == .employee("E-1001"))
        _ = keys(&s, .char("q"))
        #expect(s.place == .employees)
        #expect(!s.shouldQuit)
        _ = keys(&s, .char("q"))
        #expect(s.shouldQuit)
    }

    @Test func ctrlCQuitsFromAnywhereEvenTheForm() {
        var s = UIFixtures.state()
        _ = keys(&s, .ctrl("c"))
        #expect(s.shouldQuit)
    }

    @Test func filterAsYouTypeThenClear() {
        var s = UIFixtures.connected()
        _ = keys(&s, .char("/"), .char("ソ"))
        #expect(s.visibleEmployees.map(\.id) == ["E-1002"])
        _ = keys(&s, .enter)
        #expect(s.overlay == nil)
        #expect(s.visibleEmployees.count == 1)
        _ = keys(&s, .char("/"), .escape)
        #expect(s.visibleEmployees.count == UIFixtures.employees.count)
    }

    @Test func refreshingDuringABatchAddsToItsProgress() {
        var s = UIFixtures.onEmployee()
        s.batch = BatchProgress(employee: "E-1001", total: 3, done: 2, failed: 0)
        let effects = Update.handle(.key(.char("r")), &s)
        let added = effects.compactMap { if case .addInteractions("E-1001", let ids) = $0 { return ids.count } else { return nil } }.first ?? 0
        #expect(added > 0)
        // The runner adds these to the running batch, so the bar keeps its done count: never done > total.
        #expect(s.batch?.done == 2 && s.batch?.total == 3 + added)
    }

    @Test func anotherBaseURLWithTheSameLabelIsAnotherTenant() {
        var s = UIFixtures.connected()
        #expect(s.directory.loadedFromServer > 0)
        var info = ConnectionInfo(label: "company_xyz.eu3", maskedToken: "…9xYz", expiresAt: nil, apiVersion: nil)
        info.baseURL = "https://proxy.example.com/other-tenant"
        _ = Update.handle(.result(.connected(info, 99)), &s)
        // Nothing fetched from the first origin is shown for the second.
        #expect(s.directory.loadedFromServer == 0)
        #expect(s.records.isEmpty && s.employees.isEmpty)
    }

    @Test func commandLine() {
        var s = UIFixtures.connected()
        var effects = keys(&s, .char(":"), .paste("employee E-2000"), .enter)
        #expect(s.place == .employee("E-2000"))
        #expect(effects.contains { if case .loadEmployee("E-2000", _, _) = $0 { return true } else { return false } })
        effects = keys(&s, .char(":"), .paste("interaction E-2000 int-x"), .enter)
        #expect(s.place == .record(InteractionKey(employee: "E-2000", interaction: "int-x")))
        effects = keys(&s, .char(":"), .paste("employee a/b"), .enter)
        #expect(s.message?.kind == .error)
        effects = keys(&s, .char(":"), .paste("cache clear"), .enter)
        #expect(effects.contains { if case .clearCache = $0 { return true } else { return false } })
        effects = keys(&s, .char(":"), .paste("theme light"), .enter)
        #expect(effects.contains { if case .setTheme("light") = $0 { return true } else { return false } })
        _ = keys(&s, .char(":"), .paste("nonsense"), .enter)
        #expect(s.message?.text.contains("unknown command") == true)
        _ = keys(&s, .char(":"), .char("q"), .enter)
        #expect(s.shouldQuit)
    }

    @Test func nextAndPreviousRecord() {
        var s = UIFixtures.onRecord()
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a1")))
        _ = keys(&s, .char("n"), .char("n"))
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a3")))
        _ = keys(&s, .char("p"))
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a2")))
        _ = keys(&s, .char("p"), .char("p"))
        #expect(s.message?.text.contains("first") == true)
        _ = keys(&s, .escape)
        #expect(s.employeePosition("E-1001")?.selected == 0, "the list follows n/p")
    }

    @Test func refreshBypassesTheCache() {
        var s = UIFixtures.onRecord()
        let effects = keys(&s, .char("r"))
        #expect(effects.contains { if case .loadInteraction(_, refresh: true, _) = $0 { return true } else { return false } })
    }

    @Test func pastingManyIDsStartsOneBatchAndReportsBadOnes() {
        var s = UIFixtures.onEmployee()
        let ids = (0..<10_000).map { "int-p\($0)" }.joined(separator: "\n") + "\nbad!id\n# a comment\nE-1001 int-pair\n"
        let effects = keys(&s, .char("a"), .paste(ids), .enter)
        guard case .addInteractions(employee: "E-1001", let batch)? = effects.first else { Issue.record("no batch"); return }
        #expect(batch.count == 10_001)
        #expect(s.batch?.total == 10_001)
        #expect(s.message?.kind == .error)
        #expect(s.interactionLists["E-1001"]?.ids.count == 10_006)
        let cancel = keys(&s, .escape)
        #expect(cancel.contains { if case .cancelAll = $0 { return true } else { return false } })
    }

    @Test func aMessageStaysWithTheRecordItWasAbout() {
        var s = UIFixtures.onRecord()
        _ = keys(&s, .char("n"))
        _ = keys(&s, .char("v"))
        #expect(s.message?.text == "this interaction points at a title, not a vacancy")
        #expect(Render.frame(s).text.contains("points at a title"))
        _ = keys(&s, .char("n"))
        #expect(s.message == nil)
        #expect(!Render.frame(s).text.contains("points at a title"))
        _ = keys(&s, .char("p"))
        _ = keys(&s, .char("v"))
        #expect(s.message != nil)
        _ = keys(&s, .escape)
        #expect(s.place == .employee("E-1001"))
        #expect(!Render.frame(s).text.contains("points at a title"), "not over the employee either")
        // What holds everywhere stays.
        s.show("connected to company_xyz.eu3", .success, global: true)
        _ = keys(&s, .enter)
        #expect(s.message?.text == "connected to company_xyz.eu3")
    }

    @Test func dRemovesARowAddedByMistake() {
        var s = UIFixtures.onEmployee()
        _ = keys(&s, .char("a"))
        _ = Update.handle(.key(.paste("int-typo")), &s)
        _ = keys(&s, .enter)
        #expect(s.interactionLists["E-1001"]?.ids.last == "int-typo")
        _ = keys(&s, .end)
        #expect(s.top.selection(s) == .interaction(InteractionKey(employee: "E-1001", interaction: "int-typo")))
        _ = keys(&s, .char("d"))
        #expect(s.interactionLists["E-1001"]?.ids == UIFixtures.records.map(\.0))
        #expect(s.message?.text == "int-typo removed from the list (a adds it again)")
        #expect(!s.visibleInteractions(of: "E-1001").contains("int-typo"))
        #expect(s.top.selection(s) == .interaction(InteractionKey(employee: "E-1001", interaction: "int-a5")))
    }

    @Test func rThenEscKeepsTheRecordOnScreen() {
        var s = UIFixtures.onRecord()
        let key = InteractionKey(employee: "E-1001", interaction: "int-a1")
        let refresh = keys(&s, .char("r"))
        #expect(refresh.contains { if case .loadInteraction(key, refresh: true, _) = $0 { return true } else { return false } })
        #expect(refresh.contains { if case .loadVacancy("vac-0001", refresh: true, _) = $0 { return true } else { return false } })
        #expect(keys(&s, .escape).contains { if case .cancelAll = $0 { return true } else { return false } })
        for (id, what) in s.pending {
            if what.hasPrefix("vacancy") { _ = Update.handle(.result(.vacancy("vac-0001", .failure(.cancelled), id)), &s) }
            else { _ = Update.handle(.result(.interaction(key, .failure(.cancelled), id)), &s) }
        }
        let text = Render.frame(s).text
        #expect(s.place == .record(key))
        #expect(text.contains("vacancy_liked") && text.contains("機械エンジニア（設計）"), "\(text)")
        #expect(!text.contains("was not loaded"))
    }

    @Test func rThenEscKeepsTheEmployeeOnScreen() {
        var s = UIFixtures.onEmployee()
        _ = keys(&s, .char("r"))
        let request = s.pending.first { $0.value == "employee E-1001" }!.key
        _ = keys(&s, .escape)
        _ = Update.handle(.result(.employee("E-1001", .failure(.cancelled), request)), &s)
        #expect(s.employees["E-1001"]?.value != nil)
        #expect(Render.frame(s).text.contains("Ingénieure logicielle"))
    }

    @Test func aCancelledRecordLoadSaysSoAndRLoadsIt() {
        var s = UIFixtures.onEmployee()
        let key = InteractionKey(employee: "E-1001", interaction: "int-a1")
        s.records[key] = nil
        _ = keys(&s, .enter)
        let request = s.pending.first { $0.value == "interaction int-a1" }!.key
        _ = Update.handle(.result(.interaction(key, .failure(.cancelled), request)), &s)
        let text = Render.frame(s).text
        #expect(text.contains("int-a1 was not loaded."), "\(text)")
        #expect(!text.contains("loading int-a1"))
        let effects = keys(&s, .char("r"))
        #expect(effects.contains { if case .loadInteraction(key, _, _) = $0 { return true } else { return false } })
    }

    @Test func unauthorizedMidSessionAsksForATokenAndReturns() {
        var s = UIFixtures.onRecord()
        _ = keys(&s, .char("r"))
        let request = s.pending.keys.first!
        _ = Update.handle(.result(.interaction(InteractionKey(employee: "E-1001", interaction: "int-a1"),
                                               .failure(.unauthorized("expired")), request)), &s)
        #expect(s.place == .connect)
        #expect(s.form.errors[.token] == "expired")
        #expect(s.form.value(.tenant) == "company_xyz", "the form keeps tenant and region")
        _ = keys(&s, .paste("new-token-5678"), .enter)
        let info = ConnectionInfo(label: "company_xyz.eu3", maskedToken: "…5678", expiresAt: nil, apiVersion: nil)
        _ = Update.handle(.result(.connected(info, 77)), &s)
        #expect(s.place == .record(InteractionKey(employee: "E-1001", interaction: "int-a1")), "back in exactly the same place")
        #expect(s.stack.count == 3)
    }

    @Test func scrollingPagesInMoreEmployees() {
        var s = UIFixtures.connected()
        s.directory.nextOffset = 100
        let effects = keys(&s, .end)
        #expect(effects.contains { if case .loadEmployeesPage(let page, _) = $0, page.offset == 100 { return true } else { return false } })
    }

    @Test func resizeKeepsTheSelection() {
        var s = UIFixtures.connected()
        _ = keys(&s, .down, .down, .down)
        _ = Update.handle(.resize(width: 30, height: 8), &s)
        _ = Update.handle(.resize(width: 100, height: 30), &s)
        #expect(s.employeesPosition.selected == 3)
    }

    @Test func messagesExpire() {
        var s = UIFixtures.connected()
        _ = keys(&s, .escape)
        #expect(s.message != nil)
        s.now = s.now.addingTimeInterval(AppState.messageLifetime + 1)
        _ = Update.handle(.tick, &s)
        #expect(s.message == nil)
    }

    @Test func everyActionHasHelpAndEveryKeyIsUniquePerContext() {
        for context in ActionContext.allCases {
            var seen: [Key: ActionID] = [:]
            for action in ActionTable.all where ActionTable.applies(action, in: context) {
                #expect(!action.help.isEmpty)
                for key in action.keys + action.alsoKeys {
                    if let other = seen[key], context != .connect {
                        Issue.record("\(key) is bound to both \(other) and \(action.id) in \(context)")
                    }
                    seen[key] = action.id
                }
            }
        }
        let help = HelpContent.lines.map { $0.segments.map(\.0).joined() }.joined(separator: "\n")
        for action in ActionTable.all where action.listed { #expect(help.contains(action.help)) }
        #expect(help.contains("quit"))
    }

    /// A wrapped help entry continues under its own text: 16 columns in for keys, 22 for commands.
    @Test func wrappedHelpLinesStayUnderTheirText() throws {
        let lines = HelpContent.lines(width: 80).map { $0.segments.map(\.0).joined() }
        let theme = try #require(lines.firstIndex { $0.hasPrefix(":theme NAME") })
        let continuation = lines[theme + 1]
        #expect(continuation.prefix(HelpContent.commandColumn).allSatisfy { $0 == " " }, "\(continuation)")
        #expect(continuation.dropFirst(HelpContent.commandColumn).first != " ", "\(continuation)")
    }

    @Test func textFieldEditing() {
        var f = TextField("hello world")
        _ = f.apply(.ctrl("w"))
        #expect(f.text == "hello ")
        _ = f.apply(.home)
        _ = f.apply(.delete)
        #expect(f.text == "ello ")
        _ = f.apply(.end)
        _ = f.apply(.paste("日本\n語"))
        #expect(f.text == "ello 日本 語")
        let view = f.viewport(width: 6)
        #expect(TextWidth.of(view.text) <= 6)
    }

    @Test func scalarsThatJoinThePreviousCharacterKeepTheCursorInTheText() {
        // A decomposed é typed as two keys, a flag as two regional indicators, a mark inserted mid-text.
        var f = TextField()
        for key: Key in [.char("e"), .char("\u{301}"), .char("\u{1F1E7}"), .char("\u{1F1EA}")] { _ = f.apply(key) }
        #expect(f.text == "e\u{301}\u{1F1E7}\u{1F1EA}" && f.text.count == 2 && f.cursor == 2)
        _ = f.apply(.home)
        _ = f.apply(.right)
        _ = f.apply(.char("a"))
        _ = f.apply(.char("\u{308}"))
        #expect(f.text == "e\u{301}a\u{308}\u{1F1E7}\u{1F1EA}" && f.cursor == 2)
        _ = f.apply(.paste("x\u{301}\u{301}"))
        #expect(f.cursor <= f.text.count)
        for width in 2...8 { _ = f.viewport(width: width) }
        _ = f.apply(.backspace)
        _ = f.apply(.end)
        #expect(f.cursor == f.text.count)
    }
}

@Suite struct CopyTests {
    @Test func yCopiesTheIDAndCTheCurlCommand() {
        var s = UIFixtures.onRecord()
        s.connection?.baseURL = "https://company_xyz.eu3.techwolf.ai"
        let y = Update.handle(.key(.char("y")), &s)
        guard case .copy("int-a1")? = y.first else { Issue.record("y did not copy the ID: \(y)"); return }
        #expect(s.message?.text.contains("copied interaction ID") == true)
        let c = Update.handle(.key(.char("c")), &s)
        guard case .copy(let curl)? = c.first else { Issue.record("c did not copy"); return }
        #expect(curl == "curl -sS -H \"Authorization: Bearer $TECHWOLF_TOKEN\" -H 'Accept: application/json' 'https://company_xyz.eu3.techwolf.ai/employees/E-1001/interactions/int-a1'")
        let json = Update.handle(.key(.char("Y")), &s)
        guard case .copy(let text)? = json.first else { Issue.record("Y did not copy"); return }
        #expect(text.hasPrefix("{\n  \"external_id\": \"int-a1\""))
    }

    /// Once the terminal layer reports that tmux drops copies, each copy still goes out but says so, with the fix.
    @Test func aBlockedClipboardIsNamedOnEveryCopy() {
        var s = UIFixtures.onRecord()
        #expect(Update.handle(.result(.clipboardBlocked("tmux has set-clipboard off, so copies do not reach the system clipboard: add `set -g set-clipboard on`")), &s).isEmpty)
        for key in ["y", "Y"] {
            let effects = Update.handle(.key(.char(Character(key))), &s)
            guard case .copy? = effects.first else { Issue.record("\(key) did not copy: \(effects)"); return }
            let message = s.message
            #expect(message?.kind == .warning)
            #expect(message?.text.contains("set-clipboard off") == true && message?.text.contains("set -g set-clipboard on") == true, "\(String(describing: message))")
            #expect(message?.text.contains("copied") == false, "it must not claim the copy arrived: \(String(describing: message))")
        }
    }

    @Test func copyOnListsTakesTheSelectedRow() {
        var s = UIFixtures.connected()
        _ = Update.handle(.key(.down), &s)
        guard case .copy("E-1002")? = Update.handle(.key(.char("y")), &s).first else { Issue.record("no copy"); return }
    }
}

/// The status bar says what the token may do.
@Suite struct TokenScopeStatusTests {
    @Test func theStatusBarShowsTheScopesAndWarnsWhenTheTokenCouldWrite() {
        var s = UIFixtures.connected(width: 120, height: 24)
        s.connection?.scopes = ["read"]
        var bar = Render.frame(s).text.split(separator: "\n", omittingEmptySubsequences: false)[22]
        #expect(bar.contains("token …9xYz expires in 2 h · read  cache"), "\(bar)")
        #expect(!bar.contains("can write"))
        s.connection?.scopes = ["read", "write"]
        let frame = Render.frame(s)
        bar = frame.text.split(separator: "\n", omittingEmptySubsequences: false)[22]
        #expect(bar.contains("· read write  ⚠ token can write  cache"), "\(bar)")
        let x = TextWidth.of(String(bar.prefix { $0 != "⚠" }))
        #expect(frame[x, 22].role == .warning)
    }
}
