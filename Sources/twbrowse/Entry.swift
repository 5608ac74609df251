import ArgumentParser
import Foundation
import TechWolfAPI

/// The process entry point: refuse a token on the command line before anything else looks at argv, then
/// parse, run, and turn every failure into one line on stderr and a documented exit code.
@main
enum Entry {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if let reason = ArgvGuard.refusal(arguments, environment: ProcessInfo.processInfo.environment) {
            Console.error(reason)
            exit(ExitCode.usage)
        }
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
