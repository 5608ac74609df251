import Foundation
import Testing
@testable import TechWolfAPI

@Suite struct ValidationTests {
    @Test(arguments: ["a", "E-1001", "int_a1", String(repeating: "x", count: 100), "a3903505-eb84-42dc-a79f-5e7b1fe897b7"])
    func acceptsIDs(_ id: String) throws {
        #expect(try Validators.externalID(id, field: "employee ID") == id)
    }

    @Test(arguments: ["", "a b", "a/b", "..", "%2e%2e", "a?b", "a#b", "é", "ａ", "a\u{200B}", String(repeating: "x", count: 101), "a\nb"])
    func refusesIDs(_ id: String) {
        #expect(throws: ValidationError.self) { try Validators.externalID(id, field: "employee ID") }
    }

    @Test func messageNamesFieldAndRule() {
        do {
            _ = try Validators.externalID("a/b", field: "interaction ID")
            Issue.record("accepted a slash")
        } catch {
            #expect(error.field == "interaction ID")
            #expect(error.message.contains("'/'"))
            #expect(error.message.contains("1–100"))
        }
    }

    @Test(arguments: ["company_xyz", "acme", "a-b", String(repeating: "t", count: 63)])
    func acceptsTenants(_ t: String) throws {
        _ = try Validators.tenant(t)
    }

    @Test(arguments: ["", "a.b", "a@b", "a:b", "a/b", "a#b", "a b", "evil.com#", String(repeating: "t", count: 64)])
    func refusesTenants(_ t: String) {
        #expect(throws: ValidationError.self) { try Validators.tenant(t) }
    }

    @Test(arguments: ["eu3", "us3", "x-1"])
    func acceptsRegions(_ r: String) throws {
        _ = try Validators.region(r)
    }

    @Test(arguments: ["", "eu_3", "-eu", "eu-", "eu.3", "eu 3", "eu3/"])
    func refusesRegions(_ r: String) {
        #expect(throws: ValidationError.self) { try Validators.region(r) }
    }

    @Test func techWolfOriginAndURLs() throws {
        let origin = try APIOrigin.techWolf(tenant: "company_xyz", region: "eu3")
        #expect(origin.description == "https://company_xyz.eu3.techwolf.ai")
        #expect(origin.label == "company_xyz.eu3")
        let path = try TechWolfClient.interactionPath(employee: "E-1", interaction: "int-a1")
        #expect(origin.url(path: path).absoluteString == "https://company_xyz.eu3.techwolf.ai/employees/E-1/interactions/int-a1")
        let query = try TechWolfClient.employeesQuery(limit: 50, offset: 100, active: true)
        #expect(origin.url(path: ["employees"], query: query).absoluteString
                == "https://company_xyz.eu3.techwolf.ai/employees?limit=50&offset=100&is_active=true")
    }

    @Test(arguments: ["https://api.example.com", "http://127.0.0.1:8080", "http://localhost:1", "https://h.example:65535", "http://[::1]:9", "http://127.1.2.3", "https://h.example/base/"])
    func acceptsBaseURLs(_ raw: String) throws {
        let origin = try APIOrigin.baseURL(raw)
        #expect(origin.contains(origin.url(path: ["version"])))
    }

    @Test(arguments: ["http://example.com", "http://127.0.0.1.evil.com", "http://128.0.0.1", "ftp://127.0.0.1", "https://user:pw@h.example",
                      "127.0.0.1:8080", "https://h.example?x=1", "not a url", "http://localhost.evil.com",
                      "http://127.0.0.1:99999", "https://127.0.0.1:65536", "http://127.0.0.1:0"])
    func refusesBaseURLs(_ raw: String) {
        #expect(throws: ValidationError.self) { try APIOrigin.baseURL(raw) }
    }

    @Test func baseURLPathPrefixIsKept() throws {
        let origin = try APIOrigin.baseURL("https://h.example/tw/")
        #expect(origin.url(path: ["version"]).absoluteString == "https://h.example/tw/version")
    }

    @Test func limitAndOffsetAreChecked() {
        #expect(throws: APIError.self) { try TechWolfClient.employeesQuery(limit: 0, offset: 0, active: nil) }
        #expect(throws: APIError.self) { try TechWolfClient.employeesQuery(limit: 201, offset: 0, active: nil) }
        #expect(throws: APIError.self) { try TechWolfClient.employeesQuery(limit: 1, offset: -1, active: nil) }
    }

    @Test func apiVersionIsADate() throws {
        _ = try Validators.apiVersion("2024-01-31")
        #expect(throws: ValidationError.self) { try Validators.apiVersion("2024-1-31") }
        #expect(throws: ValidationError.self) { try Validators.apiVersion("2024-13-01") }
    }
}

@Suite struct CredentialTests {
    static let jwt = "eyJhbGciOiJub25lIn0." + Data(#"{"exp": 4102444800, "scope": "read write", "sub": "c1"}"#.utf8).base64EncodedString()
        .replacingOccurrences(of: "=", with: "").replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_") + ".sig-abcd"

    @Test func tokenIsRedactedEverywhere() throws {
        let token = try AccessToken(Self.jwt)
        #expect(!String(describing: token).contains("eyJ"))
        #expect(!String(reflecting: token).contains("eyJ"))
        var dumped = ""
        dump(token, to: &dumped)
        #expect(!dumped.contains("eyJ"))
        #expect(token.masked == "…abcd")
        #expect(token.authorizationHeader == "Bearer " + Self.jwt)
    }

    @Test func jwtClaimsAreRead() throws {
        let claims = try #require(try AccessToken(Self.jwt).claims)
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 4_102_444_800))
        #expect(claims.scopes == ["read", "write"])
        #expect(claims.expiryDescription(now: Date(timeIntervalSince1970: 4_102_444_800 - 7200)) == "expires in 2 h")
        #expect(try AccessToken("opaque-token").claims == nil)
    }

    @Test(arguments: ["", "  ", "a b", "tok\r\nX-Evil: 1", "tökén"])
    func refusesUnusableTokens(_ raw: String) {
        #expect(throws: ValidationError.self) { try AccessToken(raw) }
    }

    @Test func loadsFromEnvironmentFileAndCommand() throws {
        let env = try TokenLoader.load(.environment("TW_TEST_TOKEN"), environment: ["TW_TEST_TOKEN": "env-token-abcdef-1234"])
        #expect(env.token.lastFour == "1234")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("token").path
        try "file-token-abcdef-5678\nsecond line\n".write(toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let fromFile = try TokenLoader.load(.file(file))
        #expect(fromFile.token.lastFour == "5678")
        #expect(fromFile.warnings.isEmpty)
        chmod(file, 0o644)
        #expect(try TokenLoader.load(.file(file)).warnings.first?.contains("chmod 600") == true)

        let fromCommand = try TokenLoader.load(.command("printf 'cmd-token-abcdef-9012\\nignored'"))
        #expect(fromCommand.token.lastFour == "9012")
    }

    /// A token or secret command, like every child, gets the environment without the variables that hold
    /// secrets (`ChildEnvironment`), and everything else.
    @Test func aTokenCommandSeesNoSecretVariable() throws {
        setenv("TWB_TEST_CHILD_SECRET", "hidden-value", 1)
        setenv("TWB_TEST_CHILD_PLAIN", "plain", 1)
        defer { unsetenv("TWB_TEST_CHILD_SECRET"); unsetenv("TWB_TEST_CHILD_PLAIN") }
        ChildEnvironment.protect(["TWB_TEST_CHILD_SECRET"])
        let loaded = try TokenLoader.load(.command("printf 'tok-%s-%s-%s-abcdef' \"${TWB_TEST_CHILD_SECRET:-none}\" \"${TWB_TEST_CHILD_PLAIN:-none}\" \"${TECHWOLF_TOKEN:-none}\""))
        #expect(loaded.token.authorizationHeader == "Bearer tok-none-plain-none-abcdef")
    }

    @Test func loadFailuresSayWhy() {
        #expect(throws: TokenLoadError.self) { try TokenLoader.load(.environment("TW_UNSET_VAR"), environment: [:]) }
        #expect(throws: TokenLoadError.self) { try TokenLoader.load(.file("/nonexistent/token")) }
        #expect(throws: TokenLoadError.self) { try TokenLoader.load(.command("exit 3")) }
    }
}

@Suite struct WorklistTests {
    @Test func parsesAllSeparatorsAndReportsBadLines() {
        let text = "\u{FEFF}# comment\r\nE-1 int-1\r\n\nE-2,int-2\nE-3/int-3\nE-4\tint-4\nonly-one\nE 5 x\nE-6 int/../x\n"
        let (entries, problems) = WorklistParser.parse(text)
        #expect(entries.map(\.employee) == ["E-1", "E-2", "E-3", "E-4"])
        #expect(entries.map(\.line) == [2, 4, 5, 6])
        #expect(problems.map(\.line) == [7, 8, 9])
    }
}
