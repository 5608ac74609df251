import Foundation

/// Drives a program in a real pseudo-terminal through tmux: start it at a size, send keys, read the screen.
/// Each instance has its own tmux server socket, so tests never touch the user's sessions.
final class Tmux: @unchecked Sendable {
    let socket: String
    let session = "e2e"

    init() {
        socket = "twbrowse-e2e-\(UUID().uuidString.prefix(8))"
    }

    /// Runs one tmux command and returns its output.
    ///
    /// Not Foundation's `Process`: on Linux it learns that a child exited when a socket the child inherited
    /// closes, and the tmux server that `new-session` forks inherits that socket and keeps it open for
    /// ever. `posix_spawn` with every descriptor above stderr closed avoids that; output goes through a file.
    @discardableResult
    func tmux(_ args: [String], environment: [String: String]? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        // Close every other descriptor (glibc's closefrom action is not visible to Swift).
        let open = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for fd in open.compactMap(Int32.init) where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv = ["tmux", "-L", socket] + args
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var cArgs = argv.map { strdup($0) } + [nil]
        var cEnv = env.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        // An empty signal mask: the calling thread (a dispatch worker) blocks SIGCHLD, and a tmux server
        // that inherits that never reaps its panes nor exits on kill-server.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArgs, &cEnv)
        guard rc == 0 else { throw E2EError(message: "cannot run tmux: \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
    }

    /// Starts `command` in a fresh tmux server. The environment reaches the program through the server's
    /// own environment, never through a command line (where a token would show in `ps`).
    /// `options`: more lines for the server's config (`set -g set-clipboard off`).
    func start(_ command: [String], environment: [String: String], width: Int = 100, height: Int = 30, options: [String] = []) throws {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        for k in ["TECHWOLF_TOKEN", "TECHWOLF_TENANT", "TECHWOLF_REGION", "TECHWOLF_BASE_URL", "TMUX"] where environment[k] == nil { env[k] = nil }
        // remain-on-exit from the config, so a program that exits at once still leaves its status and screen.
        let config = configPath
        try (["set -g remain-on-exit on"] + options).map { $0 + "\n" }.joined().write(toFile: config, atomically: true, encoding: .utf8)
        try tmux(["-f", config, "new-session", "-d", "-s", session, "-x", String(width), "-y", String(height),
                  command.map(Self.quote).joined(separator: " ")], environment: env)
    }

    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", session] + keys)
    }

    func sendLiteral(_ text: String) throws {
        try tmux(["send-keys", "-t", session, "-l", text])
    }

    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", session])
    }

    /// The screen and the scrollback above it (a program's first lines can scroll out while tmux sizes the pane).
    func screenWithHistory() throws -> String {
        try tmux(["capture-pane", "-p", "-S", "-100", "-t", session])
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// Sends a signal (`TERM`, `HUP`, …) to the program in the pane.
    func signal(_ name: String) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/kill")
        p.arguments = ["-\(name)", try format("#{pane_pid}")]
        try p.run()
        p.waitUntilExit()
    }

    func format(_ f: String) throws -> String {
        try tmux(["display-message", "-p", "-t", session, f]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Polls the screen until `predicate` holds, or fails after `timeout` seconds with the last screen.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw E2EError(message: "timed out waiting for \(what); screen was:\n\(last)")
    }

    func waitFor(text: String, timeout: TimeInterval = 10) throws {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    /// Ends the server and removes what it leaves behind: tmux keeps its socket file after kill-server.
    func kill() {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.removeItem(atPath: configPath)
    }

    /// Where tmux puts a `-L` socket: `$TMUX_TMPDIR` (else /tmp), then `tmux-UID`.
    var socketPath: String {
        let base = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return "\(base)/tmux-\(getuid())/\(socket)"
    }

    var configPath: String {
        FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(socket).conf").path
    }

    static func quote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static var available: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }
}

/// Runs blocking work (tmux calls, polling the screen) on a plain thread, so it never occupies the Swift
/// concurrency pool that the in-process demo server needs to answer the program under test.
func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}

struct E2EError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
