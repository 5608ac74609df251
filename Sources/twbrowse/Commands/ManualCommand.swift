import ArgumentParser
import BrowserCore
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `twbrowse manual`: the man page (mdoc), made from the same tables as `--help` and the `?` screen, so
/// the three cannot disagree. The connection options are described once, not under every command that
/// takes them. scripts/install writes it to share/man/man1/twbrowse.1. Hidden: it is for the installer.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the man page (mdoc).",
        usage: "twbrowse manual",
        shouldDisplay: false
    )

    func run() throws {
        Console.out(try Manual.page(), verbatim: true)
    }
}

enum Manual {
    /// What ArgumentParser's `--experimental-dump-help` says of a command; only the parts the page uses.
    struct Info: Decodable {
        struct Argument: Decodable {
            struct Name: Decodable {
                let kind: String
                let name: String
            }
            let kind: String
            let names: [Name]?
            let valueName: String?
            let abstract: String?
            let sectionTitle: String?
            let shouldDisplay: Bool
        }
        let commandName: String
        let arguments: [Argument]?
        let subcommands: [Info]?
    }

    private struct Dump: Decodable {
        let command: Info
    }

    static func page() throws -> String {
        let root = try JSONDecoder().decode(Dump.self, from: Data(TWBrowse._dumpHelp().utf8)).command
        let shown = TWBrowse.configuration.subcommands.filter { $0.configuration.shouldDisplay }
        var out = [".Dd \(date())", ".Dt TWBROWSE 1", ".Os", ".Sh NAME", ".Nm twbrowse", ".Nd \(escape(TWBrowse.configuration.abstract))"]

        out.append(".Sh SYNOPSIS")
        for command in [TWBrowse.self] + shown {
            out += [".Nm", escape(String((command.configuration.usage ?? "").dropFirst("twbrowse ".count)))]
        }

        out.append(".Sh DESCRIPTION")
        out += paragraphs(TWBrowse.configuration.discussion)

        let options = root.arguments ?? []
        out += [".Sh OPTIONS", "Every command that talks to the API takes the connection options; the others apply to the browser.", ".Ss Connection"]
        out += optionList(options.filter { $0.sectionTitle == "Connection" })
        out.append(".Ss Browser")
        out += optionList(options.filter { $0.sectionTitle != "Connection" })

        out += [".Sh COMMANDS", ".Bl -tag -width Ds"]
        for command in shown {
            let name = command.configuration.commandName ?? ""
            out += [".It Nm \(escape(String((command.configuration.usage ?? name).dropFirst("twbrowse ".count))))", escape(command.configuration.abstract)]
            out += paragraphs(command.configuration.discussion)
            let own = root.subcommands?.first { $0.commandName == name }?.arguments?
                .filter { $0.kind != "positional" && $0.sectionTitle != "Connection" && !Self.everywhere.contains($0.names?.last?.name ?? "") } ?? []
            let list = optionList(own)
            if list.count > 2 { out += list }
        }
        out.append(".El")

        out += [".Sh KEYS", "In the browser; ? shows the same list, and the hint bar the keys of the screen at hand."]
        for group in ActionTable.groups {
            out += [".Ss \(escape(group.name))", ".Bl -tag -width Ds -compact"]
            for line in group.lines { out += [".It \(escape(line.keys))", escape(line.help)] }
            out.append(".El")
        }
        out += [".Ss Commands (after :)", ".Bl -tag -width Ds -compact"]
        for command in CommandTable.all { out += [".It \(escape(command.usage))", escape(command.help)] }
        out.append(".El")

        out += [".Sh ENVIRONMENT", ".Bl -tag -width Ds -compact"]
        for (name, text) in environment { out += [".It Ev \(name)", escape(text)] }
        out.append(".El")

        out += [".Sh FILES", ".Bl -tag -width Ds -compact",
                ".It Pa ${XDG_CONFIG_HOME:-~/.config}/twbrowse/config.yaml",
                "Profiles: tenant, region or base_url, api_version, theme, ca_file and where the token comes from (token_env, token_file, token_command, or client_id with client_secret_env, _file or _command). Never a token: such keys make the profile unusable. A bad profile leaves the others usable; twbrowse doctor names it.",
                ".It Pa --log-file PATH",
                "One line per request, created readable by its owner only; never a token or a header.",
                ".El"]

        out += [".Sh EXIT STATUS", ".Bl -tag -width Ds -compact"]
        for (code, text) in exitCodes { out += [".It \(code)", escape(text)] }
        out += [".It 130", "Interrupted (Ctrl-C).", ".El"]

        out += [".Sh EXAMPLES"]
        for (what, command) in examples { out += [".Pp", escape(what), ".Bd -literal -offset indent", escape(command), ".Ed"] }
        out += [".Sh SEE ALSO", ".Xr tmux 1 ,", ".Xr curl 1"]
        return out.joined(separator: "\n")
    }

    /// Options every command has, listed once under the browser's.
    static let everywhere: Set<String> = ["help", "version"]

    static let environment: [(String, String)] = [
        ("TECHWOLF_TOKEN", "The access token (the default source; --token-env names another variable)."),
        ("TECHWOLF_TENANT, TECHWOLF_REGION", "The tenant and region when not given as options."),
        ("TECHWOLF_BASE_URL", "An explicit API origin, unless --tenant or --region is given."),
        ("TWBROWSE_PROFILE", "The config profile to use, as --profile."),
        ("TWBROWSE_THEME", "The theme, as --theme."),
        ("TWBROWSE_LOG", "The request log, as --log-file."),
        ("NO_COLOR", "When set and not empty: no colour."),
        ("ESCDELAY", "Milliseconds to wait after Esc for the rest of a key's sequence (default 25)."),
        ("https_proxy, no_proxy", "A proxy for https requests, as curl reads them."),
        ("SSL_CERT_FILE, SSL_CERT_DIR, CURL_CA_BUNDLE", "The CAs https trusts, unless --ca-file or a profile's ca_file says."),
        ("TMUX, STY", "Inside tmux, copies need set-clipboard on (twbrowse asks tmux and says so when they would be dropped); inside GNU screen they go through screen's passthrough."),
    ]

    static let exitCodes: [(Int32, String)] = [
        (ExitCode.ok, "Success."),
        (ExitCode.unexpected, "An unexpected failure (or doctor found a problem)."),
        (ExitCode.usage, "Usage or invalid input; no request was sent."),
        (ExitCode.unauthorized, "The token was refused (401 or 403)."),
        (ExitCode.notFound, "Not found."),
        (ExitCode.network, "Network, timeout, refused redirect or server error; also a demo-server port in use."),
        (ExitCode.undecodable, "An undecodable or oversized response."),
        (130, "Interrupted: Ctrl-C (SIGINT), in the browser or during a command."),
    ]

    static let examples: [(String, String)] = [
        ("Browse the embedded demo API:", "twbrowse --demo"),
        ("Open the browser at one record:", "twbrowse --tenant company_xyz --region eu3 --employee E-1001 --interaction int-a1"),
        ("Print one record, decoded:", "twbrowse get --format text E-1001 int-a1"),
        ("Check a list of pairs, one JSON line each:", "twbrowse check --ids-file pairs.txt > results.jsonl"),
        ("Say what is wrong with the set-up:", "twbrowse --profile prod doctor"),
    ]

    static func optionList(_ arguments: [Info.Argument]) -> [String] {
        var out = [".Bl -tag -width Ds"]
        for argument in arguments where argument.shouldDisplay {
            let names = (argument.names ?? []).map { ($0.kind == "short" ? "-" : "--") + $0.name }
            guard !names.isEmpty else { continue }
            let value = argument.kind == "option" ? " Ar \(escape(argument.valueName ?? "value"))" : ""
            out += [".It Fl " + names.map { String($0.dropFirst()) }.joined(separator: " , Fl ") + value, escape(argument.abstract ?? "")]
        }
        out.append(".El")
        return out
    }

    /// A discussion's paragraphs, its lines kept as lines, without the exit-code line (the page has its
    /// own section for that).
    static func paragraphs(_ text: String) -> [String] {
        text.split(separator: "\n\n").map(String.init).filter { !$0.hasPrefix("Exit codes:") }
            .flatMap { paragraph in
                [".Pp"] + paragraph.split(separator: "\n").enumerated().flatMap { i, line in (i == 0 ? [] : [".br"]) + [escape(String(line))] }
            }
    }

    /// mdoc text: a backslash is `\e`; a line may not start with `.` or `'`.
    static func escape(_ text: String) -> String {
        let escaped = text.replacing("\\", with: "\\e")
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    private static func date() -> String {
        Date.now.formatted(Date.ISO8601FormatStyle().year().month().day())
    }
}
