import ArgumentParser
import TechWolfAPI

struct TWBrowse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "twbrowse",
        abstract: "Browse TechWolf employee interactions from the terminal.",
        discussion: """
            The token is read from TECHWOLF_TOKEN, --token-file or --token-command; never from the command line.

            \(ExitCode.help)
            """,
        version: TWBrowseVersion.string,
        subcommands: [
            GetCommand.self, EmployeesCommand.self, EmployeeCommand.self, VacancyCommand.self,
            CheckCommand.self, PingCommand.self, DemoServerCommand.self,
        ]
    )

    @OptionGroup(title: "Connection") var connection: ConnectionOptions
}
