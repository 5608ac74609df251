import Foundation
@testable import BrowserCore
import TechWolfAPI
import Testing

/// The browser's side of what a hostile server tried: the clipboard and an endless employees list.
@Suite struct ClipboardHardeningTests {
    static func isControl(_ s: Unicode.Scalar) -> Bool { s.value < 0x20 || (0x7F...0x9F).contains(s.value) }

    static func listing(_ ids: [String]) -> EmployeesPage {
        try! EmployeesPage(json: .object([
            JSONMember("count", .number(String(ids.count))),
            JSONMember("results", .array(ids.map { .object([JSONMember("external_id", .string($0))]) })),
        ]))
    }

    @Test func anIDWithControlCharactersIsNeverCopied() {
        var s = UIFixtures.connected()
        let hostile = "E-1\u{1B}[201~\necho owned\u{1B}[200~"
        _ = Update.handle(.result(.employeesPage(offset: 100, .success(Fetched(value: Self.listing([hostile]), source: .network(duration: 0))), 0)), &s)
        for _ in 0..<10 { _ = Update.handle(.key(.down), &s) }
        #expect(s.top.selection(s) == .employee(hostile))
        let effects = Update.handle(.key(.char("y")), &s)
        for case .copy(let text) in effects {
            #expect(!text.unicodeScalars.contains(where: Self.isControl), "y copied \(text.debugDescription)")
        }
        #expect(effects.isEmpty, "an ID that breaks the API's rule is not copied as an ID")
        #expect(s.message?.text.contains("not copied") == true, "\(s.message?.text ?? "no message")")
    }

    @Test func jsonAndCurlCopiesCarryNoControlCharacters() throws {
        var s = UIFixtures.onEmployee()
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "int-a1", "interaction_type": "x\u001b]52;c;aGk=\u0007", "title": "a\u009b2J\u2028b"}"#))
        _ = Update.handle(.result(.batchMember(InteractionKey(employee: "E-1001", interaction: "int-a1"),
                                               .success(Fetched(value: record, source: .network(duration: 0))))), &s)
        _ = Update.handle(.key(.enter), &s)
        s.connection?.baseURL = "https://company_xyz.eu3.techwolf.ai"
        guard case .copy(let json)? = Update.handle(.key(.char("Y")), &s).first else { Issue.record("Y did not copy"); return }
        #expect(!json.unicodeScalars.contains { Self.isControl($0) && $0 != "\n" }, "\(json.debugDescription)")
        #expect(json.contains(#"x\u001b]52;c;aGk=\u0007"#), "the JSON's escapes stay escaped: \(json)")
        s.connection?.baseURL = "https://x.example/a\u{1B}]52;c;aGk=\u{07}"
        let curl = Update.handle(.key(.char("c")), &s)
        for case .copy(let text) in curl {
            #expect(!text.unicodeScalars.contains(where: Self.isControl), "c copied \(text.debugDescription)")
        }
    }
}

@Suite struct EmployeeListCapTests {
    @Test func anEndlessListStopsAtTheCapWithAMessage() {
        var s = UIFixtures.connected()
        // A server that always says there is more.
        s.directory.nextOffset = AppState.pageSize
        var offset = 0
        var pages = 0
        while let next = s.directory.nextOffset, pages < EmployeeDirectory.maxListed / AppState.pageSize + 5 {
            offset = next
            let ids = (0..<AppState.pageSize).map { "E-\(offset + $0)" }
            let page = try! EmployeesPage(json: .object([
                JSONMember("results", .array(ids.map { .object([JSONMember("external_id", .string($0))]) })),
            ]))
            _ = Update.handle(.result(.employeesPage(offset: offset, .success(Fetched(value: page, source: .network(duration: 0))), 0)), &s)
            pages += 1
        }
        #expect(pages >= EmployeeDirectory.maxListed / AppState.pageSize - 1, "only \(pages) pages were offered")
        #expect(s.directory.nextOffset == nil, "the list kept asking for pages")
        #expect(s.directory.loadedFromServer <= EmployeeDirectory.maxListed)
        #expect(s.message?.text.contains("100,000") == true, "\(s.message?.text ?? "no message")")
    }
}

@Suite struct FrameRedactionTests {
    /// A server that echoes the token into a record and into an error: the screen never shows it.
    @Test func anEchoedTokenIsNeverDrawn() throws {
        let secret = "ui-canary/T0ken+echo-7c1d9e"
        _ = try AccessToken(secret)
        var s = UIFixtures.onEmployee(width: 160, height: 50)
        let escaped = secret.replacingOccurrences(of: "/", with: "\\/")
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "int-a1", "interaction_type": "Bearer \#(escaped)", "title": "\#(secret)"}"#))
        _ = Update.handle(.result(.batchMember(InteractionKey(employee: "E-1001", interaction: "int-a1"),
                                               .success(Fetched(value: record, source: .network(duration: 0))))), &s)
        _ = Update.handle(.key(.enter), &s)
        let frame = Render.frame(s).text
        #expect(frame.contains(SecretRedaction.marker), "the record was not drawn: \(frame)")
        #expect(!frame.contains(secret) && !frame.contains("7c1d9e"), "\(frame)")
        _ = Update.handle(.result(.employee("E-1001", .failure(.unauthorized("token \(secret) refused")), 5)), &s)
        s.show("server said: \(secret)", .error)
        #expect(!Render.frame(s).text.contains("7c1d9e"))
    }
}
