import ArgumentParser
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
import Synchronization
import TechWolfAPI

struct CheckCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Fetch many (employee, interaction) pairs and report each as a JSON line.",
        usage: "twbrowse check [<options>] --ids-file <FILE|->",
        discussion: """
            Input: one pair a line, as `EMP INT`, `EMP,INT` or `EMP/INT`; blank lines and # comments are skipped; \
            bad lines are reported with their line number. Pairs go through the cache, so repeats cost nothing. \
            stdout gets one JSON line per pair in input order: {"line", "employee", "interaction", "status", \
            "source", "record"} or {..., "status": "error", "error": {"kind", "message"}}. On a terminal, stderr shows one \
            progress line while the run lasts; a summary goes to stderr at the end.

            Exit 0 only when every pair was found; otherwise the most serious failure's code \
            (3 unauthorized, 5 network/server, 6 undecodable, 4 not found, 2 bad input lines).

            \(ExitCode.help)
            """
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Option(name: .customLong("ids-file"), help: ArgumentHelp("File of pairs, or - for standard input.", valueName: "FILE|-"))
    var idsFile: String

    @Option(parsing: .unconditional, help: ArgumentHelp("How many requests may be in flight at once (1–64).", valueName: "N"))
    var concurrency: Int = 8

    func validate() throws {
        guard (1...64).contains(concurrency) else { throw ValidationError("--concurrency must be between 1 and 64") }
    }

    func run() async throws {
        let (entries, problems) = try InputFile.pairs(idsFile)
        for problem in problems { Console.error("\(idsFile == "-" ? "stdin" : idsFile): \(problem)") }
        let service = try await connection.service()

        let progress = Progress(total: entries.count, enabled: Console.stderrIsTerminal)
        progress.tick()
        let ticker = progress.enabled ? Task {
            while !Task.isCancelled {
                try? await Task.sleep(nanoseconds: 500_000_000)
                if !Task.isCancelled { progress.tick() }
            }
        } : nil
        let outcomes = await CheckRunner(service: service, concurrency: concurrency).run(entries) { done, line in
            progress.emit(line, done: done)
        }
        ticker?.cancel()
        progress.finish()

        let summary = CheckSummary(outcomes: outcomes, badLines: problems.count, pairs: entries.count)
        Console.errorRaw(summary.text)
        if summary.exitCode != 0 { throw CLIFailure(message: "", code: summary.exitCode) }
    }
}

enum InputFile {
    /// The pairs of a file, FIFO, `/dev/fd/N` or standard input ("-"), read as a stream with bounds
    /// (`WorklistReader`). Invalid UTF-8 is replaced, not fatal: the affected lines are reported by number.
    static func pairs(_ path: String) throws -> (entries: [WorklistEntry], problems: [WorklistProblem]) {
        do {
            return path == "-" ? try WorklistReader.read(fd: STDIN_FILENO) : try WorklistReader.read(path: path)
        } catch {
            throw CLIFailure(message: path == "-" ? "standard input: \(error.description)" : error.description, code: ExitCode.usage)
        }
    }
}

/// Fetches pairs with bounded concurrency and hands back JSON lines in input order.
struct CheckRunner {
    let service: TechWolfService
    let concurrency: Int

    struct Outcome: Sendable {
        let entry: WorklistEntry
        let result: Result<Fetched<JSONValue>, APIError>
    }

    func run(_ entries: [WorklistEntry], emit: (Int, String) -> Void) async -> [Outcome] {
        var outcomes: [Outcome?] = Array(repeating: nil, count: entries.count)
        var nextToEmit = 0
        var nextToStart = 0
        var done = 0
        let service = self.service
        await withTaskGroup(of: (Int, Outcome).self) { group in
            func start(_ i: Int) {
                let entry = entries[i]
                group.addTask {
                    (i, Outcome(entry: entry, result: await Self.fetch(entry, service)))
                }
            }
            while nextToStart < min(concurrency, entries.count) {
                start(nextToStart)
                nextToStart += 1
            }
            var unauthorized = false
            while let (i, outcome) = await group.next() {
                outcomes[i] = outcome
                done += 1
                if case .failure(let e) = outcome.result, case .unauthorized = e { unauthorized = true }
                while nextToEmit < entries.count, let ready = outcomes[nextToEmit] {
                    emit(done, Self.jsonLine(ready))
                    nextToEmit += 1
                }
                // A rejected token fails every pair the same way: stop sending it.
                if nextToStart < entries.count && !unauthorized {
                    start(nextToStart)
                    nextToStart += 1
                }
            }
        }
        return outcomes.compactMap { $0 }
    }

    private static func fetch(_ entry: WorklistEntry, _ service: TechWolfService) async -> Result<Fetched<JSONValue>, APIError> {
        do {
            let path = try TechWolfClient.interactionPath(employee: entry.employee, interaction: entry.interaction)
            return .success(try await service.json(path))
        } catch {
            return .failure(error)
        }
    }

    static func jsonLine(_ outcome: Outcome) -> String {
        var members = [
            JSONMember("line", .number(String(outcome.entry.line))),
            JSONMember("employee", .string(outcome.entry.employee)),
            JSONMember("interaction", .string(outcome.entry.interaction)),
        ]
        switch outcome.result {
        case .success(let fetched):
            members.append(JSONMember("status", .string("ok")))
            let source: String
            switch fetched.source {
            case .cache: source = "cache"
            case .shared: source = "shared"
            case .network: source = "network"
            }
            members.append(JSONMember("source", .string(source)))
            if let warning = IdentityCheck.warning(sent: fetched.value["external_id"]?.stringValue, requested: outcome.entry.interaction,
                                                   what: "record") {
                members.append(JSONMember("warning", .string(warning)))
            }
            members.append(JSONMember("record", fetched.value))
        case .failure(let error):
            members.append(JSONMember("status", .string("error")))
            members.append(JSONMember("error", .object([JSONMember("kind", .string(error.kind)), JSONMember("message", .string(error.message))])))
        }
        return JSONPrinter.compact(.object(members))
    }
}

struct CheckSummary {
    let outcomes: [CheckRunner.Outcome]
    let badLines: Int
    /// Pairs the input named; fewer are checked when the token is refused (the run stops sending it).
    let pairs: Int

    var found: Int { outcomes.filter { if case .success = $0.result { return true } else { return false } }.count }
    var errors: [APIError] { outcomes.compactMap { if case .failure(let e) = $0.result { return e } else { return nil } } }

    var text: String {
        var byKind: [String: Int] = [:]
        for e in errors { byKind[e.kind, default: 0] += 1 }
        var parts = ["\(outcomes.count) pair\(outcomes.count == 1 ? "" : "s") checked", "\(found) found"]
        parts += byKind.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key.replacingEvery("_", with: " "))" }
        if badLines > 0 { parts.append("\(badLines) bad line\(badLines == 1 ? "" : "s")") }
        if pairs > outcomes.count {
            parts.append("\(pairs - outcomes.count) not checked: the token was refused, so the run stopped sending it")
        }
        return "twbrowse check: " + parts.joined(separator: ", ")
    }

    var exitCode: Int32 {
        let codes = Set(errors.map(\.exitCode))
        for code in [ExitCode.unauthorized, ExitCode.network, ExitCode.undecodable, ExitCode.notFound, ExitCode.usage] where codes.contains(code) {
            return code
        }
        return badLines > 0 ? ExitCode.usage : ExitCode.ok
    }
}

/// "checked 120/181, 14 s" on stderr: one line, redrawn in place when an answer arrives and every half
/// second while none does (slow requests), only when stderr is a terminal. Lines for stdout go through it,
/// so that on a terminal they never land on the progress line; on a pipe nothing but those lines is written.
final class Progress: Sendable {
    private struct State {
        var done = 0
        var shown = false
        /// After `finish`, a late tick draws nothing.
        var finished = false
        var lastDraw = ContinuousClock.now
    }

    let total: Int
    let enabled: Bool
    private let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    private let started = ContinuousClock.now
    private let state = Mutex(State())

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    /// A result line for stdout, and the count of pairs done.
    func emit(_ line: String, done: Int) {
        state.withLock { state in
            state.done = done
            if state.shown && stdoutIsTerminal {
                Console.errorControl("\r\u{1B}[K")
                state.shown = false
            }
            Console.out(line)
            if !state.shown || ContinuousClock.now - state.lastDraw > .milliseconds(100) || done == total { draw(&state) }
        }
    }

    /// The timer's redraw: the elapsed time moves even when no answer came.
    func tick() {
        state.withLock { draw(&$0) }
    }

    /// Clears the line, so the summary after it is the only thing left.
    func finish() {
        state.withLock { state in
            if enabled && state.shown { Console.errorControl("\r\u{1B}[K") }
            state.shown = false
            state.finished = true
        }
    }

    private func draw(_ state: inout State) {
        guard enabled, !state.finished else { return }
        let seconds = Int((ContinuousClock.now - started) / .seconds(1))
        Console.errorControl("\r\u{1B}[Kchecked \(state.done)/\(total)" + (seconds > 0 ? ", \(seconds) s" : ""))
        state.shown = true
        state.lastDraw = .now
    }
}
