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

    /// Every command's usage line has one form: the command, `[<options>]`, then its arguments.
    @Test func usageLinesHaveOneForm() async throws {
        let expected = [
            "": "twbrowse [<options>] [<subcommand>]",
            "get": "twbrowse get [<options>] <employee-id> <interaction-id>",
            "employees": "twbrowse employees [<options>]",
            "employee": "twbrowse employee [<options>] <employee-id>",
            "vacancy": "twbrowse vacancy [<options>] <vacancy-id>",
            "check": "twbrowse check [<options>] --ids-file <FILE|->",
            "ping": "twbrowse ping [<options>]",
            "doctor": "twbrowse doctor [<options>]",
            "demo-server": "twbrowse demo-server [<options>]",
            "completions": "twbrowse completions <shell>",
        ]
        for (command, usage) in expected {
            let help = try await CLITests.run((command.isEmpty ? [] : [command]) + ["--help"])
            let line = help.stdout.split(separator: "\n").first { $0.hasPrefix("USAGE: ") }.map { String($0.dropFirst("USAGE: ".count)) }
            #expect(line == usage, "\(command): \(line ?? help.stdout)")
            // Value names are upper case, like the connection options' (<NAME>, <SECONDS>).
            let lowerValue = help.stdout.split(separator: "\n").first { $0.hasPrefix("  --") && $0.contains(" <") && $0.contains(where: \.isLowercase) && $0.split(separator: " ")[1].dropFirst().first?.isLowercase == true }
            #expect(lowerValue == nil, "\(command): \(lowerValue ?? "")")
        }
    }

    /// Completion scripts offer the theme names, the config's profiles (asked of the binary as the user
    /// types) and the shells.
    @Test func completionsKnowThemesProfilesAndShells() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-xdg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("twbrowse"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "profiles:\n  prod:\n    tenant: a\n    region: eu3\n  staging:\n    base_url: https://x.example\n  leaky:\n    token: abcdefghij\n"
            .write(to: dir.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
        // Each shell's own way of writing the completions command's three words.
        let shellWords = ["bash": "'bash'$'\\n''zsh'$'\\n''fish'", "zsh": "'bash' 'zsh' 'fish'", "fish": "'bash zsh fish'"]
        for (shell, words) in shellWords {
            let script = try await CLITests.run(["completions", shell]).stdout
            #expect(script.contains("high-contrast") && script.contains("colorblind"), "\(shell): theme names")
            #expect(script.contains("---completion -- --profile"), "\(shell): profile names come from the binary")
            #expect(script.contains(words), "\(shell): the shells")
        }
        let names = try await CLITests.run(["---completion", "--", "--profile", "1", "0"], extraEnvironment: ["XDG_CONFIG_HOME": dir.path])
        #expect(names.stdout.split(separator: "\n") == ["prod", "staging"], "\(names.stdout) \(names.stderr)")
        #expect(names.stderr.isEmpty, "nothing may land on the user's command line: \(names.stderr)")
    }

    /// The man page describes the connection options once, has the sections a reader looks for, and its
    /// keys come from the action table (the same text as the ? screen).
    @Test func manPageIsConcise() async throws {
        let run = try await CLITests.run(["manual"])
        #expect(run.status == 0, "\(run.stderr)")
        let page = run.stdout
        for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "KEYS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES"] {
            #expect(page.contains("\n.Sh \(section)\n"), "no \(section) section")
        }
        for option in ["tenant", "timeout", "token-file", "profile", "log-file", "help", "version"] {
            let count = page.components(separatedBy: "\n.It Fl -\(option)").count - 1 + page.components(separatedBy: ", Fl -\(option)").count - 1
            #expect(count == 1, "--\(option) is described \(count) times")
        }
        for command in ["get", "employees", "employee", "vacancy", "check", "ping", "doctor", "config", "completions", "demo-server"] {
            #expect(page.contains("\n.It Nm \(command) ") || page.contains("\n.It Nm \(command)\n"), "no \(command)")
        }
        #expect(page.contains("Toggle the raw JSON view") && page.contains(":profile NAME"), "keys and : commands")
        #expect(!page.contains("\n.It Nm manual"), "the page's own command is hidden")
        #expect(!page.split(separator: "\n").contains { $0.hasPrefix("'") || ($0.hasPrefix(".") && $0.dropFirst().first?.isLetter == false && !$0.hasPrefix(".\\\"")) }, "no stray control lines")
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
