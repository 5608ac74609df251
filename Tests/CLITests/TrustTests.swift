import DemoAPI
import Foundation
import Testing
import TestSupport

/// `twbrowse get` over https against the demo API behind a TLS front whose CA is not in the system store:
/// each way of trusting that CA works, and without one the command stops after one attempt, exits 5 and
/// says what was wrong with the certificate.
@Suite(.serialized, .enabled(if: LocalTools.httpsToolsInstalled && LocalTools.libcurlInstalled, "needs openssl, python3 and libcurl"))
struct TrustTests {
    /// This machine (and many CI images) set the three variables to the system store; every run starts
    /// from none of them, so each case sets exactly what it tests. An empty value counts as unset.
    static let noTrustVariables = ["CURL_CA_BUNDLE": "", "SSL_CERT_FILE": "", "SSL_CERT_DIR": ""]

    /// The demo behind a TLS front presenting `leaf` (the good one when nil), and a `get` of its first pair.
    static func withFront(leaf: TestCA.Leaf? = nil,
                          _ body: (_ front: TLSFront, _ get: [String]) async throws -> Void) async throws {
        try await CLITests.withServer { _, url in
            let port = try #require(URL(string: url)?.port)
            let front = try await TLSFront.start(backendPort: port, leaf: leaf)
            let get = ["get", CLITests.pair.employee, CLITests.pair.interaction, "--base-url", front.baseURL.absoluteString]
            do { try await body(front, get) } catch { await front.stop(); throw error }
            await front.stop()
        }
    }

    static func expectRecord(_ run: CLITests.Run, _ how: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(run.status == 0, "\(how): exit \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.contains(CLITests.pair.interaction), "\(how): \(run.stdout.prefix(200))", sourceLocation: sourceLocation)
    }

    @Test func eachWayOfTrustingTheCAWorks() async throws {
        let ca = try TestCA.shared()
        try await Self.withFront { _, get in
            let cases: [(String, [String], [String: String])] = [
                ("SSL_CERT_FILE", [], ["SSL_CERT_FILE": ca.certificate]),
                ("CURL_CA_BUNDLE", [], ["CURL_CA_BUNDLE": ca.certificate]),
                ("SSL_CERT_DIR", [], ["SSL_CERT_DIR": ca.hashedDirectory]),
                ("--ca-file", ["--ca-file", ca.certificate], [:]),
                ("the system bundle with the CA appended", ["--ca-file", ca.systemBundleWithCA], [:]),
            ]
            for (how, arguments, environment) in cases {
                let run = try await CLITests.run(get + arguments, extraEnvironment: Self.noTrustVariables.merging(environment) { $1 })
                Self.expectRecord(run, how)
            }
        }
    }

    @Test func aProfilesCAFileIsTrusted() async throws {
        let ca = try TestCA.shared()
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("twb-trust-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: home) }
        try FileManager.default.createDirectory(at: home.appendingPathComponent("twbrowse"), withIntermediateDirectories: true)
        try await Self.withFront { front, _ in
            let config = """
                profiles:
                  corp:
                    base_url: \(front.baseURL.absoluteString)
                    ca_file: \(ca.certificate)
                """
            try config.write(to: home.appendingPathComponent("twbrowse/config.yaml"), atomically: true, encoding: .utf8)
            let environment = Self.noTrustVariables.merging(["XDG_CONFIG_HOME": home.path]) { $1 }
            let run = try await CLITests.run(["get", CLITests.pair.employee, CLITests.pair.interaction, "--profile", "corp"],
                                             extraEnvironment: environment)
            Self.expectRecord(run, "profile ca_file")
            let doctor = try await CLITests.run(["doctor", "--profile", "corp"], extraEnvironment: environment)
            #expect(doctor.stdout.contains("the CA bundle \(ca.certificate)") && doctor.stdout.contains("(ca_file of profile corp)"),
                    "\(doctor.stdout)")
            #expect(doctor.stdout.contains("verified for 127.0.0.1"), "\(doctor.stdout)")
        }
    }

    /// Each failure: exit 5 after one connection, the problem named, the fix named where trust is the fix.
    @Test(arguments: ["unknown issuer", "expired", "name mismatch"])
    func aRefusedCertificateExitsFiveAfterOneAttemptNamingTheProblem(_ problem: String) async throws {
        let ca = try TestCA.shared()
        let leaf = ["expired": ca.expiredLeaf, "name mismatch": ca.wrongNameLeaf][problem] ?? ca.leaf
        let trust = problem == "unknown issuer" ? [] : ["--ca-file", ca.certificate]
        try await Self.withFront(leaf: leaf) { front, get in
            let run = try await CLITests.run(get + trust, extraEnvironment: Self.noTrustVariables)
            #expect(run.status == 5, "exit \(run.status): \(run.stderr)")
            #expect(run.stderr.contains("(\(problem))"), "\(run.stderr)")
            if problem == "unknown issuer" {
                #expect(run.stderr.contains("--ca-file") && run.stderr.contains("SSL_CERT_FILE"), "\(run.stderr)")
            }
            #expect(run.stdout.isEmpty)
            let connections = await front.settledConnections()
            #expect(connections == 1, "a refused certificate was tried \(connections) times")
        }
    }

    @Test func aCAFileThatIsNotThereIsRefusedBeforeAnyRequest() async throws {
        try await Self.withFront { front, get in
            for (arguments, environment, named) in [
                (["--ca-file", "/nonexistent/corp.pem"], [String: String](), "--ca-file"),
                ([], ["SSL_CERT_DIR": "/nonexistent/certs"], "SSL_CERT_DIR"),
            ] {
                let run = try await CLITests.run(get + arguments, extraEnvironment: Self.noTrustVariables.merging(environment) { $1 })
                #expect(run.status == 2, "exit \(run.status): \(run.stderr)")
                #expect(run.stderr.contains(named) && run.stderr.contains("/nonexistent/"), "\(run.stderr)")
            }
            #expect(await front.settledConnections() == 0)
        }
    }
}
