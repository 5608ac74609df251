import ArgumentParser
import CProcessSetup
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

/// The process entry point: make the process unable to dump core and safe to write from, refuse a token
/// on the command line before anything else looks at argv, then parse, run, and turn every failure into
/// one line on stderr and a documented exit code. Every message, ArgumentParser's included (they quote
/// argv), is sanitised and redacted by `Console`.
@main
enum Entry {
    static func main() {
        // First: no core file and no ptrace of a process that is about to hold a token.
        _ = twb_harden_process()
        twb_malloc_use_one_arena()
        // The loader's table of pointer fix-ups is never read again after start: its pages go back now.
        _ = twb_release_relocation_pages()
        if let name = twb_skip_unused_gnutls_init() { ChildEnvironment.protect([String(cString: name)]) }
        let arguments = Array(CommandLine.arguments.dropFirst())
        // getenv, not ProcessInfo's dictionary of the whole environment: that costs a quarter of a
        // millisecond here, on the way to every command.
        let environmentToken = getenv(TokenSource.defaultVariable).map { String(cString: $0) }
        registerSecrets(environmentToken: environmentToken)
        if let reason = ArgvGuard.refusal(arguments, environmentToken: environmentToken) {
            Console.error(reason)
            exit(ExitCode.usage)
        }
        // The demo's data takes longer to make than anything else before its first frame: started now,
        // it is made while the rest starts.
        EarlyDemo.startIfAsked(arguments)
        // A synchronous main that parks its thread, not `async` main: that hands the main thread to
        // dispatch_main(), which ends it with pthread_exit, a forced unwind through every frame below it
        // that loads libgcc_s and reads the binary's unwind tables: about 0.5 MiB resident for nothing.
        // Nothing in twbrowse runs on the main actor or the main queue, so the parked thread is never
        // missed; detached, because main itself is on the main actor, whose queue the parked thread never
        // drains. Every path through `run` ends in exit().
        Task.detached { await run(arguments) }
        while true { pause() }
    }

    static func run(_ arguments: [String]) async -> Never {
        do {
            var command = try TWBrowse.parseAsRoot(arguments)
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            exit(0)
        } catch let failure as CLIFailure {
            if !failure.message.isEmpty { Console.error(failure.message) }
            exit(failure.code)
        } catch let error as APIError {
            Console.error(error.message)
            exit(error.exitCode)
        } catch {
            let code = TWBrowse.exitCode(for: error)
            let message = TWBrowse.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { Console.out(message) }
                exit(0)
            }
            // Argument errors: ArgumentParser's EX_USAGE (64) becomes the documented 2.
            if let hint = SubcommandHint.suggestion(arguments, message: message) { Console.error(hint) }
            Console.errorRaw(message)
            exit(ExitCode.usage)
        }
    }

    /// Secrets the environment already holds, so no output carries them even before they are used.
    static func registerSecrets(environmentToken: String?) {
        if let environmentToken { SecretRedaction.shared.register(environmentToken.trimmingWhitespace()) }
        var proxies: [String: String] = [:]
        for name in ProxyEnvironment.variables {
            if let value = getenv(name) { proxies[name] = String(cString: value) }
        }
        ProxyEnvironment.registerPasswords(environment: proxies)
    }
}
