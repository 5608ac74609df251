#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import ArgumentParser
import TechWolfAPI

struct EmployeesCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "employees",
        abstract: "List employees (one page of GET /employees) as JSON.",
        usage: "twbrowse employees [<options>]",
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    // Unconditional: `--offset -1` reaches the range check ("must be 0 or more") instead of reading as an option.
    @Option(parsing: .unconditional, help: ArgumentHelp("Page size, 1–200.", valueName: "N"))
    var limit: Int = 100

    @Option(parsing: .unconditional, help: ArgumentHelp("How many employees to skip.", valueName: "N"))
    var offset: Int = 0

    @Option(help: ArgumentHelp("Only active (true) or inactive (false) employees (sent as is_active=).", valueName: "BOOL"))
    var active: Bool?

    @Option(name: .customLong("organisational-unit"), help: ArgumentHelp("Only employees of this organisational unit (sent as organisational_unit=).", valueName: "ID"))
    var organisationalUnit: String?

    func run() async throws {
        let query = try TechWolfClient.employeesQuery(limit: limit, offset: offset, active: active, unit: organisationalUnit)
        let service = try await connection.service()
        let raw = try await service.json(["employees"], query: query)
        // Check the shape so a wrong body is reported as undecodable, but print what the server sent.
        do { _ = try EmployeesPage(json: raw.value) } catch { throw APIError.undecodable(error.message) }
        Console.out(JSONPrinter.pretty(raw.value))
    }
}

struct EmployeeCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "employee",
        abstract: "Print one employee as JSON.",
        usage: "twbrowse employee [<options>] <employee-id>",
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Argument(help: "The employee's external ID.")
    var employeeID: String

    func run() async throws {
        let path = try TechWolfClient.employeePath(employeeID)
        let service = try await connection.service()
        let raw = try await service.json(path, query: TechWolfClient.includeCustomProperties)
        do { _ = try Employee(json: raw.value) } catch { throw APIError.undecodable(error.message) }
        Console.out(JSONPrinter.pretty(raw.value))
    }
}

struct VacancyCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacancy",
        abstract: "Print one vacancy (with its custom properties).",
        usage: "twbrowse vacancy [<options>] <vacancy-id>",
        discussion: "JSON (default) prints the vacancy exactly as the server sent it. Text prints the decoded view the browser shows: title, active, company ID, last updated, location, languages, description, custom properties and other fields.\n\n\(ExitCode.help)"
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Argument(help: "The vacancy's external ID.")
    var vacancyID: String

    @Option(help: ArgumentHelp("json (as sent), text (decoded), or curl (the equivalent curl command, with $TECHWOLF_TOKEN in place of the token).", valueName: "FORMAT"))
    var format: OutputFormat = .json

    func run() async throws {
        let path = try TechWolfClient.vacancyPath(vacancyID)
        switch format {
        case .curl:
            let origin = try connection.origin()
            let apiVersion = try connection.validatedAPIVersion()
            do {
                Console.out(try CurlCommand.vacancy(baseURL: origin.description + origin.basePath, vacancy: vacancyID, apiVersion: apiVersion))
            } catch {
                throw CLIFailure(message: "invalid \(error.field): \(error.message)", code: ExitCode.usage)
            }
        case .json:
            let raw = try await connection.service().json(path, query: TechWolfClient.includeCustomProperties)
            do { _ = try Vacancy(json: raw.value) } catch { throw APIError.undecodable(error.message) }
            Console.out(JSONPrinter.pretty(raw.value))
        case .text:
            let fetched = try await connection.service().vacancy(vacancyID)
            Console.out(RecordDescription.text(ProfileDescription.vacancy(fetched.value, id: vacancyID, source: fetched.source)))
        }
    }
}

struct PingCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Check the connection and token with GET /version.",
        usage: "twbrowse ping [<options>]",
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    func run() async throws {
        let service = try await connection.service()
        let config = service.configuration
        let (text, duration) = try await service.version()
        var lines = ["origin:  \(config.origin)", "status:  ok (\(Int((duration * 1000).rounded())) ms)"]
        lines.append("token:   \(config.token.masked)" + (config.token.claims?.expiryDescription().map { ", \($0)" } ?? ""))
        if let scopes = config.token.claims?.scopes, !scopes.isEmpty { lines.append("scopes:  \(scopes.joined(separator: " "))") }
        lines.append("version: " + TerminalText.excerpt(text.trimmingWhitespace(), limit: 200))
        Console.out(lines.joined(separator: "\n"))
    }
}
