import ArgumentParser
import TechWolfAPI

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, text, curl
}

struct GetCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Print one employee interaction.",
        usage: "twbrowse get [<options>] <employee-id> <interaction-id>",
        discussion: "JSON (default) prints the record exactly as the server sent it, unknown fields included. Text prints the decoded view: timestamp in UTC, local time and relative, the vacancy's job title, warnings.\n\n\(ExitCode.help)"
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Argument(help: "The employee's external ID.")
    var employeeID: String

    @Argument(help: "The interaction's external ID.")
    var interactionID: String

    @Option(help: ArgumentHelp("json (as sent), text (decoded), or curl (the equivalent curl command, with $TECHWOLF_TOKEN in place of the token).", valueName: "FORMAT"))
    var format: OutputFormat = .json

    func run() async throws {
        // Validate the IDs before even reading the token: bad input never costs a request.
        let path = try TechWolfClient.interactionPath(employee: employeeID, interaction: interactionID)
        switch format {
        case .curl:
            // No token needed and no request sent: only the origin.
            let origin = try connection.origin()
            let apiVersion = try connection.validatedAPIVersion()
            do {
                Console.out(try CurlCommand.interaction(baseURL: origin.description + origin.basePath, employee: employeeID,
                                                        interaction: interactionID, apiVersion: apiVersion))
            } catch {
                throw CLIFailure(message: "invalid \(error.field): \(error.message)", code: ExitCode.usage)
            }
        case .json:
            let raw = try await connection.service().json(path)
            Console.out(JSONPrinter.pretty(raw.value))
        case .text:
            let service = try await connection.service()
            let fetched = try await service.interaction(employee: employeeID, interaction: interactionID)
            var vacancy: VacancyLookup?
            if let vacancyID = fetched.value.vacancyID {
                do {
                    vacancy = .resolved(try await service.vacancy(vacancyID).value)
                } catch {
                    vacancy = .failed(error.message)
                }
            }
            Console.out(RecordDescription.text(RecordDescription.lines(fetched.value, vacancy: vacancy, source: fetched.source)))
        }
    }
}
