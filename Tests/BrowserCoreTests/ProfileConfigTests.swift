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
            #expect(throws: ConfigError.self, "\(bad)") { try ProfileConfig.parse(base + bad, source: "c.yaml") }
        }
        #expect(throws: ConfigError.self) { try ProfileConfig.parse("profiles:\n  p:\n    token_env: T\n    scopes: read\n", source: "c.yaml") }
        let described = try ProfileConfig.parse(base, source: "c.yaml").describe()
        #expect(described.contains("scopes: read (the default)"))
    }

    @Test(arguments: ["token", "access_token", "client_secret", "password"])
    func secretValuesAreRefusedWithAReason(_ key: String) {
        do {
            _ = try ProfileConfig.parse("profiles:\n  p:\n    tenant: a\n    \(key): abc\n", source: "c.yaml")
            Issue.record("accepted \(key)")
        } catch {
            #expect(error.message.contains("c.yaml:4:5"))
            #expect(error.message.contains("never go in the config file"))
        }
    }

    @Test func malformedYAMLGivesLineAndColumn() {
        do {
            _ = try ProfileConfig.parse("profiles:\n  p:\n    tenant: [a\n", source: "c.yaml")
            Issue.record("accepted broken YAML")
        } catch {
            #expect(error.message.hasPrefix("c.yaml: 4:"), "\(error.message)")
        }
    }

    @Test func unknownKeysAndMissingDefaultAreErrors() {
        #expect(throws: ConfigError.self) { try ProfileConfig.parse("profiles:\n  p:\n    tenat: a\n", source: "c") }
        #expect(throws: ConfigError.self) { try ProfileConfig.parse("default_profile: x\nprofiles:\n  p:\n    tenant: a\n", source: "c") }
        #expect(throws: ConfigError.self) { try ProfileConfig.parse("profiles:\n  p:\n    client_id: a\n", source: "c") }
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
