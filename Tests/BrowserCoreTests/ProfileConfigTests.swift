import Foundation
import Testing
@testable import BrowserCore
import TechWolfAPI

@Suite struct ProfileConfigTests {
    static let example = """
        # two tenants
        default_profile: acme-prod
        profiles:
          acme-prod:
            tenant: acme
            region: eu3
            api_version: "2024-01-01"
            theme: production
            token_command: pass show techwolf/acme
          acme-test:
            base_url: https://acme-test.example.com
            token_env: ACME_TEST_TOKEN
          oauth:
            tenant: acme
            region: us3
            client_id: my-client
            client_secret_file: ~/.config/twbrowse/secret
        """

    @Test func parsesProfiles() throws {
        let config = try ProfileConfig.parse(Self.example, source: "config.yaml")
        #expect(config.defaultProfile == "acme-prod")
        #expect(config.profiles["acme-prod"]?.tenant == "acme")
        #expect(config.profiles["acme-prod"]?.credentials == .token(.command("pass show techwolf/acme")))
        #expect(config.profiles["acme-test"]?.credentials == .token(.environment("ACME_TEST_TOKEN")))
        guard case .clientCredentials("my-client", .file(let path), nil, nil)? = config.profiles["oauth"]?.credentials else {
            Issue.record("client credentials not parsed"); return
        }
        #expect(!path.hasPrefix("~"))
    }

    @Test func scopesAreAListOrASpaceSeparatedString() throws {
        let base = "profiles:\n  p:\n    client_id: c\n    client_secret_env: S\n"
        #expect(try ProfileConfig.parse(base, source: "c.yaml").profiles["p"]?.scopes == nil)
        #expect(try ProfileConfig.parse(base + "    scopes: [read, read_reports]\n", source: "c.yaml").profiles["p"]?.scopes == ["read", "read_reports"])
        #expect(try ProfileConfig.parse(base + "    scopes: read write\n", source: "c.yaml").profiles["p"]?.scopes == ["read", "write"])
        for bad in ["    scopes: []\n", "    scopes: [\"re ad\", {a: b}]\n", "    scopes: {read: yes}\n"] {
            let config = try ProfileConfig.parse(base + bad, source: "c.yaml")
            #expect(config.profiles["p"] == nil && config.brokenProfiles["p"]?.contains("scope") == true, "\(bad)")
        }
        #expect(try ProfileConfig.parse("profiles:\n  p:\n    token_env: T\n    scopes: read\n", source: "c.yaml").brokenProfiles["p"]?.contains("no client_id") == true)
        let described = try ProfileConfig.parse(base, source: "c.yaml").describe()
        #expect(described.contains("scopes: read (the default)"))
    }

    @Test(arguments: ["token", "access_token", "client_secret", "password"])
    func secretValuesAreRefusedWithAReason(_ key: String) throws {
        let config = try ProfileConfig.parse("profiles:\n  p:\n    tenant: a\n    \(key): abc\n", source: "c.yaml")
        #expect(config.profiles["p"] == nil, "accepted \(key)")
        let reason = try #require(config.brokenProfiles["p"])
        #expect(reason.contains("c.yaml:4:5"))
        #expect(reason.contains("never go in the config file"))
        #expect(!reason.contains("abc"))
    }

    /// One bad profile (a secret in it, an unknown key, a wrong shape) leaves the others usable.
    @Test func oneBadProfileDoesNotDisableTheOthers() throws {
        let text = """
            default_profile: leaky
            profiles:
              good:
                tenant: acme
                region: eu3
                token_env: ACME_TOKEN
              leaky:
                tenant: acme
                token: eyJhbGciOiJub25lIn0.e30.sig
              typo:
                tenat: acme
              list: [a, b]
            """
        let config = try ProfileConfig.parse(text, source: "c.yaml")
        #expect(config.profiles.keys.sorted() == ["good"])
        #expect(config.profiles["good"]?.credentials == .token(.environment("ACME_TOKEN")))
        #expect(config.brokenProfiles.keys.sorted() == ["leaky", "list", "typo"])
        #expect(config.brokenProfiles["leaky"]?.contains("has `token`") == true)
        #expect(config.brokenProfiles["typo"]?.contains("unknown key `tenat`") == true)
        #expect(config.brokenProfiles["list"]?.contains("must be a mapping") == true)
        // The default may name a broken profile: selecting it is what fails, with the reason.
        #expect(config.defaultProfile == "leaky")
        let shown = config.describe()
        #expect(shown.contains("leaky: (not usable:") && shown.contains("good:") && !shown.contains("eyJhbGci"), "\(shown)")
    }

    @Test func malformedYAMLGivesLineAndColumn() {
        do {
            _ = try ProfileConfig.parse("profiles:\n  p:\n    tenant: [a\n", source: "c.yaml")
            Issue.record("accepted broken YAML")
        } catch {
            #expect(error.message.hasPrefix("c.yaml: 4:"), "\(error.message)")
        }
    }

    @Test func unknownKeysAndMissingDefaultAreErrors() throws {
        #expect(try ProfileConfig.parse("profiles:\n  p:\n    tenat: a\n", source: "c").brokenProfiles["p"]?.contains("unknown key") == true)
        #expect(throws: ConfigError.self) { try ProfileConfig.parse("default_profile: x\nprofiles:\n  p:\n    tenant: a\n", source: "c") }
        #expect(try ProfileConfig.parse("profiles:\n  p:\n    client_id: a\n", source: "c").brokenProfiles["p"]?.contains("no client_secret") == true)
    }

    @Test func showMasksSecretsPastedIntoCommands() throws {
        let config = try ProfileConfig.parse("profiles:\n  p:\n    token_command: echo eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.c2lnbmF0dXJlMTIz\n", source: "c")
        let shown = config.describe()
        #expect(!shown.contains("eyJhbGciOiJub25lIn0"))
        #expect(shown.contains("echo …"))
    }

    @Test func pathFollowsXDG() {
        #expect(ProfileConfig.path(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/twbrowse/config.yaml")
        #expect(ProfileConfig.path(environment: ["HOME": "/home/u"]) == "/home/u/.config/twbrowse/config.yaml")
    }

    @Test func profileCommandSwitchesAndConnects() {
        var s = UIFixtures.connected()
        let effects = Update.handle(.key(.char(":")), &s) + Update.handle(.key(.paste("profile acme-test")), &s) + Update.handle(.key(.enter), &s)
        guard case .switchProfile("acme-test")? = effects.last else { Issue.record("no switch: \(effects)"); return }
        let form = ConnectForm(baseURL: "https://acme-test.example.com", presetToken: try? AccessToken("tok-5678"), presetTokenSource: "ACME_TEST_TOKEN")
        let next = Update.handle(.result(.profileLoaded(ProfileSwitch(name: "acme-test", form: form, theme: nil))), &s)
        #expect(s.profileName == "acme-test")
        #expect(next.contains { if case .connect = $0 { return true } else { return false } })
        #expect(Render.frame(s).text.contains("[acme-test]"))
    }
}
