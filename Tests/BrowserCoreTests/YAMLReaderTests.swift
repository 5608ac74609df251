import Foundation
import Testing
@testable import BrowserCore

/// The YAML subset config and theme files are read with: each construct it reads, each it refuses (with
/// the line), and hostile text ending in an error rather than a crash.
@Suite struct YAMLReaderTests {
    /// A node as plain Swift values, for comparing trees: scalars as their text, null as NSNull-free "~null".
    indirect enum Plain: Equatable, CustomStringConvertible {
        case s(String), null, list([Plain]), map([String], [Plain])

        init(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let scalar): self = scalar.style == .plain && node.type == .null ? .null : .s(scalar.text)
            case .sequence(let items): self = .list(items.map(Plain.init))
            case .mapping(let entries): self = .map(entries.map { $0.key.string ?? "?" }, entries.map { Plain($0.value) })
            }
        }

        var description: String {
            switch self {
            case .s(let text): text.debugDescription
            case .null: "null"
            case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
            case .map(let keys, let values): "{" + zip(keys, values).map { "\($0): \($1)" }.joined(separator: ", ") + "}"
            }
        }
    }

    static func read(_ text: String) throws(YAMLError) -> Plain? {
        try YAMLReader.read(text).map(Plain.init)
    }

    static func error(_ text: String) -> YAMLError? {
        do throws(YAMLError) {
            _ = try YAMLReader.read(text)
            return nil
        } catch {
            return error
        }
    }

    static func unsupportedLine(_ text: String) -> (Int, String)? {
        if case .unsupported(let line, let what)? = error(text) { return (line, what) }
        return nil
    }

    // MARK: What it reads

    @Test func blockMappingsNestAndKeepTheirOrder() throws {
        let text = """
            # a comment line
            b: 1   # a trailing comment
            a:
              inner: x
              deeper:
                z: "quoted"
            c: last
            """
        #expect(try Self.read(text) == .map(["b", "a", "c"], [.s("1"), .map(["inner", "deeper"], [.s("x"), .map(["z"], [.s("quoted")])]), .s("last")]))
    }

    @Test func blockSequencesIndentedOrAtTheKeysIndentation() throws {
        let indented = "scopes:\n  - read\n  - write\n"
        let compact = "scopes:\n- read\n- write\nnext: 1\n"
        #expect(try Self.read(indented) == .map(["scopes"], [.list([.s("read"), .s("write")])]))
        #expect(try Self.read(compact) == .map(["scopes", "next"], [.list([.s("read"), .s("write")]), .s("1")]))
    }

    @Test func sequencesOfMappingsAndOfSequences() throws {
        let text = """
            - name: a
              fg: red
            - - x
              - y
            -
              nested: true
            - 
            """
        #expect(try Self.read(text) == .list([.map(["name", "fg"], [.s("a"), .s("red")]), .list([.s("x"), .s("y")]),
                                               .map(["nested"], [.s("true")]), .null]))
    }

    @Test func flowCollectionsOnOneLineOrSeveral() throws {
        #expect(try Self.read("a: [read, 'b c', \"d\"]") == .map(["a"], [.list([.s("read"), .s("b c"), .s("d")])]))
        #expect(try Self.read("a: []\nb: {}") == .map(["a", "b"], [.list([]), .map([], [])]))
        #expect(try Self.read("text: { fg: default, bg: \"#5fafff\", bold: true }") ==
                .map(["text"], [.map(["fg", "bg", "bold"], [.s("default"), .s("#5fafff"), .s("true")])]))
        #expect(try Self.read("a: [x, [y, z], {k: v}, ]") == .map(["a"], [.list([.s("x"), .list([.s("y"), .s("z")]), .map(["k"], [.s("v")])])]))
        #expect(try Self.read("a: [\n  x,  # first\n  y\n]\n") == .map(["a"], [.list([.s("x"), .s("y")])]))
        #expect(try Self.read("a: {k, j: , \"q\":1}") == .map(["a"], [.map(["k", "j", "q"], [.null, .null, .s("1")])]))
        #expect(try Self.read("[a:b, c]") == .list([.s("a:b"), .s("c")]), "a colon inside a word is text")
        #expect(try Self.read("[1 2, x y]") == .list([.s("1 2"), .s("x y")]), "plain values may hold spaces")
    }

    @Test func scalarsPlainQuotedAndEscaped() throws {
        let text = #"""
            url: https://acme.example.com:8443/x#frag
            cmd: pass show techwolf/acme
            spaced key   : v
            single: 'it''s # not a comment'
            double: "tab\there \"q\" \\ \u00e9 \x41 \U0001F600 \e \/"
            empty_quoted: ""
            "quoted key": 1
            """#
        #expect(try Self.read(text) == .map(["url", "cmd", "spaced key", "single", "double", "empty_quoted", "quoted key"],
                                             [.s("https://acme.example.com:8443/x#frag"), .s("pass show techwolf/acme"), .s("v"),
                                              .s("it's # not a comment"), .s("tab\there \"q\" \\ é A 😀 \u{1B} /"), .s(""), .s("1")]))
    }

    @Test func emptyValuesAreNull() throws {
        #expect(try Self.read("a:\nb: ~\nc: null\nd: # only a comment\n") == .map(["a", "b", "c", "d"], [.null, .null, .null, .null]))
        let node = try #require(try YAMLReader.read("a: ''\n"))
        #expect(node.mapping?.first?.value.type == .string, "a quoted empty value is a string, not null")
    }

    @Test func documentMarkersLineEndingsAndByteOrderMark() throws {
        #expect(try Self.read("---\na: 1\n...\n# after\n") == .map(["a"], [.s("1")]))
        #expect(try Self.read("--- # starts here\na: 1") == .map(["a"], [.s("1")]))
        #expect(try Self.read("\u{FEFF}a: 1\r\nb: 2\r\n") == .map(["a", "b"], [.s("1"), .s("2")]))
        #expect(try Self.read("a: 1\rb: 2") == .map(["a", "b"], [.s("1"), .s("2")]))
        #expect(try Self.read("") == nil)
        #expect(try Self.read("# nothing\n\n---\n") == nil)
        #expect(try Self.read("just text") == .s("just text"))
    }

    @Test func nodesKnowWhereTheyStart() throws {
        let root = try #require(try YAMLReader.read("name: x\nroles:\n  text: { fg: red }\n  list:\n  - a\n"))
        let roles = try #require(root.mapping?[1])
        #expect((roles.key.line, roles.key.column) == (2, 1))
        let text = try #require(roles.value.mapping?[0])
        #expect((text.key.line, text.key.column) == (3, 3))
        #expect((text.value.line, text.value.column) == (3, 9))
        let fg = try #require(text.value.mapping?[0].value)
        #expect((fg.line, fg.column) == (3, 15))
        let item = try #require(roles.value.mapping?[1].value.sequence?[0])
        #expect((item.line, item.column) == (5, 5))
    }

    @Test func unquotedScalarsGetYAML11Types() throws {
        let cases: [(String, YAMLScalarType)] = [
            ("yes", .bool), ("Off", .bool), ("TRUE", .bool), ("tRue", .string), ("y", .string),
            ("0", .int), ("-1", .int), ("+12", .int), ("1_000", .int), ("017", .int), ("0o17", .int), ("0x1F", .int), ("0b101", .int), ("1:30", .int),
            ("09", .float), ("1.5", .float), ("1e5", .float), ("-.inf", .float), (".NaN", .float), (".5", .float), ("1:30.5", .float), ("1.", .float),
            ("~", .null), ("null", .null), ("NULL", .null), ("nul", .string),
            ("2024-01-01", .timestamp), ("2024-1-5 7:08:09", .timestamp), ("2024-01-01T10:00:00.5Z", .timestamp),
            ("2024-01-01 10:00:00 +01:00", .timestamp), ("2024-1-5", .string),
            ("<<", .merge), ("=", .value), ("red", .string), ("#5fafff", .string), ("0x", .string), ("1:75", .string),
        ]
        for (text, type) in cases {
            #expect(YAMLScalarType.resolve(text) == type, "\(text)")
        }
        let quoted = try #require(try YAMLReader.read("a: 'yes'\nb: \"12\""))
        #expect(quoted.mapping?.map { $0.value.type } == [.string, .string])
    }

    @Test func integersAndBooleansTakeYAML11Values() throws {
        let node = try #require(try YAMLReader.read("[12, -1, 0x1f, 017, 0b101, 1_000, '1:30', 1:30, 99999999999999999999999, yes, Off, true, 'true']"))
        let items = try #require(node.sequence)
        #expect(items.prefix(8).map(\.int) == [12, -1, 31, 15, 5, 1000, nil, 90])
        #expect(items[8].int == nil, "too large for an Int")
        #expect(items.suffix(4).map(\.bool) == [true, false, true, nil])
    }

    // MARK: What it refuses

    @Test func constructsOutsideTheSubsetAreRefusedWithTheirLine() {
        let cases: [(String, Int, String)] = [
            ("a: 1\nb: &x 2\n", 2, "anchors"),
            ("a: 1\nb: *x\n", 2, "aliases"),
            ("a: !!str 1\n", 1, "tags"),
            ("a: [!x 1]\n", 1, "tags"),
            ("a: |\n  text\n", 1, "block scalars"),
            ("a: >\n  text\n", 1, "block scalars"),
            ("? a\n: b\n", 1, "complex keys"),
            ("%YAML 1.1\n---\na: 1\n", 1, "directives"),
            ("a: 1\n---\nb: 2\n", 2, "several documents"),
            ("a: 1\n...\n---\nb: 2\n", 3, "several documents"),
            ("--- a: 1\n", 1, "same line as ---"),
            ("cmd: pass show\n  techwolf/acme\n", 2, "continue on the next line"),
            ("- one\n  two\n", 2, "continue on the next line"),
            ("a: 'open\n  close'\n", 1, "quoted values that continue"),
            ("a: \"open\\\n  close\"\n", 1, "quoted values that continue"),
            ("[a]: 1\n", 1, "stops"),
            ("a: {[x]: 1}\n", 1, "as a key"),
        ]
        for (text, line, words) in cases {
            if words == "stops" {
                #expect(Self.error(text) != nil, "\(text.debugDescription)")
                continue
            }
            let found = Self.unsupportedLine(text)
            #expect(found?.0 == line, "\(text.debugDescription): \(String(describing: Self.error(text)))")
            #expect(found?.1.contains(words) == true, "\(text.debugDescription): \(String(describing: found))")
        }
    }

    @Test func theMessageNamesTheFileAndLine() {
        do {
            _ = try ProfileConfig.parse("profiles:\n  p:\n    tenant: a\n    region: eu\n    theme: x\n    api_version: '1'\n    base_url: &u https://x\n", source: "config.yaml")
            Issue.record("accepted an anchor")
        } catch {
            #expect(error.message == "config.yaml:7: twbrowse reads a subset of YAML: anchors (&name) are not supported")
        }
        do {
            _ = try Theme.parse(yaml: "name: x\nroles:\n  text: *default\n", source: "my.yaml")
            Issue.record("accepted an alias")
        } catch {
            #expect(error.message == "my.yaml:3: twbrowse reads a subset of YAML: aliases (*name) are not supported")
        }
    }

    @Test func malformedTextIsASyntaxErrorAtItsPlace() throws {
        let cases: [(String, Int, Int, String)] = [
            ("a: 1\na: 2\n", 2, 1, "duplicated key 'a'"),
            ("a: {x: 1, x: 2}\n", 1, 11, "duplicated key 'x'"),
            ("a: [1, 2\n", 2, 1, "not closed with ']'"),
            ("a: {x: 1\n", 2, 1, "not closed with '}'"),
            ("a: [1 [2]]\n", 1, 7, "expected ','"),
            ("a: [1,,2]\n", 1, 7, "unexpected ','"),
            ("a: b: c\n", 1, 5, "': ' inside a value"),
            ("a: - b\n", 1, 4, "a list cannot start"),
            ("a: 'x' y\n", 1, 8, "unexpected text after the value"),
            ("a: @x\n", 1, 4, "cannot start with '@'"),
            ("a: \"\\q\"\n", 1, 5, "unknown escape"),
            ("a: \"\\u12\"\n", 1, 5, "4 hexadecimal digits"),
            ("a: \"\\uD800\"\n", 1, 5, "names no Unicode character"),
            ("a:\n    b: 1\n  c: 2\n", 3, 3, "matches no key"),
            ("a: 1\n- b\n", 2, 1, "a list entry (-) where a key was expected"),
            ("  a: 1\nb: 2\n", 2, 1, "indented less than"),
            ("a: 1\nplain\n", 2, 1, "expected 'key: value'"),
            ("a: 1\n...\nb: 2\n", 3, 1, "after the end of the document"),
            ("a:\n\tb: 1\n", 2, 1, "tab"),
            ("a: x\u{1}y\n", 1, 5, "control character U+0001"),
            ("a: x\u{9B}y\n", 1, 5, "control character U+009B"),
        ]
        for (text, line, column, words) in cases {
            guard case .syntax(let l, let c, let problem)? = Self.error(text) else {
                Issue.record("\(text.debugDescription): \(String(describing: Self.error(text)))")
                continue
            }
            #expect((l, c) == (line, column), "\(text.debugDescription): \(problem)")
            #expect(problem.contains(words), "\(text.debugDescription): \(problem)")
        }
        #expect(try Self.read("a:\tb\n") == .map(["a"], [.s("b")]), "a tab after the colon separates, it does not indent")
    }

    // MARK: Hostile text

    @Test func deepNestingIsAnErrorNotAStackOverflow() {
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.unsupportedLine(flow)?.1.contains("nesting deeper than") == true)
        let mixed = String(repeating: "{a: ", count: 10_000) + "1" + String(repeating: "}", count: 10_000)
        #expect(Self.unsupportedLine(mixed)?.1.contains("nesting deeper than") == true)
        var block = ""
        for depth in 0..<200 { block += String(repeating: " ", count: depth) + "k:\n" }
        #expect(Self.unsupportedLine(block)?.1.contains("nesting deeper than") == true)
        let dashes = String(repeating: "- ", count: 5_000) + "x"
        #expect(Self.unsupportedLine(dashes)?.1.contains("nesting deeper than") == true)
    }

    @Test func hugeTextIsReadOrRefusedBySize() throws {
        let long = String(repeating: "x", count: 900_000)
        #expect(try Self.read("a: \(long)") == .map(["a"], [.s(long)]))
        let tooLarge = String(repeating: "# comment\n", count: 110_000)
        #expect(Self.unsupportedLine(tooLarge)?.1.contains("larger than 1 MiB") == true)
        let manyKeys = (0..<30_000).map { "k\($0): \($0)" }.joined(separator: "\n")
        #expect(try YAMLReader.read(manyKeys)?.mapping?.count == 30_000)
    }

    @Test func invalidUTF8InAFileIsAnErrorBeforeParsing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twb-yaml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("config.yaml")
        try Data("profiles:\n  p:\n    tenant: \u{FF}".utf8.map { $0 } + [0xFF, 0xFE, 0x0A]).write(to: file)
        #expect(throws: ConfigError.self) { try ProfileConfig.load(path: file.path) }
        let theme = dir.appendingPathComponent("bad.yaml")
        try Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xC3, 0x28, 0x0A]).write(to: theme)
        #expect(throws: ThemeError.self) { try Theme.resolve(theme.path) }
    }

    /// Random text from YAML's own characters: every input is read or refused, none crashes or hangs.
    @Test func randomTextNeverCrashes() {
        let alphabet = Array("ab:- \n\t#[]{},'\"\\&*!|>?%@`~.0x1\u{1}é\r".unicodeScalars)
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var outcomes = (read: 0, refused: 0)
        for _ in 0..<5_000 {
            var view = String.UnicodeScalarView()
            for _ in 0..<Int(next() % 60) { view.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
            if Self.error(String(view)) == nil { outcomes.read += 1 } else { outcomes.refused += 1 }
        }
        #expect(outcomes.read > 0 && outcomes.refused > 0, "\(outcomes)")
    }
}
