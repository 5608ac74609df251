import ArgumentParser
import DemoAPI
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TechWolfAPI

struct DemoServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo-server",
        abstract: "Run the embedded TechWolf-compatible demo API on 127.0.0.1 in the foreground.",
        usage: "twbrowse demo-server [<options>]",
        discussion: "Prints its base URL and demo token. The data set is deterministic: 240 employees and their interactions. Stop with Ctrl-C."
    )

    @Option(parsing: .unconditional, help: ArgumentHelp("Port on 127.0.0.1 (0 picks a free one).", valueName: "PORT"))
    var port: UInt16 = 0

    @Option(help: ArgumentHelp("Also write the data set's (employee, interaction) pairs to this file, in the format `check --ids-file` reads.", valueName: "FILE"))
    var worklist: String?

    /// The browser's own `--worklist` has the same name and ArgumentParser hands the value to the parent
    /// command, so both are read.
    @ParentCommand var root: TWBrowse

    func run() async throws {
        let worklist = self.worklist ?? root.worklist
        // `twbrowse --worklist pairs.txt demo-server` hands the browser's input file to this option too: only
        // a new file or an earlier demo worklist is written, never someone's data, a device, FIFO or link.
        if let worklist {
            do { try DemoWorklistFile.write(DemoDataSet.standard.worklistText(), to: worklist) } catch {
                throw CLIFailure(message: error.description, code: ExitCode.usage)
            }
        }
        let server = DemoServer(port: port)
        let url: URL
        do {
            url = try await server.start()
        } catch DemoServerError.cannotListen(let reason) where reason == String(cString: strerror(EADDRINUSE)) {
            throw CLIFailure(message: "cannot start the demo server: port \(port) on 127.0.0.1 is already in use; choose another with --port", code: ExitCode.network)
        } catch {
            throw CLIFailure(message: "cannot start the demo server on 127.0.0.1:\(port): \(error)", code: ExitCode.unexpected)
        }
        let sample = DemoDataSet.standard.worklist.first
        // Console.write, not out: the demo token is meant to be shown here.
        _ = Console.write(STDOUT_FILENO, """
            twbrowse demo API listening on \(url.absoluteString)
            demo token: \(DemoServer.demoToken)

            Try it:
              export TECHWOLF_TOKEN='\(DemoServer.demoToken)'
              twbrowse --base-url \(url.absoluteString) get \(sample?.employee ?? "E-1001") \(sample?.interaction ?? "ID")
              twbrowse --base-url \(url.absoluteString) check --ids-file \(worklist.map { ShellQuote.word(TerminalText.sanitize($0)) } ?? "worklist.txt")
            Stop with Ctrl-C.

            """)
        // Serve until interrupted; the default SIGINT action ends the process.
        while true {
            try await Task.sleep(nanoseconds: 3_600_000_000_000)
        }
    }
}
