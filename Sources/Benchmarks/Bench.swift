import BrowserCore
import DemoAPI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TechWolfAPI

/// In-process figures for `scripts/bench`: the key path (Update + Render) at two list sizes, a filter
/// keystroke over a large list, and a cache hit served to the record screen. One JSON object a line on
/// stdout: {"name", "unit", "median", "p10", "p90", "min", "max", "n"}.
///
///     twbrowse-bench [--quick] [--rows N]
@main
enum Bench {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst()
        let quick = arguments.contains("--quick")
        var bigRows = quick ? 20_000 : 100_000
        if let i = arguments.firstIndex(of: "--rows"), arguments.index(after: i) < arguments.endIndex,
           let n = Int(arguments[arguments.index(after: i)]) {
            bigRows = n
        }
        let keys = quick ? 400 : 3_000
        // `--only PREFIX`: one group of figures, for profiling (perf, valgrind --tool=callgrind).
        var only = ""
        if let i = arguments.firstIndex(of: "--only"), arguments.index(after: i) < arguments.endIndex {
            only = arguments[arguments.index(after: i)]
        }
        func wanted(_ name: String) -> Bool { only.isEmpty || name.hasPrefix(only) }

        // Per ↓ key in the employees list: the same work at 100 rows and at `bigRows` rows.
        if wanted("startup") {
            // Start-up work of `twbrowse --demo` before its first frame, each piece on its own (first use
            // in this process, so lazily built tables are included).
            report("startup_theme_default", unit: "us", [wallMicroseconds { blackHole(Theme.default) }])
            report("startup_demo_dataset", unit: "us", (0..<(quick ? 2 : 5)).map { _ in
                wallMicroseconds { blackHole(DemoDataSet(seed: DemoDataSet.standardSeed)) }
            })
        }
        if wanted("key_down_list") {
            // Interleaved key by key, so load from other processes hits both sizes alike.
            let (small, big) = perKeyPair(small: 100, big: bigRows, keys: keys)
            report("key_down_list_100", unit: "us", small)
            report("key_down_list_big", unit: "us", big, extra: ["rows": bigRows])
        }
        if wanted("filtered_key_down_list_big") {
            // The same with a filter active: the visible list is derived on every key.
            report("filtered_key_down_list_big", unit: "us", perKeyFiltered(rows: bigRows, keys: quick ? 20 : 60),
                   extra: ["rows": bigRows])
        }
        if wanted("filter_keystroke_big") {
            // One character typed into the `/` filter.
            report("filter_keystroke_big", unit: "us", filterKeystrokes(rows: bigRows, rounds: quick ? 5 : 15),
                   extra: ["rows": bigRows])
        }
        if wanted("key_n_record") {
            // The record screen: `n` (next record) with everything loaded.
            report("key_n_record", unit: "us", recordNext(keys: keys))
        }
        if wanted("page_decode") {
            // The first screen waits for this: GET /employees's first page (100 employees, ~70 KB) parsed
            // and decoded, as the client does with the demo server's answer.
            report("page_decode", unit: "us", try await pageDecode(iterations: quick ? 50 : 300))
        }
        if wanted("cache_hit") {
            // A warm cache: TechWolfService.interaction, then Update + Render of the record screen.
            let hit = try await cacheHit(iterations: quick ? 500 : 5_000)
            report("cache_hit_service", unit: "us", hit.service)
            report("cache_hit_to_screen", unit: "us", hit.total)
        }
    }

    // MARK: Measurements

    /// ↓ keys in two lists, alternating between them.
    static func perKeyPair(small: Int, big: Int, keys: Int) -> ([Double], [Double]) {
        var a = KeyRun(rows: small)
        var b = KeyRun(rows: big)
        for _ in 0..<20 { _ = a.step(); _ = b.step() }
        var sa: [Double] = [], sb: [Double] = []
        sa.reserveCapacity(keys)
        sb.reserveCapacity(keys)
        for _ in 0..<keys {
            sa.append(a.step())
            sb.append(b.step())
        }
        return (sa, sb)
    }

    /// A list at 100x30 and a selection moving down through the same 90-row stretch again and again.
    struct KeyRun {
        var state: AppState
        let base: Int
        let span: Int
        var moved = 0

        init(rows: Int) {
            state = Bench.listState(rows: rows)
            // Mid-list (at 100 rows: the top), so each run has the same mix of moves and scrolls.
            base = rows > 1_000 ? rows / 2 : 0
            span = min(90, rows - 1 - base)
            state.screens = [EmployeesScreen(position: Bench.position(base))]
        }

        /// One timed ↓ (Update + Render), in µs of this thread's CPU time.
        mutating func step() -> Double {
            if moved == span {
                state.screens = [EmployeesScreen(position: Bench.position(base))]
                moved = 0
            }
            let t0 = Bench.cpuNanoseconds()
            Bench.keyAndFrame(.down, &state)
            let t = Double(Bench.cpuNanoseconds() - t0) / 1_000
            moved += 1
            return t
        }
    }

    static func perKeyFiltered(rows: Int, keys: Int) -> [Double] {
        var state = listState(rows: rows)
        for key in [Key.char("/"), .char("d"), .char("a"), .char("t"), .char("a"), .enter] { _ = Update.handle(.key(key), &state) }
        var samples: [Double] = []
        for _ in 0..<keys {
            let t0 = cpuNanoseconds()
            keyAndFrame(.down, &state)
            samples.append(Double(cpuNanoseconds() - t0) / 1_000)
        }
        return samples
    }

    static func filterKeystrokes(rows: Int, rounds: Int) -> [Double] {
        var state = listState(rows: rows)
        _ = Update.handle(.key(.char("/")), &state)
        var samples: [Double] = []
        // "data" narrows step by step; each character is one keystroke (Update + Render), timed; the
        // backspaces that reset the field between rounds are not.
        let word: [Character] = ["d", "a", "t", "a"]
        keyAndFrame(.char("x"), &state)
        _ = Update.handle(.key(.backspace), &state)
        for _ in 0..<rounds {
            for c in word {
                let t0 = cpuNanoseconds()
                keyAndFrame(.char(c), &state)
                samples.append(Double(cpuNanoseconds() - t0) / 1_000)
            }
            for _ in word { _ = Update.handle(.key(.backspace), &state) }
        }
        return samples
    }

    static func recordNext(keys: Int) -> [Double] {
        let employee = "E-1001"
        let ids = (0..<40).map { CFormat.string("int-%08ld", $0) }
        var state = listState(rows: 100)
        for (i, id) in ids.enumerated() {
            state.interactionLists[employee, default: InteractionList()].add(id)
            let key = InteractionKey(employee: employee, interaction: id)
            state.records[key] = .loaded(record(id, i), .cache(age: 12))
        }
        state.vacancies["vac-0046"] = .resolved(vacancy)
        state.screens = [EmployeesScreen(), EmployeeScreen(employee: employee), RecordScreen(key: InteractionKey(employee: employee, interaction: ids[0]))]
        var samples: [Double] = []
        var forward = true
        var position = 0
        for _ in 0..<keys {
            if position == ids.count - 1 { forward = false }
            if position == 0 { forward = true }
            let t0 = cpuNanoseconds()
            keyAndFrame(.char(forward ? "n" : "p"), &state)
            samples.append(Double(cpuNanoseconds() - t0) / 1_000)
            position += forward ? 1 : -1
        }
        return samples
    }

    static func pageDecode(iterations: Int) async throws -> [Double] {
        let server = DemoServer()
        let url = try await server.start()
        let request = HTTPRequestSpec(url: URL(string: url.absoluteString + "/employees?limit=100&offset=0")!,
                                      headers: ["Authorization": "Bearer \(DemoServer.demoToken)"])
        let body = try await CurlTransport().send(request, timeout: 10).body
        await server.stop()
        let clock = ContinuousClock()
        return (0..<(iterations + 5)).compactMap { i in
            let t0 = clock.now
            blackHole(try? EmployeesPage(json: JSONParser.parse(body)))
            return i < 5 ? nil : microseconds(clock.now - t0)
        }
    }

    static func cacheHit(iterations: Int) async throws -> (service: [Double], total: [Double]) {
        let server = DemoServer()
        let url = try await server.start()
        let origin = try APIOrigin.baseURL(url.absoluteString)
        let config = ClientConfiguration(origin: origin, token: try AccessToken(DemoServer.demoToken))
        let service = TechWolfService(client: TechWolfClient(configuration: config))
        let pairs = Array(DemoDataSet.standard.worklist.prefix(20))
        let employee = pairs[0].employee
        let ids = pairs.filter { $0.employee == employee }.map(\.interaction)

        var state = listState(rows: 100)
        for id in ids {
            state.interactionLists[employee, default: InteractionList()].add(id)
            // Warm the cache and the screen's vacancies, as a session that has seen these records has.
            let fetched = try await service.interaction(employee: employee, interaction: id)
            if let v = fetched.value.vacancyID, state.vacancies[v] == nil {
                do {
                    state.vacancies[v] = .resolved(try await service.vacancy(v).value)
                } catch {
                    state.vacancies[v] = .failed(error.message)
                }
            }
        }
        await server.stop()

        var serviceSamples: [Double] = []
        var totalSamples: [Double] = []
        let clock = ContinuousClock()
        for i in 0..<(iterations + 50) {
            let k = InteractionKey(employee: employee, interaction: ids[i % ids.count])
            state.screens = [EmployeesScreen(), EmployeeScreen(employee: employee), RecordScreen(key: k)]
            let t0 = clock.now
            let fetched = try await service.interaction(employee: employee, interaction: ids[i % ids.count])
            let t1 = clock.now
            _ = Update.handle(.result(.batchMember(k, .success(fetched))), &state)
            blackHole(Render.frame(state))
            let t2 = clock.now
            guard i >= 50 else { continue }
            serviceSamples.append(microseconds(t1 - t0))
            totalSamples.append(microseconds(t2 - t0))
        }
        return (serviceSamples, totalSamples)
    }

    // MARK: States

    static let now = Date(timeIntervalSince1970: 1_764_460_800)

    static let positions = ["Data Scientist", "DevOps Engineer", "Ingénieure logicielle", "ソフトウェアエンジニア",
                            "Bäckereifachverkäuferin", "数据分析师", "Quality Inspector", "Product Manager",
                            "Data-Analyst (m/w/d)", "Mechanical Engineer", "Support Specialist", "Recruiter"]
    static let units = ["R&D", "Operations", "Sales", "Finance", "People", "Support"]

    /// The employees list at 100x30, connected, `rows` employees all loaded from the server.
    static func listState(rows: Int) -> AppState {
        var state = AppState()
        state.now = now
        state.timeZone = .system   // as the app: the C library's zone
        state.width = 100
        state.height = 30
        state.connection = ConnectionInfo(label: "127.0.0.1:8080", maskedToken: "…9xYz",
                                          expiresAt: now.addingTimeInterval(7_200), apiVersion: nil)
        state.screens = [EmployeesScreen()]
        var directory = EmployeeDirectory()
        var items: [EmployeeListItem] = []
        items.reserveCapacity(rows)
        for i in 0..<rows {
            let id = "E-\(100_000 + i)"
            let json = JSONValue.object([
                JSONMember("external_id", .string(id)),
                JSONMember("assigned_position", .string(positions[i % positions.count])),
                JSONMember("assigned_position_id", .string("pos-\(i % 97)")),
                JSONMember("active", .bool(i % 7 != 0)),
                JSONMember("organisational_unit", .string(units[i % units.count])),
                JSONMember("last_updated", .string("2025-\(CFormat.string("%02ld", 1 + i % 12))-\(CFormat.string("%02ld", 1 + i % 28))")),
            ])
            items.append(.full(try! Employee(json: json)))
        }
        directory.addPage(items)
        directory.serverCount = rows
        directory.nextOffset = nil
        state.directory = directory
        return state
    }

    static func position(_ row: Int) -> ListPosition {
        var p = ListPosition()
        p.selected = row
        p.top = row
        return p
    }

    static let vacancy = try! Vacancy(json: JSONParser.parse(#"{"external_id": "vac-0046", "job_title": "機械エンジニア", "company": "深圳示例科技有限公司"}"#))

    static func record(_ id: String, _ i: Int) -> InteractionRecord {
        let json = i % 2 == 0
            ? #"{"external_id": "\#(id)", "interaction_type": "vacancy_liked", "timestamp": "2023-02-17T12:18:36.903553", "vacancy_id": "vac-0046"}"#
            : #"{"external_id": "\#(id)", "interaction_type": "title_searched", "timestamp": "2024-03-01T09:15:00+02:00", "title": "mechanical engineer", "channel": "mobile"}"#
        return try! InteractionRecord(json: JSONParser.parse(json))
    }

    // MARK: Helpers

    static func keyAndFrame(_ key: Key, _ state: inout AppState) {
        blackHole(Update.handle(.key(key), &state))
        blackHole(Render.frame(state))
    }

    static func wallMicroseconds(_ body: () -> Void) -> Double {
        let clock = ContinuousClock()
        let t0 = clock.now
        body()
        return microseconds(clock.now - t0)
    }

    static func cpuNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    static func microseconds(_ d: Duration) -> Double {
        let (s, atto) = d.components
        return Double(s) * 1e6 + Double(atto) / 1e12
    }

    static func report(_ name: String, unit: String, _ samples: [Double], extra: [String: Int] = [:]) {
        let sorted = samples.sorted()
        func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p + 0.5))] }
        var fields = [
            "\"name\": \"\(name)\"", "\"unit\": \"\(unit)\"", "\"n\": \(sorted.count)",
            "\"median\": \(fmt(q(0.5)))", "\"p10\": \(fmt(q(0.1)))", "\"p90\": \(fmt(q(0.9)))",
            "\"min\": \(fmt(sorted.first ?? 0))", "\"max\": \(fmt(sorted.last ?? 0))",
        ]
        for (k, v) in extra.sorted(by: { $0.key < $1.key }) { fields.append("\"\(k)\": \(v)") }
        print("{" + fields.joined(separator: ", ") + "}")
        fflush(nil)
    }

    static func fmt(_ x: Double) -> String { CFormat.string("%.3f", x) }
}

@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
