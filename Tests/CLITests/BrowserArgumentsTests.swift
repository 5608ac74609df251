import ArgumentParser
import Foundation
import Testing
@testable import DemoAPI
@testable import twbrowse

/// `BrowserArguments` reads the browser's command line without ArgumentParser; these check that it never
/// reads one differently: whatever it accepts, ArgumentParser accepts with the same values.
@Suite struct BrowserArgumentsTests {
    /// Every value, as text, so two readings compare field by field.
    static func fields(_ o: UILauncher.Options) -> [String: String] {
        let c = o.connection
        func t(_ v: String?) -> String { v ?? "nil" }
        func d(_ v: Double?) -> String { v.map { "\($0)" } ?? "nil" }
        return ["tenant": t(c.tenant), "region": t(c.region), "base-url": t(c.baseURL), "api-version": t(c.apiVersion),
                "timeout": d(c.timeout), "token-file": t(c.tokenFile), "token-command": t(c.tokenCommand),
                "token-env": t(c.tokenEnv), "profile": t(c.profile), "cache-ttl": d(c.cacheTTL), "log-file": t(c.logFile),
                "demo": "\(o.demo)", "employee": t(o.employee), "interaction": t(o.interaction),
                "worklist": t(o.worklist), "theme": t(o.theme)]
    }

    static func argumentParserReading(_ arguments: [String]) throws -> UILauncher.Options? {
        (try TWBrowse.parseAsRoot(arguments) as? TWBrowse)?.launchOptions
    }

    /// Accepted by the fast reader means: ArgumentParser reads the same values.
    static func agree(_ arguments: [String]) -> String? {
        guard let fast = BrowserArguments.parse(arguments) else { return nil }
        do {
            guard let slow = try argumentParserReading(arguments) else {
                return "\(arguments): ArgumentParser chose a subcommand"
            }
            return fields(fast) == fields(slow) ? nil : "\(arguments): \(fields(fast)) vs \(fields(slow))"
        } catch {
            return "\(arguments): accepted here, refused by ArgumentParser (\(error))"
        }
    }

    @Test func everyRootOptionInTheHelpIsKnown() {
        let help = TWBrowse.helpMessage(columns: 400)
        let regex = try! NSRegularExpression(pattern: "--[a-z][a-z-]*")
        let names = Set(regex.matches(in: help, range: NSRange(help.startIndex..., in: help)).map {
            String(help[Range($0.range, in: help)!].dropFirst(2))
        })
        let known = BrowserArguments.valueOptions.union(BrowserArguments.flags).union(["help", "version"])
        #expect(names.subtracting(known).isEmpty, "options in --help that BrowserArguments does not know: \(names.subtracting(known))")
        #expect(known.subtracting(names).isEmpty, "options BrowserArguments knows that --help does not list: \(known.subtracting(names))")
        // A ConnectionOptions property that the memberwise initialiser forgot would trap when read.
        #expect(Mirror(reflecting: ConnectionOptions()).children.count == 11, "update ConnectionOptions.init(tenant:…) and BrowserArguments")
    }

    @Test func plainBrowserCommandLinesAreReadTheSame() throws {
        let lines: [[String]] = [
            [], ["--demo"], ["--tenant", "acme", "--region=eu3"], ["--base-url", "http://127.0.0.1:9", "--timeout", "2.5"],
            ["--profile", "prod", "--theme", "light", "--employee", "E-1001", "--interaction", "int-a1"],
            ["--demo", "--worklist", "/tmp/pairs.txt", "--cache-ttl", "0", "--log-file=/tmp/log"],
            ["--token-file", "/run/t", "--api-version", "2024-01-01", "--timeout=0x10"],
            ["--token-command", "pass show tw", "--theme=a=b"], ["--token-env", "MY_TOKEN", "--tenant", "ünïcode"],
        ]
        for line in lines {
            #expect(BrowserArguments.parse(line) != nil, "\(line) should be read without ArgumentParser")
            #expect(Self.agree(line) == nil, "\(Self.agree(line) ?? "")")
        }
    }

    @Test func everythingElseIsLeftToArgumentParser() {
        let lines: [[String]] = [
            ["--help"], ["-h"], ["--version"], ["get", "E-1"], ["doctor"], ["--tenant"], ["--tenant", "--demo"],
            ["--demo", "--demo"], ["--tenant", "a", "--tenant", "b"], ["--timeout", "0"], ["--timeout", "abc"],
            ["--timeout", "inf"], ["--cache-ttl", "-1"], ["--token-file", "a", "--token-env", "B"], ["--demo=yes"],
            ["--"], ["--tenant="], ["--unknown"], ["--demo", "extra"], ["-x"], ["--timeout", " 5"],
        ]
        for line in lines {
            #expect(BrowserArguments.parse(line) == nil, "\(line) must go to ArgumentParser")
        }
    }

    @Test func generatedCommandLinesNeverReadDifferently() {
        var rng = SplitMix64(seed: 0x6272_6f77_7365)
        let names = Array(BrowserArguments.valueOptions) + ["demo", "demo", "help", "version", "token", "tenants", ""]
        let values = ["acme", "eu3", "https://h.example", "http://127.0.0.1:8080", "2024-01-01", "5", "0.5", "0", "-1",
                      "1e3", "inf", "nan", "0x10", " 5", "", "a=b", "-x", "--demo", "E-1001", "int-abc", "dark",
                      "/tmp/x y", "ünïcode", "5s", "get", "=", "--", "+3", ".5", "1_000"]
        var accepted = 0
        for _ in 0..<3000 {
            var line: [String] = []
            for _ in 0..<rng.int(in: 0...5) {
                let name = names[rng.int(in: 0...(names.count - 1))]
                let value = values[rng.int(in: 0...(values.count - 1))]
                switch rng.int(in: 0...5) {
                case 0: line.append("--\(name)")
                case 1: line.append("--\(name)=\(value)")
                case 2: line.append(value)
                default: line += ["--\(name)", value]
                }
            }
            if BrowserArguments.parse(line) != nil { accepted += 1 }
            if let problem = Self.agree(line) {
                Issue.record(Comment(rawValue: problem))
                return
            }
        }
        #expect(accepted > 200, "too few generated lines were plain enough to compare: \(accepted)")
    }
}
