import ArgumentParser
import CMallocTuning
import Foundation
import TechWolfAPI

/// The process entry point: refuse a token on the command line before anything else looks at argv, then
/// parse, run, and turn every failure into one line on stderr and a documented exit code.
@main
enum Entry {
    static func main() async {
        twb_malloc_use_one_arena()
        let arguments = Array(CommandLine.arguments.dropFirst())
        // getenv, not ProcessInfo's dictionary of the whole environment: that costs a quarter of a
        // millisecond here, on the way to every command.
        let environmentToken = getenv(TokenSource.defaultVariable).map { String(cString: $0) }
        if let reason = ArgvGuard.refusal(arguments, environmentToken: environmentToken) {
            Console.error(reason)
            exit(ExitCode.usage)
        }
        // The demo's data takes longer to make than anything else before its first frame: started now,
        // it is made while the rest starts.
        EarlyDemo.startIfAsked(arguments)
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
                if !message.isEmpty { print(message) }
                exit(0)
            }
            // Argument errors: ArgumentParser's EX_USAGE (64) becomes the documented 2.
            Console.errorRaw(message)
            exit(ExitCode.usage)
        }
    }
}
