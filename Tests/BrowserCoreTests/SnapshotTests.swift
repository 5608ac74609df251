import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

/// Every screen rendered to text and compared with a golden file at three sizes. Run with
/// UPDATE_SNAPSHOTS=1 to rewrite the golden files after an intended change, then read the diff.
@Suite struct SnapshotTests {
    static let sizes: [(Int, Int)] = [(80, 24), (40, 12), (160, 50)]

    static func check(_ name: String, _ frame: Frame) {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
        let file = dir.appendingPathComponent("\(name).txt")
        let actual = frame.text + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_SNAPSHOTS"] != nil {
            try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try? actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("missing golden file \(file.lastPathComponent); run with UPDATE_SNAPSHOTS=1")
            return
        }
        #expect(actual == expected, "\(name) differs from its golden file")
        // Whatever the content, no row may be wider than the frame.
        for line in frame.text.split(separator: "\n") { #expect(TextWidth.of(String(line)) <= frame.width) }
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func connectForm(_ size: [Int]) {
        var s = UIFixtures.state(width: size[0], height: size[1])
        s.form = ConnectForm(tenant: "evil.example", region: "eu3", token: "")
        _ = Update.handle(.key(.enter), &s)
        Self.check("connect-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func employeesList(_ size: [Int]) {
        var s = UIFixtures.connected(width: size[0], height: size[1])
        _ = Update.handle(.key(.down), &s)
        Self.check("employees-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func employeeScreen(_ size: [Int]) {
        let s = UIFixtures.onEmployee(width: size[0], height: size[1])
        Self.check("employee-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func recordScreen(_ size: [Int]) {
        let s = UIFixtures.onRecord(width: size[0], height: size[1])
        Self.check("record-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func recordWithUnknownFieldsAndWarnings(_ size: [Int]) {
        var s = UIFixtures.onRecord(width: size[0], height: size[1])
        UIFixtures.apply([.key(.char("n")), .key(.char("n")), .key(.char("n"))], to: &s)
        Self.check("record-int-a4-\(size[0])x\(size[1])", Render.frame(s))
        _ = Update.handle(.key(.char("n")), &s)
        Self.check("record-both-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func recordJSON(_ size: [Int]) {
        var s = UIFixtures.onRecord(width: size[0], height: size[1])
        UIFixtures.apply([.key(.char("n")), .key(.char("n")), .key(.char("n")), .key(.char("J"))], to: &s)
        Self.check("json-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test(arguments: sizes.map { [$0.0, $0.1] })
    func help(_ size: [Int]) {
        var s = UIFixtures.connected(width: size[0], height: size[1])
        _ = Update.handle(.key(.char("?")), &s)
        Self.check("help-\(size[0])x\(size[1])", Render.frame(s))
    }

    @Test func tooSmall() {
        var s = UIFixtures.onRecord()
        _ = Update.handle(.resize(width: 30, height: 8), &s)
        Self.check("too-small-30x8", Render.frame(s))
        _ = Update.handle(.resize(width: 100, height: 30), &s)
        #expect(Render.frame(s).text.contains("int-a1"))
    }

    @Test func hostileStringsStayInTheirField() {
        var s = UIFixtures.onEmployee()
        let hostile = #"{"external_id": "int-h1", "interaction_type": "x\u001b]0;pwned\u0007", "title": "\u001b[2J\u009b31m\u202eevil\u200b \u0000tab\there"}"#
        s.interactionLists["E-1001", default: InteractionList()].add("int-h1")
        let record = try! InteractionRecord(json: JSONParser.parse(hostile))
        _ = Update.handle(.result(.batchMember(InteractionKey(employee: "E-1001", interaction: "int-h1"),
                                               .success(Fetched(value: record, source: .network(duration: 0.1))))), &s)
        for frame in [Render.frame(s), { var r = s; _ = Update.handle(.key(.end), &r); _ = Update.handle(.key(.enter), &r); return Render.frame(r) }()] {
            for cell in frame.cells {
                #expect(!cell.text.unicodeScalars.contains { TerminalText.isUnsafe($0) }, "unsafe scalar in \(cell.text.debugDescription)")
            }
        }
    }
}
