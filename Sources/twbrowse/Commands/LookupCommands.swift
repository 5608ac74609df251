import Foundation
import ArgumentParser
import TechWolfAPI

struct EmployeesCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "employees",
        abstract: "List employees (one page of GET /employees) as JSON.",
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    // Unconditional: `--offset -1` reaches the range check ("must be 0 or more") instead of reading as an option.
    @Option(parsing: .unconditional, help: "Page size, 1–200.")
    var limit: Int = 100

    @Option(parsing: .unconditional, help: "How many employees to skip.")
    var offset: Int = 0

    @Option(help: "Only active (true) or inactive (false) employees.")
    var active: Bool?

    func run() async throws {
        let query = try TechWolfClient.employeesQuery(limit: limit, offset: offset, active: active)
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
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Argument(help: "The employee's external ID.")
    var employeeID: String

    func run() async throws {
        let path = try TechWolfClient.employeePath(employeeID)
        let service = try await connection.service()
        let raw = try await service.json(path)
        do { _ = try Employee(json: raw.value) } catch { throw APIError.undecodable(error.message) }
        Console.out(JSONPrinter.pretty(raw.value))
    }
}

struct VacancyCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacancy",
        abstract: "Print one vacancy as JSON.",
        discussion: ExitCode.help
    )

    @OptionGroup(title: "Connection") var ownConnection: ConnectionOptions
    @ParentCommand var root: TWBrowse

    @Argument(help: "The vacancy's external ID.")
    var vacancyID: String

    func run() async throws {
        let path = try TechWolfClient.vacancyPath(vacancyID)
        let service = try await connection.service()
        let raw = try await service.json(path)
        do { _ = try Vacancy(json: raw.value) } catch { throw APIError.undecodable(error.message) }
        Console.out(JSONPrinter.pretty(raw.value))
    }
}

struct PingCommand: AsyncParsableCommand, ConnectedCommand {
    static let configuration = CommandConfiguration(
        commandName: "ping",
        abstract: "Check the connection and token with GET /version.",
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
        lines.append("version: " + TerminalText.excerpt(text.trimmingCharacters(in: .whitespacesAndNewlines), limit: 200))
        Console.out(lines.joined(separator: "\n"))
    }
}
