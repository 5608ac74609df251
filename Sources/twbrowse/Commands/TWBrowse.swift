import ArgumentParser
import BrowserCore
import TechWolfAPI

struct TWBrowse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twbrowse",
        abstract: "Browse TechWolf employee interactions from the terminal.",
        usage: "twbrowse [<options>] [<subcommand>]",
        discussion: """
            With no command, opens the full-screen browser: it connects at once when tenant and region (or \
            --base-url) and a token are given, else shows the connect form. `twbrowse --demo` browses the \
            embedded demo API with no set-up. Inside, ? shows every key; q goes back and quits at the top.

            Ctrl-O and Tab (Alt-Left, Alt-Right) go back and forward through the places visited; :recent lists \
            the records opened. :w FILE writes the record, employee or vacancy shown exactly as the server sent \
            it, to a new file of mode 0600 (:w! replaces one; a symbolic link in its place is never followed). | shows its \
            JSON in PAGER (default less -R, run with /bin/sh -c), whose environment holds no TECHWOLF_TOKEN and \
            no variable a profile reads a token or secret from.

            The token is read from TECHWOLF_TOKEN, --token-file or --token-command; never from the command line.

            \(ExitCode.help)
            """,
        version: TWBrowseVersion.string,
        subcommands: [
            GetCommand.self, EmployeesCommand.self, EmployeeCommand.self, VacancyCommand.self,
            CheckCommand.self, PingCommand.self, DoctorCommand.self, ConfigCommand.self, CompletionsCommand.self, DemoServerCommand.self,
            ManualCommand.self,
        ]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions

    @Flag(help: "Browse the embedded demo API (started in this process on 127.0.0.1) with its worklist loaded.")
    var demo = false

    @Option(help: ArgumentHelp("Open straight at this employee.", valueName: "ID"))
    var employee: String?

    @Option(help: ArgumentHelp("With --employee: open straight at this interaction record.", valueName: "ID"))
    var interaction: String?

    @Option(help: ArgumentHelp("Load (employee, interaction) pairs from a file, in the format `check` reads.", valueName: "FILE"))
    var worklist: String?

    @Option(help: ArgumentHelp("Theme name or YAML file (env TWBROWSE_THEME): \(Theme.bundledNames.joined(separator: ", ")). NO_COLOR forces monochrome.", valueName: "NAME|PATH"),
            completion: .list(Theme.bundledNames))
    var theme: String?

    @Flag(name: .customLong("no-mouse"), help: "Do not take mouse clicks and the wheel (or `mouse: false` in the config file); Shift-drag selects text either way.")
    var noMouse = false

    var launchOptions: UILauncher.Options {
        UILauncher.Options(connection: connection, demo: demo, employee: employee, interaction: interaction,
                           worklist: worklist, theme: theme, mouse: !noMouse)
    }

    func run() async throws {
        try await UILauncher.run(launchOptions)
    }
}
