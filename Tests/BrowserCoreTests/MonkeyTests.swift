import Foundation
import Testing
import DemoAPI
@testable import BrowserCore
import TechWolfAPI

/// Random keys, paste bursts, resizes from 1x1 to 250x80 and hostile or failing results, fed through
/// update and render: nothing may crash, no frame row may overflow, no unsafe scalar may reach a cell,
/// and at the end the UI still answers `?`.
@Suite struct MonkeyTests {
    static let keys: [Key] = [
        .up, .down, .left, .right, .pageUp, .pageDown, .home, .end, .enter, .escape, .tab, .backTab, .backspace, .delete,
        .char("j"), .char("k"), .char("g"), .char("G"), .char("h"), .char("l"), .char("q"), .char("n"), .char("p"),
        .char("J"), .char("r"), .char("a"), .char("/"), .char(":"), .char("?"), .char("x"), .char("ソ"), .char("é"),
        // Scalars that join the character before them: a combining accent, a regional indicator, ZWJ.
        .char("\u{301}"), .char("\u{1F1E7}"), .char("\u{1F1EA}"), .char("\u{200D}"), .char("\u{FE0F}"),
        .ctrl("u"), .ctrl("w"), .ctrl("l"), .ctrl("b"), .ctrl("f"), .ctrl("n"), .ctrl("p"), .function(1),
    ]

    static let hostile = [
        "\u{1B}]0;pwned\u{07}", "\u{1B}[2J", "\u{9B}31m", "\u{202E}evil", "zero\u{200B}width", String(repeating: "x", count: 10_000),
        "e" + String(repeating: "\u{0301}", count: 2_000), "👨‍👩‍👧‍👦 family", "機械エンジニア", "\u{0}\u{7F}\t\r\n",
        "]52;c;SGVsbG8=\u{07}",
    ]

    static func randomResult(_ rng: inout SplitMix64, _ state: AppState) -> EffectResult {
        let request = state.pending.keys.randomElement(using: &rng) ?? 0
        let text = hostile.randomElement(using: &rng)!
        let employee = state.directory.rows.randomElement(using: &rng)?.id ?? "E-1001"
        let interaction = state.interactionLists[employee]?.ids.randomElement(using: &rng) ?? "int-x"
        let key = InteractionKey(employee: employee, interaction: interaction)
        let errors: [APIError] = [.unauthorized(text), .notFound(text), .serverError(status: 502, message: text), .timeout(seconds: 15),
                                  .network(text), .tooLarge(limit: 1 << 20), .undecodable(text), .cancelled, .rateLimited(text, retryAfter: 3)]
        switch Int.random(in: 0..<7, using: &rng) {
        case 0:
            let json = JSONValue.object([JSONMember("external_id", .string(text)), JSONMember("interaction_type", .string(text)),
                                         JSONMember("timestamp", .string(text)), JSONMember("title", .string(text)),
                                         JSONMember(text, .string(text))])
            let fetched = Fetched(value: try! InteractionRecord(json: json), source: .network(duration: 0.1))
            return Bool.random(using: &rng) ? .interaction(key, .success(fetched), request) : .batchMember(key, .success(fetched))
        case 1:
            return .interaction(key, .failure(errors.randomElement(using: &rng)!), request)
        case 2:
            let page = try! EmployeesPage(json: .object([
                JSONMember("count", .number("100000")),
                JSONMember("results", .array((0..<50).map { i in .object([JSONMember("external_id", .string("E-\(Int.random(in: 0..<100_000, using: &rng))-\(i)")),
                                                                          JSONMember("assigned_position", .string(text))]) })),
            ]))
            return .employeesPage(offset: state.directory.loadedFromServer, .success(Fetched(value: page, source: .network(duration: 0.1))), request)
        case 3:
            let vacancy = try! Vacancy(json: .object([JSONMember("job_title", .string(text))]))
            return .vacancy("vac-\(Int.random(in: 0..<5, using: &rng))", .success(Fetched(value: vacancy, source: .cache(age: 3))), request)
        case 4:
            return .employee(employee, .failure(errors.randomElement(using: &rng)!), request)
        case 5:
            return .batchProgress(.employee(employee), done: Int.random(in: 0..<100, using: &rng), failed: 0)
        default:
            return .connectFailed(field: ConnectForm.Field.allCases.randomElement(using: &rng), message: text, request)
        }
    }

    @Test(arguments: [1, 2, 3, 4])
    func twentyThousandRandomEvents(seed: UInt64) {
        var rng = SplitMix64(seed: seed)
        var state = UIFixtures.onRecord()
        let iterations = ProcessInfo.processInfo.environment["MONKEY_EVENTS"].flatMap(Int.init) ?? 5_000
        for i in 0..<iterations {
            let event: Event
            switch Int.random(in: 0..<100, using: &rng) {
            case 0..<70: event = .key(Self.keys.randomElement(using: &rng)!)
            case 70..<75: event = .key(.paste(Self.hostile.randomElement(using: &rng)!))
            case 75..<80: event = .resize(width: Int.random(in: 1...250, using: &rng), height: Int.random(in: 1...80, using: &rng))
            case 80..<85: event = .tick
            default: event = .result(Self.randomResult(&rng, state))
            }
            _ = Update.handle(event, &state)
            if state.shouldQuit {
                // Quitting is allowed; start again from a connected state to keep exercising.
                state = UIFixtures.onEmployee(width: state.width, height: state.height)
            }
            if i % 7 == 0 || i == iterations - 1 {
                let frame = Render.frame(state)
                #expect(frame.width == state.width && frame.height == state.height)
                for cell in frame.cells where cell.text.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                    Issue.record("seed \(seed), event \(i): unsafe scalar in a cell: \(cell.text.debugDescription)")
                    return
                }
                for y in 0..<frame.height where TextWidth.of(frame.row(y).map(\.text).joined()) > frame.width {
                    Issue.record("seed \(seed), event \(i): row \(y) overflows")
                    return
                }
            }
        }
        // Still alive and answering: close any overlay, then ? opens help.
        _ = Update.handle(.resize(width: 100, height: 30), &state)
        for _ in 0..<3 { _ = Update.handle(.key(.escape), &state) }
        if state.place == .connect { state.places = [.employees] }
        _ = Update.handle(.key(.char("?")), &state)
        #expect(state.place == .help)
        #expect(Render.frame(state).text.contains("Keys"))
    }
}
