import Foundation
import Testing

/// Messages a first-time user meets on the command line: each says what is wrong and what to do.
@Suite(.serialized) struct MessageTests {
    @Test func negativeOffsetSaysItMustBeZeroOrMore() async throws {
        let run = try await CLITests.run(["employees", "--offset", "-1", "--base-url", "http://127.0.0.1:9"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("must be 0 or more"), "\(run.stderr)")
    }

    /// A negative number after a numeric option is its value, not an option: the range check answers.
    @Test(arguments: [
        (["--timeout", "-3", "ping"], "--timeout must be a positive number of seconds"),
        (["get", "--timeout", "-3", "E-1", "int-1"], "--timeout must be a positive number of seconds"),
        (["--cache-ttl", "-1", "ping"], "--cache-ttl must be 0 or more seconds"),
        (["check", "--ids-file", "-", "--concurrency", "-2"], "--concurrency must be between 1 and 64"),
        (["employees", "--limit", "-5"], "limit"),
        (["demo-server", "--port", "-1"], "'-1' is invalid for '--port <PORT>'"),
    ])
    func negativeNumbersReadAsValues(_ arguments: [String], _ expected: String) async throws {
        let run = try await CLITests.run(arguments + ["--base-url", "http://127.0.0.1:9"])
        #expect(run.status == 2)
        #expect(run.stderr.contains(expected), "\(run.stderr)")
        #expect(!run.stderr.contains("Missing value"), "\(run.stderr)")
    }

    @Test func logFileInAMissingDirectorySaysSo() async throws {
        let run = try await CLITests.run(["--log-file", "/nonexistent-dir-twb/x.log", "ping", "--base-url", "http://127.0.0.1:9"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("the directory /nonexistent-dir-twb does not exist"), "\(run.stderr)")
    }

    @Test func twoTokenSourcesAskForOnlyOne() async throws {
        let run = try await CLITests.run(["ping", "--token-file", "/etc/hostname", "--token-env", "X", "--base-url", "http://127.0.0.1:9"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("give only one of --token-file, --token-command, --token-env"), "\(run.stderr)")
    }

    @Test func emptyTokenIsEmptyNotUnset() async throws {
        let empty = try await CLITests.run(["ping", "--base-url", "http://127.0.0.1:9"], token: "")
        #expect(empty.stderr.contains("TECHWOLF_TOKEN is set but empty"), "\(empty.stderr)")
        let unset = try await CLITests.run(["ping", "--base-url", "http://127.0.0.1:9"], token: nil)
        #expect(unset.stderr.contains("TECHWOLF_TOKEN is not set"), "\(unset.stderr)")
    }

    @Test func mistypedCommandSuggestsTheRightOne() async throws {
        let run = try await CLITests.run(["gett"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("did you mean `twbrowse get`?"), "\(run.stderr)")
        let other = try await CLITests.run(["emplyees"])
        #expect(other.stderr.contains("did you mean `twbrowse employees`?"), "\(other.stderr)")
    }

    @Test func doctorPipedWithOnlyTheTerminalMissingIsNotAProblem() async throws {
        let run = try await CLITests.run(["doctor", "--base-url", "http://127.0.0.1:9", "--timeout", "2"])
        // The origin refuses connections: one problem, the live check; the piped output is not one.
        #expect(run.stdout.contains("– full-screen UI"), "\(run.stdout)")
        #expect(run.stdout.contains("1 problem found"), "\(run.stdout)")
    }
}
