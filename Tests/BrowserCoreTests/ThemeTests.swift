import Foundation
import Testing
@testable import BrowserCore

/// The theme files on disk, read from the package so a new theme is checked without touching this test.
private enum ThemeFiles {
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("themes")

    static func all() throws -> [(name: String, url: URL)] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .map { (name: $0.deletingPathExtension().lastPathComponent, url: $0) }
            .sorted { $0.name < $1.name }
    }
}

/// All theme checks sit under one suite so `swift test --filter ThemeTests` runs them together.
@Suite struct ThemeTests {}

extension ThemeTests {
    @Suite struct Files {
        @Test func everyThemeFileParsesAndDefinesEveryRole() throws {
            let files = try ThemeFiles.all()
            #expect(files.count >= 5)
            for file in files {
                let theme = try Theme.parse(yaml: String(contentsOf: file.url, encoding: .utf8), source: file.url.path)
                #expect(theme.name == file.name, "the name inside \(file.name).yaml must match its file name")
                let missing = Role.allCases.filter { theme.styles[$0] == nil }.map(\.rawValue)
                #expect(missing.isEmpty, "\(file.name).yaml does not define: \(missing)")
            }
        }

        @Test func compiledThemesEqualTheirFiles() throws {
            let files = try ThemeFiles.all()
            #expect(BundledThemes.names == files.map(\.name), "run scripts/embed-themes")
            for file in files {
                let parsed = try Theme.parse(yaml: String(contentsOf: file.url, encoding: .utf8), source: file.url.path)
                #expect(BundledThemes.theme(file.name) == parsed, "\(file.name).yaml changed; run scripts/embed-themes")
            }
        }

        @Test func bundledThemesAreAvailableByName() throws {
            #expect(Theme.bundledNames == BundledThemes.names)
            for name in Theme.bundledNames {
                #expect(Theme.bundled(name)?.name == name)
            }
            #expect(Theme.default.name == "default")
            #expect(Theme.bundled("no-such-theme") == nil)
            for name in ["default", "light", "high-contrast", "monochrome", "colorblind", "production"] {
                #expect(Theme.bundledNames.contains(name))
            }
        }

        @Test func monochromeUsesNoColourButKeepsMeaningfulRolesApart() {
            let theme = Theme.monochromeFallback
            #expect(theme.name == "monochrome")
            #expect(!theme.usesColor)
            #expect(theme.style(.selection).reverse)
            #expect(theme.style(.error).bold && theme.style(.error).underline)
            #expect(theme.style(.error) != theme.style(.warning))
            #expect(theme.style(.selection) != theme.style(.text))
            #expect(Theme.default.usesColor)
        }

        @Test func colorblindThemeDoesNotRestOnRedAgainstGreen() throws {
            let theme = try #require(Theme.bundled("colorblind"))
            let error = try #require(Hue.of(theme.style(.error).foreground))
            let success = try #require(Hue.of(theme.style(.success).foreground))
            #expect(!Hue.isRed(error) && !Hue.isGreen(success), "error hue \(error)°, success hue \(success)°")
            #expect(theme.style(.error).bold)
        }

        @Test func productionThemeHasRedBars() throws {
            let theme = try #require(Theme.bundled("production"))
            for role in [Role.header, .statusBar] {
                let hue = try #require(Hue.of(theme.style(role).background))
                #expect(Hue.isRed(hue), "\(role.rawValue) background hue \(hue)°")
            }
        }
    }
}

/// A rough hue in degrees, enough to tell the red and green families apart.
private enum Hue {
    static func of(_ color: ThemeColor) -> Double? {
        guard let (red, green, blue) = color.xtermRGB else { return nil }
        let r = Double(red), g = Double(green), b = Double(blue)
        let high = max(r, g, b), low = min(r, g, b)
        guard high - low > 30 else { return nil }
        let hue: Double
        switch high {
        case r: hue = 60 * ((g - b) / (high - low))
        case g: hue = 60 * ((b - r) / (high - low) + 2)
        default: hue = 60 * ((r - g) / (high - low) + 4)
        }
        return hue < 0 ? hue + 360 : hue
    }

    static func isRed(_ hue: Double) -> Bool { hue < 20 || hue >= 340 }
    static func isGreen(_ hue: Double) -> Bool { (75..<165).contains(hue) }
}

extension ThemeTests {
    @Suite struct Parsing {
        private func problem(_ yaml: String) -> String {
            do {
                _ = try Theme.parse(yaml: yaml, source: "my.yaml")
                return "parsed without error"
            } catch {
                return error.message
            }
        }

        @Test func readsColoursAndAttributes() throws {
            let theme = try Theme.parse(yaml: """
                name: sample
                roles:
                  text: { fg: default, bg: default }
                  error: { fg: bright_red, bg: 52, bold: true, underline: true }
                  json_key: { fg: "#5FAFff", reverse: yes, dim: false }
                """, source: "sample.yaml")
            #expect(theme.name == "sample")
            #expect(theme.style(.text) == Style())
            let error = Style(foreground: .ansi(9), background: .indexed(52), bold: true, underline: true)
            #expect(theme.style(.error) == error)
            #expect(theme.style(.jsonKey) == Style(foreground: .rgb(0x5f, 0xaf, 0xff), reverse: true))
            // A role the file leaves out falls back to `text`.
            #expect(theme.style(.warning) == theme.style(.text))
        }

        @Test func unknownRoleIsNamed() {
            let message = problem("name: x\nroles:\n  eror: { fg: red }\n")
            #expect(message.hasPrefix("my.yaml:3:3:"))
            #expect(message.contains("unknown role 'eror'"))
            #expect(message.contains("key_hint"), "lists the known roles")
        }

        @Test func unknownColourNameIsNamed() {
            let message = problem("name: x\nroles:\n  error: { fg: pink }\n")
            #expect(message.contains("my.yaml"))
            #expect(message.contains("role 'error'"))
            #expect(message.contains("unknown colour name 'pink'"))
        }

        @Test func outOfRangeNumberIsNamed() {
            let message = problem("name: x\nroles:\n  muted: { bg: 256 }\n")
            #expect(message.contains("role 'muted': bg"))
            #expect(message.contains("out of range 0–255"))
            #expect(problem("name: x\nroles:\n  muted: { bg: -1 }\n").contains("out of range"))
        }

        @Test func malformedHexIsNamed() {
            for hex in ["#12345", "#12345g", "#1234567"] {
                let message = problem("name: x\nroles:\n  accent: { fg: \"\(hex)\" }\n")
                #expect(message.contains("role 'accent': fg: malformed hex colour '\(hex)'"), "\(message)")
            }
        }

        @Test func unquotedHexIsExplained() {
            // YAML reads an unquoted `#…` as a comment, leaving the value empty.
            let message = problem("name: x\nroles:\n  accent:\n    fg: #5fafff\n")
            #expect(message.contains("role 'accent': fg: missing colour"))
            #expect(message.contains("quote hex colours"))
        }

        @Test func wrongTypesAreNamed() {
            #expect(problem("name: x\nroles:\n  label: { bold: \"true\" }\n")
                .contains("role 'label': bold must be true or false, found 'true'"))
            #expect(problem("name: x\nroles:\n  label: { dim: 1 }\n").contains("dim must be true or false"))
            #expect(problem("name: x\nroles:\n  label: { fg: [1, 2] }\n").contains("expected a colour, found a list"))
            #expect(problem("name: x\nroles:\n  label: red\n").contains("role 'label': expected a mapping"))
            #expect(problem("name: x\nroles:\n  label: { colour: red }\n").contains("unknown key 'colour'"))
            #expect(problem("name: x\nroles: [text]\n").contains("'roles' must be a mapping"))
            #expect(problem("roles: {}\n").contains("missing 'name'"))
            #expect(problem("name: x\n").contains("missing 'roles'"))
            #expect(problem("name: x\nroles: {}\nextra: 1\n").contains("unknown top-level key 'extra'"))
            #expect(problem("").contains("empty"))
        }

        @Test func yamlSyntaxErrorGivesLineAndColumn() {
            let message = problem("name: x\nroles:\n  text: { fg: red\n  muted: {}\n")
            #expect(message.hasPrefix("my.yaml:"))
            #expect(message.contains("YAML syntax error"))
            #expect(message.range(of: #"^my\.yaml:\d+:\d+: "#, options: .regularExpression) != nil, "\(message)")
        }
    }
}

extension ThemeTests {
    @Suite struct Downgrade {
        @Test func terminalDefaultIsMinusOne() {
            for colors in [256, 88, 16, 8, 0] {
                #expect(ThemeColor.terminalDefault.paletteIndex(colors: colors) == -1)
            }
            #expect(ThemeColor.ansi(1).paletteIndex(colors: 2) == -1, "fewer than 8 colours: no palette")
        }

        @Test func pureRedFollowsTheTerminal() {
            let red = ThemeColor.rgb(0xff, 0, 0)
            #expect(red.paletteIndex(colors: 256) == 196)
            #expect(red.paletteIndex(colors: 16) == 9)
            #expect(red.paletteIndex(colors: 88) == 9)
            #expect(red.paletteIndex(colors: 8) == 1)
        }

        @Test func rgbPicksCubeOrGreyRamp() {
            #expect(ThemeColor.rgb(0x5f, 0xaf, 0xff).paletteIndex(colors: 256) == 75)
            #expect(ThemeColor.rgb(0x80, 0x80, 0x80).paletteIndex(colors: 256) == 244)
            #expect(ThemeColor.rgb(0x12, 0x12, 0x12).paletteIndex(colors: 256) == 233)
            #expect(ThemeColor.rgb(0, 0, 0).paletteIndex(colors: 256) == 16)
            #expect(ThemeColor.rgb(0xff, 0xff, 0xff).paletteIndex(colors: 256) == 231)
        }

        @Test func indexedGreyBecomesAGreyANSIColour() {
            #expect(ThemeColor.indexed(244).paletteIndex(colors: 256) == 244)
            #expect([0, 7].contains(ThemeColor.indexed(244).paletteIndex(colors: 8)))
            #expect([7, 8].contains(ThemeColor.indexed(244).paletteIndex(colors: 16)))
            #expect(ThemeColor.indexed(196).paletteIndex(colors: 16) == 9)
        }

        @Test func coloursKeepTheirHueOnFewColours() {
            // By distance alone a dark red would turn black and a yellow-green success would turn yellow.
            #expect(ThemeColor.rgb(0x5f, 0, 0).paletteIndex(colors: 8) == 1)
            #expect(ThemeColor.indexed(22).paletteIndex(colors: 16) == 2)
            #expect([2, 10].contains(ThemeColor.rgb(0x87, 0xd7, 0x5f).paletteIndex(colors: 16)))
            #expect(ThemeColor.rgb(0xff, 0xaf, 0x00).paletteIndex(colors: 8) == 3)
        }

        @Test func brightANSIFoldsOnEightColours() {
            #expect(ThemeColor.ansi(12).paletteIndex(colors: 16) == 12)
            #expect(ThemeColor.ansi(12).paletteIndex(colors: 8) == 4)
            #expect(ThemeColor.indexed(9).paletteIndex(colors: 8) == 1)
            #expect(ThemeColor.ansi(3).paletteIndex(colors: 256) == 3)
        }

        @Test func everyBundledColourFitsEveryPalette() {
            for name in Theme.bundledNames {
                let theme = Theme.bundled(name)
                for style in theme?.styles.values.map({ $0 }) ?? [] {
                    for color in [style.foreground, style.background] {
                        #expect((-1..<256).contains(color.paletteIndex(colors: 256)))
                        #expect((-1..<16).contains(color.paletteIndex(colors: 16)))
                        #expect((-1..<8).contains(color.paletteIndex(colors: 8)))
                    }
                }
            }
        }
    }
}

extension ThemeTests {
    @Suite struct Resolve {
        @Test func byName() throws {
            #expect(try Theme.resolve("light").name == "light")
        }

        @Test func byPath() throws {
            let directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("theme-tests-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("mine.yaml")
            try "name: mine\nroles:\n  accent: { fg: magenta }\n".write(to: file, atomically: true, encoding: .utf8)

            let theme = try Theme.resolve(file.path)
            #expect(theme.name == "mine")
            #expect(theme.style(.accent).foreground == .ansi(5))
        }

        @Test func bundledFileByPath() throws {
            #expect(try Theme.resolve(ThemeFiles.directory.appendingPathComponent("production.yaml").path)
                == Theme.bundled("production"))
        }

        @Test func unknownNameListsTheAvailableNames() {
            #expect {
                try Theme.resolve("solarized")
            } throws: { error in
                let message = (error as? ThemeError)?.message ?? ""
                return message.contains("unknown theme 'solarized'")
                    && Theme.bundledNames.allSatisfy { message.contains($0) }
            }
        }

        @Test func missingFileIsNamed() {
            #expect {
                try Theme.resolve("/nonexistent/theme.yaml")
            } throws: { error in
                let message = (error as? ThemeError)?.message ?? ""
                return message.contains("cannot read theme file '/nonexistent/theme.yaml'")
                    && message.contains("default")
            }
        }

        @Test func badFileNamesItsPath() {
            #expect {
                try Theme.resolve("/dev/null/broken.yml")
            } throws: { error in
                (error as? ThemeError)?.message.contains("/dev/null/broken.yml") ?? false
            }
        }
    }
}
