import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A helper program (openssl, the python relay) run by the tests. Its methods block; async callers reach
/// them through `onPlainThread`.
///
/// Processes are waited for with a termination handler, not `waitUntilExit` (which spins a thread that has
/// no run loop), and stopped with SIGKILL: a child spawned from a thread that blocks SIGTERM, as the
/// concurrency pool's and dispatch's threads do, inherits the block and would ignore `terminate()`.
/// The child's stdin is a pipe this object holds open: a child that exits at end of input (the relay)
/// goes with the test process however that ends.
final class ChildProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let process = Process()
    private let name: String
    private let exited = DispatchSemaphore(value: 0)
    private let input = Pipe()
    private let output = Pipe()
    private let errors = Pipe()
    private let condition = NSCondition()
    private var lines: [String] = []
    private var errorText = ""
    private var readersDone = 0
    private var running = false

    /// Starts `executable`; every complete line it prints goes to `onLine` (on a reader thread) and is kept.
    init(_ executable: String, _ arguments: [String], directory: String? = nil,
         onLine: @escaping @Sendable (String) -> Void = { _ in }) throws {
        name = URL(fileURLWithPath: executable).lastPathComponent
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        let exited = exited
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        running = true
        startReader(output.fileHandleForReading.fileDescriptor) { [self] line in
            condition.withLock {
                lines.append(line)
                condition.broadcast()
            }
            onLine(line)
        }
        startReader(errors.fileHandleForReading.fileDescriptor) { [self] line in
            condition.withLock { errorText = String((errorText + line + "\n").suffix(2000)) }
        }
    }

    deinit {
        if running, process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Runs `executable` to its end and returns what it printed; throws when it fails or takes over a minute.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> String {
        let finished = try outcome(executable, arguments, directory: directory)
        guard finished.status == 0 else {
            let name = URL(fileURLWithPath: executable).lastPathComponent
            throw Failure(description: "\(name) \(arguments.prefix(2).joined(separator: " ")) exited with \(finished.status): \(finished.errors)")
        }
        return finished.output
    }

    /// Runs `executable` to its end: its exit status, what it printed, and the end of what it wrote to stderr.
    static func outcome(_ executable: String, _ arguments: [String], directory: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        let child = try ChildProcess(executable, arguments, directory: directory)
        child.closeInput()
        guard child.waitForExit(within: 60) else {
            child.stop()
            throw Failure(description: "\(child.name) \(arguments.first ?? "") did not finish within a minute")
        }
        child.waitForReaders()
        let printed = child.condition.withLock { child.lines.joined(separator: "\n") }
        return (child.process.terminationStatus, printed, child.stderr)
    }

    /// Ends the child's input, as a closed terminal or a crashed parent would.
    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// True once the child has exited, false if it is still running after `timeout`.
    func waitForExit(within timeout: TimeInterval) -> Bool {
        guard running else { return true }
        guard exited.wait(timeout: .now() + timeout) == .success else { return false }
        running = false
        return true
    }

    /// The first line printed so far or within `timeout` that `match` turns into a value.
    func firstLine<T>(within timeout: TimeInterval, _ match: (String) -> T?) -> T? {
        let deadline = Date().addingTimeInterval(timeout)
        return condition.withLock {
            var checked = 0
            while true {
                while checked < lines.count {
                    if let found = match(lines[checked]) { return found }
                    checked += 1
                }
                if readersDone == 2 || !condition.wait(until: deadline) { return nil }
            }
        }
    }

    /// The last lines the child wrote to stderr, for error messages.
    var stderr: String { condition.withLock { errorText.trimmingCharacters(in: .whitespacesAndNewlines) } }

    /// Kills the child and waits until it is gone.
    func stop() {
        guard running else { return }
        running = false
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        _ = exited.wait(timeout: .now() + 10)
        closeInput()
    }

    private func waitForReaders() {
        let deadline = Date().addingTimeInterval(5)
        condition.withLock {
            while readersDone < 2, condition.wait(until: deadline) {}
        }
    }

    /// Reads `fd` on a plain thread until end of file, one line at a time.
    private func startReader(_ fd: Int32, _ onLine: @escaping @Sendable (String) -> Void) {
        let thread = Thread { [self] in
            var pending = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: 10) {
                    onLine(String(decoding: pending[..<newline], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { onLine(String(decoding: pending, as: UTF8.self)) }
            condition.withLock {
                readersDone += 1
                condition.broadcast()
            }
        }
        thread.name = "ChildProcess.\(name)"
        thread.start()
    }
}

/// Blocking work (processes, pipes) on a plain thread, never on the concurrency pool.
func onPlainThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
