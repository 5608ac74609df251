import Foundation
import Testing
import DemoAPI
@testable import TechWolfAPI

/// Property-based fuzzing of everything that reads untrusted text: the JSON parser, the model decoders,
/// timestamps, the validators and origin building, the worklist parser and the terminal sanitiser.
///
/// Inputs come from a seeded SplitMix64, one generator per input (seed, target and iteration), so any
/// failure names the seed and iteration that reproduce it. `FUZZ_ITERATIONS` sets the inputs per target
/// (default small enough for a debug CI run; `scripts/fuzz` runs a million); `FUZZ_SEED` sets the seed.
/// Each target runs on a plain thread, one at a time unless `FUZZ_PARALLEL` says otherwise: a long
/// CPU-bound loop must not occupy the Swift concurrency pool, or every core, that other suites need.
@Suite struct FuzzTests {
    // MARK: JSON

    @Test func jsonParserNeverCrashesAndRoundTrips() async {
        await Fuzz.run("json") { rng, _ in
            let bytes: [UInt8]
            switch rng.int(below: 10) {
            case 0, 1: bytes = JSONGen.randomBytes(&rng)
            case 2, 3, 4, 5: bytes = JSONGen.mutate(rng.pick(JSONGen.corpus), &rng)
            case 6: bytes = Array(JSONPrinter.pretty(JSONGen.recordLike(&rng)).utf8)
            case 7: bytes = Array(JSONGen.number(&rng).utf8)
            case 8: bytes = Array(JSONGen.surrogateString(&rng).text.utf8)
            default: bytes = Array(JSONPrinter.compact(JSONGen.tree(&rng, depth: 4)).utf8)
            }
            return JSONGen.checkRoundTrip(bytes)
        }
    }

    @Test func jsonNestingLimitIsExact() async {
        await Fuzz.run("json-nesting", share: 8) { rng, _ in
            let (bytes, depth, balanced) = JSONGen.nested(&rng)
            let result = Result { try JSONParser.parse(Data(bytes)) }
            switch result {
            case .success where depth > JSONParser.maxDepth:
                return "depth \(depth) was accepted"
            case .failure where depth <= JSONParser.maxDepth && balanced:
                return "balanced depth \(depth) was refused"
            case .success(let value) where !balanced:
                return "unbalanced nesting parsed as \(JSONPrinter.compact(value).prefix(40))"
            default:
                return JSONGen.checkRoundTrip(bytes)
            }
        }
    }

    @Test func jsonNumbersKeepTheirText() async {
        await Fuzz.run("json-numbers", share: 4) { rng, _ in
            let text = JSONGen.number(&rng)
            guard let value = try? JSONParser.parse(text) else { return "valid number \(text.prefix(80)) refused" }
            guard value == .number(text) else { return "number \(text.prefix(80)) became \(value)" }
            _ = value.intValue
            _ = value.doubleValue
            return nil
        }
    }

    /// `\u` escapes decode exactly as UTF-16 with lone surrogates repaired to U+FFFD.
    @Test func jsonSurrogatesDecodeLikeRepairedUTF16() async {
        await Fuzz.run("json-surrogates", share: 4) { rng, _ in
            let (text, units) = JSONGen.surrogateString(&rng)
            let expected = String(decoding: units, as: UTF16.self)
            guard let value = try? JSONParser.parse(text) else { return "valid string \(text) refused" }
            guard case .string(let s) = value, Array(s.unicodeScalars) == Array(expected.unicodeScalars) else {
                return "\(text) decoded as \(value.stringValue.map { $0.unicodeScalars.map { String($0.value, radix: 16) } } ?? []), expected \(expected.unicodeScalars.map { String($0.value, radix: 16) })"
            }
            return JSONGen.checkRoundTrip(Array(text.utf8))
        }
    }

    /// The deepest document the parser accepts, on the concurrency pool where the client parses.
    @Test func deepestAcceptedDocumentWorksOnThePool() throws {
        var text = ""
        for level in 0..<JSONParser.maxDepth { text += level % 2 == 0 ? "[" : #"{"k":"# }
        text += "null"
        for level in (0..<JSONParser.maxDepth).reversed() { text += level % 2 == 0 ? "]" : "}" }
        let value = try JSONParser.parse(text)
        #expect(try JSONParser.parse(JSONPrinter.compact(value)) == value)
        #expect(try JSONParser.parse(JSONPrinter.pretty(value)) == value)
        #expect(JSONPrinter.lines(value).count > JSONParser.maxDepth)
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[" + text + "]") }
    }

    // MARK: Models

    @Test func modelDecodersNeverCrash() async {
        await Fuzz.run("models") { rng, iteration in
            let json = rng.chance(70) ? JSONGen.recordLike(&rng) : JSONGen.tree(&rng, depth: 3)
            // Describing a record builds date formatters: every tenth input is enough.
            return ModelProperties.check(json, describe: iteration % 10 == 0)
        }
    }

    // MARK: Timestamps

    @Test func timestampsNeverCrashAndValidOnesHaveTheRightDate() async {
        await Fuzz.run("timestamps") { rng, _ in
            switch rng.int(below: 3) {
            case 0:
                let (text, expected) = TimestampGen.valid(&rng)
                let ts = APITimestamp(parsing: text)
                guard ts.original == text else { return "original not kept for \(text)" }
                guard let date = ts.date else { return "valid timestamp \(text) has no date" }
                if let expected, abs(date.timeIntervalSince1970 - expected.seconds) > 1e-3 {
                    return "\(text) parsed as \(date.timeIntervalSince1970), expected \(expected.seconds)"
                }
                if let expected, ts.zone != expected.zone || ts.isDateOnly != expected.dateOnly {
                    return "\(text): zone \(ts.zone) dateOnly \(ts.isDateOnly), expected \(expected.zone) \(expected.dateOnly)"
                }
                return nil
            case 1:
                return TimestampGen.checkAny(TimestampGen.mutate(TimestampGen.valid(&rng).text, &rng))
            default:
                return TimestampGen.checkAny(TextGen.string(&rng, alphabet: TimestampGen.alphabet, maxLength: 40))
            }
        }
    }

    // MARK: Validators and origins

    @Test func validatorsAcceptExactlyTheAllowList() async {
        await Fuzz.run("validators") { rng, _ in
            let raw = TextGen.identifierLike(&rng)
            let asID = (try? Validators.externalID(raw, field: "id")) != nil
            if asID != Oracle.isAllowed(raw, max: 100, underscore: true) { return "externalID(\(raw.debugDescription)) accepted=\(asID)" }
            let asTenant = (try? Validators.tenant(raw)) != nil
            if asTenant != Oracle.isAllowed(raw, max: 63, underscore: true) { return "tenant(\(raw.debugDescription)) accepted=\(asTenant)" }
            let asRegion = (try? Validators.region(raw)) != nil
            if asRegion != Oracle.isRegion(raw) { return "region(\(raw.debugDescription)) accepted=\(asRegion)" }
            if asID, (try? Validators.externalID(raw, field: "id")) != raw { return "externalID changed \(raw.debugDescription)" }
            // Refusal messages name the character safely.
            do throws(ValidationError) { _ = try Validators.externalID(raw, field: "id") } catch {
                if error.description.unicodeScalars.contains(where: TerminalText.isUnsafe) { return "unsafe message for \(raw.debugDescription)" }
            }
            let region = rng.chance(50) ? raw : rng.pick(["eu3", "us3", "EU3", "x"])
            if let origin = try? APIOrigin.techWolf(tenant: raw, region: region) {
                return OriginProperties.check(origin, input: "\(raw).\(region)")
            }
            return nil
        }
    }

    @Test func baseURLValidationNeverLetsTheHostChange() async {
        await Fuzz.run("base-url") { rng, _ in
            let raw = URLGen.candidate(&rng)
            guard let origin = try? APIOrigin.baseURL(raw) else { return nil }
            guard origin.scheme == "https" || (origin.scheme == "http" && origin.isLoopback) else {
                return "\(raw.debugDescription) accepted with scheme \(origin.scheme) for host \(origin.host)"
            }
            return OriginProperties.check(origin, input: raw)
        }
    }

    // MARK: Worklists

    @Test func worklistParserNeverCrashesAndReportsLinesInRange() async {
        await Fuzz.run("worklist") { rng, _ in
            let (text, good) = WorklistGen.text(&rng)
            return WorklistGen.check(text, good: good)
        }
    }

    // MARK: Terminal text

    @Test func sanitizedTextIsSafeAndIdempotent() async {
        await Fuzz.run("sanitize") { rng, _ in
            let text = TextGen.scalars(&rng, maxLength: 48)
            let clean = TerminalText.sanitize(text)
            if let bad = clean.unicodeScalars.first(where: TerminalText.isUnsafe) {
                return "sanitize left U+\(String(bad.value, radix: 16)) in \(text.debugDescription)"
            }
            if TerminalText.sanitize(clean).unicodeScalars.elementsEqual(clean.unicodeScalars) == false {
                return "sanitize is not idempotent on \(text.debugDescription)"
            }
            if !text.unicodeScalars.contains(where: TerminalText.isUnsafe), !clean.unicodeScalars.elementsEqual(text.unicodeScalars) {
                return "safe text changed: \(text.debugDescription)"
            }
            let limit = rng.int(in: 1...60)
            let excerpt = TerminalText.excerpt(text, limit: limit)
            if excerpt.count > limit || excerpt.unicodeScalars.contains(where: TerminalText.isUnsafe) {
                return "excerpt(limit: \(limit)) of \(text.debugDescription) is \(excerpt.debugDescription)"
            }
            if JSONPrinter.quoted(text).unicodeScalars.contains(where: TerminalText.isUnsafe) {
                return "quoted JSON of \(text.debugDescription) is not inert"
            }
            return nil
        }
    }

    // MARK: Regressions found by the fuzzer

    @Test(arguments: [
        "https://a%2fb.example/", "https://a%40b/", "https://%00/", "https://ex%20ample/", "https://a%25b/",
        "https://[::1%25eth0]/", "https://exa%CC%81mple/", "https://b%C3%BCcher.example/", "https://a%3ab/",
        "https://evil%2ecom/", "https://[zz]/",
    ])
    func baseURLWithAnEncodedOrInvalidHostIsRefused(_ raw: String) {
        #expect(throws: ValidationError.self) { try APIOrigin.baseURL(raw) }
    }

    @Test func baseURLsThatStayValid() throws {
        for raw in ["https://company_xyz.eu3.techwolf.ai", "http://127.0.0.1:8080/api/", "http://[::1]:9/", "https://API.Example.COM:8443",
                    "http://localhost:1"] {
            let origin = try APIOrigin.baseURL(raw)
            #expect(OriginProperties.check(origin, input: raw) == nil)
        }
    }

    @Test func tenantWithCapitalsStaysOnItsOrigin() throws {
        let origin = try APIOrigin.techWolf(tenant: "Company_XYZ", region: "EU3")
        let url = origin.url(path: ["version"])
        #expect(origin.contains(url), "\(url) is outside \(origin)")
        #expect(OriginProperties.check(origin, input: "Company_XYZ.EU3") == nil)
    }

    /// Inputs from the million-input run (FUZZ_SEED=0xdbc4cf756c735be0); both were faults in the oracles,
    /// kept so the properties stay right about them.
    @Test func millionRunInputs() throws {
        // A combining mark right after a line feed still starts a new line.
        let text = "\u{FEFF}# comment\ne\u{301} x\n\n\u{301}(\u{1F}\u{3ABC}\u{34F}\u{FF0F}\u{241B}\u{200F}\n   \n N5afD0iY9HeD  Z \r\n"
        #expect(WorklistParser.parse(text).entries == [WorklistEntry(line: 6, employee: "N5afD0iY9HeD", interaction: "Z")])
        #expect(WorklistGen.check(text, good: [(6, "N5afD0iY9HeD", "Z")]) == nil)
        // A base path that is not valid percent-encoded UTF-8 keeps the host and the endpoint path.
        let origin = try APIOrigin.baseURL("HTTPS://127.0.0.01:8080/%C2e%2e/")
        #expect(OriginProperties.check(origin, input: "HTTPS://127.0.0.01:8080/%C2e%2e/") == nil)
    }

    @Test func strayHighSurrogateDoesNotSwallowTheNextPair() throws {
        #expect(try JSONParser.parse(#""\ud800\ud83d\ude00""#) == .string("\u{FFFD}\u{1F600}"))
        #expect(try JSONParser.parse(#""\udbff\udbff\udfff!""#) == .string("\u{FFFD}\u{10FFFF}!"))
        #expect(try JSONParser.parse(#""\ud800\u0041""#) == .string("\u{FFFD}A"))
    }
}

// MARK: - The fuzzing engine

/// The demo data's generator drives fuzzing too: a seed means the same inputs on every Swift release.
typealias FuzzRandom = SplitMix64

extension SplitMix64 {
    mutating func int(below bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }
    mutating func byte() -> UInt8 { UInt8(truncatingIfNeeded: next()) }
}

enum Fuzz {
    /// Inputs per target: `FUZZ_ITERATIONS`, else a count that keeps the whole suite a few seconds in debug.
    static var iterations: Int {
        if let raw = ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"], let n = Int(raw), n > 0 { return n }
        return 2_000
    }

    /// How many targets fuzz at the same time: `FUZZ_PARALLEL`, else one, so that a run beside the other
    /// suites leaves them a core (their in-process servers and deadline tests need it).
    static let slots: DispatchSemaphore = {
        let raw = ProcessInfo.processInfo.environment["FUZZ_PARALLEL"].flatMap { Int($0) } ?? 1
        return DispatchSemaphore(value: max(1, raw))
    }()

    /// `FUZZ_SEED` (decimal or 0x-hex), else a fixed seed so CI runs are reproducible.
    static var seed: UInt64 {
        if let raw = ProcessInfo.processInfo.environment["FUZZ_SEED"] {
            if raw.hasPrefix("0x"), let v = UInt64(raw.dropFirst(2), radix: 16) { return v }
            if let v = UInt64(raw) { return v }
        }
        return 0x7477_6272_6F77_7365
    }

    /// One generator per (seed, target, iteration), so a single failing input can be replayed alone.
    static func generator(seed: UInt64, target: String, iteration: Int) -> FuzzRandom {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in target.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        var mix = FuzzRandom(seed: seed ^ hash)
        return FuzzRandom(seed: mix.next() &+ UInt64(iteration) &* 0xD1B5_4A32_D192_ED03)
    }

    /// Runs `property` on `iterations / share` inputs on a plain thread and records the first failures
    /// (each naming the seed and iteration) as issues. A property returns nil or what went wrong.
    static func run(_ target: String, share: Int = 1, sourceLocation: SourceLocation = #_sourceLocation,
                    _ property: @escaping @Sendable (inout FuzzRandom, Int) -> String?) async {
        let count = max(1, iterations / share)
        let seed = self.seed
        let seedText = "0x" + String(seed, radix: 16)
        // Printed first, so that a crash (which no test framework survives) still leaves the seed behind.
        print("fuzz \(target): \(count) inputs, FUZZ_SEED=\(seedText)")
        let outcome: (failures: [String], seconds: Double) = await withCheckedContinuation { continuation in
            let thread = Thread {
                slots.wait()
                defer { slots.signal() }
                let started = Date()
                var failures: [String] = []
                for iteration in 0..<count {
                    var rng = generator(seed: seed, target: target, iteration: iteration)
                    if let failure = property(&rng, iteration) {
                        failures.append("FUZZ_SEED=\(seedText) target \(target) iteration \(iteration): \(failure)")
                        if failures.count >= 5 { break }
                    }
                }
                continuation.resume(returning: (failures, Date().timeIntervalSince(started)))
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        print("fuzz \(target): \(count) inputs in \(String(format: "%.2f", outcome.seconds)) s, \(outcome.failures.count) failure(s)")
        for failure in outcome.failures { Issue.record(Comment(rawValue: failure), sourceLocation: sourceLocation) }
    }
}

// MARK: - Generators and properties

enum TextGen {
    /// Scalars that matter to terminals and look-alike attacks, with their neighbours.
    static let interesting: [UInt32] = [
        0x00, 0x07, 0x08, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xA0, 0xAD,
        0x0301, 0x034F, 0x061C, 0x115F, 0x180E, 0x200A, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2010, 0x2027,
        0x2028, 0x2029, 0x202A, 0x202E, 0x202F, 0x205F, 0x2060, 0x2064, 0x2065, 0x2066, 0x206F, 0x2070, 0x2400,
        0x241B, 0x3000, 0xD7FF, 0xE000, 0xFE0F, 0xFEFE, 0xFEFF, 0xFF00, 0xFF0E, 0xFF0F, 0xFFF8, 0xFFF9, 0xFFFB,
        0xFFFC, 0xFFFD, 0xFFFF, 0x1F600, 0x1F468, 0xE0000, 0xE0001, 0xE007F, 0xE0080, 0x10FFFF,
    ]

    static func scalar(_ rng: inout FuzzRandom) -> Unicode.Scalar {
        switch rng.int(below: 6) {
        case 0, 1: return Unicode.Scalar(UInt8(rng.int(in: 0x20...0x7E)))
        case 2: return Unicode.Scalar(rng.pick(interesting))!
        case 3: return Unicode.Scalar(UInt32(rng.int(in: 0...0x2FF)))!
        case 4:
            let v = UInt32(rng.int(in: 0...0xFFFF))
            return Unicode.Scalar(v) ?? "\u{FFFD}"
        default: return Unicode.Scalar(UInt32(rng.int(in: 0x10000...0x10FFFF)))!
        }
    }

    static func scalars(_ rng: inout FuzzRandom, maxLength: Int) -> String {
        var view = String.UnicodeScalarView()
        for _ in 0..<rng.int(in: 0...maxLength) { view.append(scalar(&rng)) }
        return String(view)
    }

    static func string(_ rng: inout FuzzRandom, alphabet: [String], maxLength: Int) -> String {
        var out = ""
        for _ in 0..<rng.int(in: 0...maxLength) {
            out += rng.chance(90) ? rng.pick(alphabet) : String(scalar(&rng))
        }
        return out
    }

    static let idCharacters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_").map(String.init)
    static let hostilePieces = [
        ".", "..", "/", "\\", "@", ":", "#", "?", "%", "%2e", "%2E", "%2f", "%2F", "%40", "%00", " ", "\t", "\n", "\r\n",
        "\0", "\u{FF0E}", "\u{2024}", "\u{3002}", "\u{FF0F}", "\u{2215}", "\u{0430}", "\u{0131}", "\u{212A}", "\u{017F}",
        "\u{0301}", "\u{FEFF}", "\u{200B}", "\u{202E}", "😀", "\u{FB01}", "\u{FF21}", "\u{0661}", "\u{00B2}", "\u{00E9}",
        "e\u{0301}", "\u{1B}[", "\u{9B}",
    ]

    /// Mostly allowed characters, sometimes a hostile piece, at lengths around the 63 and 100 limits.
    static func identifierLike(_ rng: inout FuzzRandom) -> String {
        let length = rng.pick([0, 1, 2, 5, 20, 62, 63, 64, 99, 100, 101, rng.int(in: 0...130)])
        let hostility = rng.pick([0, 0, 1, 5, 30])
        var out = ""
        for _ in 0..<length {
            out += rng.int(below: 100) < hostility ? rng.pick(hostilePieces) : rng.pick(idCharacters)
        }
        return out
    }
}

/// Independent statements of the allow-lists, on bytes (no shared code with `Validators`).
enum Oracle {
    static func isAllowedByte(_ b: UInt8, underscore: Bool) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: "-") || (underscore && b == UInt8(ascii: "_"))
    }

    /// `^[A-Za-z0-9_-]{1,max}$` over the whole text (every byte ASCII, so bytes are characters).
    static func isAllowed(_ text: String, max: Int, underscore: Bool) -> Bool {
        let bytes = Array(text.utf8)
        return (1...max).contains(bytes.count) && bytes.allSatisfy { isAllowedByte($0, underscore: underscore) }
    }

    /// `^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`
    static func isRegion(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard isAllowed(text, max: 63, underscore: false) else { return false }
        return bytes.first != UInt8(ascii: "-") && bytes.last != UInt8(ascii: "-")
    }
}

enum OriginProperties {
    /// What must hold for any origin the validators accepted: building a URL never changes the host,
    /// port or scheme, adds nothing (user, query, fragment), and stays inside the origin.
    static func check(_ origin: APIOrigin, input: String) -> String? {
        for segments in [["version"], ["employees", "E-1001", "interactions", "int_9"], ["vacancies", "v"]] {
            let url = origin.url(path: segments, query: [URLQueryItem(name: "limit", value: "5")])
            var host = url.host ?? ""
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if host != origin.host { return "\(input.debugDescription): built \(url.absoluteString) whose host \(host) is not \(origin.host)" }
            if url.port != origin.port { return "\(input.debugDescription): port \(String(describing: url.port)) is not \(String(describing: origin.port))" }
            if url.scheme != origin.scheme { return "\(input.debugDescription): scheme changed in \(url.absoluteString)" }
            if url.user != nil || url.password != nil || url.fragment != nil {
                return "\(input.debugDescription): \(url.absoluteString) gained a user or fragment"
            }
            if !origin.contains(url) { return "\(input.debugDescription): \(url.absoluteString) is not inside \(origin)" }
            if !url.path(percentEncoded: true).hasSuffix("/" + segments.joined(separator: "/")) {
                return "\(input.debugDescription): path of \(url.absoluteString)"
            }
        }
        return nil
    }
}

enum URLGen {
    static let schemes = ["https", "http", "HTTPS", "HtTp", "ftp", "file", "javascript", "", "https:", "ws"]
    static let separators = ["://", "://", "://", ":/", ":", "//", ":\\\\", ":///"]
    static let userinfos = ["", "", "", "", "user@", "user:pw@", "@", "127.0.0.1@", "%40@", "a:b@c@"]
    static let hosts = [
        "127.0.0.1", "localhost", "LOCALHOST", "[::1]", "[0:0:0:0:0:0:0:1]", "127.1", "127.0.0.01", "127.255.255.255",
        "example.com", "API.TechWolf.ai", "company_xyz.eu3.techwolf.ai", "evil%2ecom", "a%2fb", "a%40b", "%00",
        "exa%CC%81mple", "bücher.example", "[::1%25eth0]", "[zz]", "[:::::]", "..", ".", "127.0.0.1.evil.com",
        "xn--bcher-kva.example", "ex ample", "a%3ab", "[::ffff:127.0.0.1]", "0x7f.1", "2130706433", "127.0.0.1%2f..",
        "\u{FF11}\u{FF12}\u{FF17}.0.0.1", "example\u{3002}com", "[fe80::1]", "[::1]]", "[[::1]", "a_b-c.d", "",
    ]
    static let ports = ["", "", "", ":8080", ":0", ":65535", ":99999", ":-1", ":abc", ":", ":80:80", ":0008080"]
    static let paths = ["", "", "/", "/api", "/api/", "/%2e%2e/", "/../x", "/a b", "/ä", "//x", "/x?", "/#"]
    static let suffixes = ["", "", "", "", "?q=1", "#frag", "?", "#"]

    static func candidate(_ rng: inout FuzzRandom) -> String {
        var text = rng.pick(schemes) + rng.pick(separators) + rng.pick(userinfos)
        text += rng.chance(85) ? rng.pick(hosts) : TextGen.identifierLike(&rng)
        text += rng.pick(ports) + rng.pick(paths) + rng.pick(suffixes)
        if rng.chance(30) {
            var scalars = Array(text.unicodeScalars)
            let piece = rng.chance(50) ? rng.pick(TextGen.hostilePieces) : String(TextGen.scalar(&rng))
            scalars.insert(contentsOf: piece.unicodeScalars, at: rng.int(in: 0...scalars.count))
            if rng.chance(30), !scalars.isEmpty { scalars.remove(at: rng.int(below: scalars.count)) }
            text = String(String.UnicodeScalarView(scalars))
        }
        return text
    }
}

enum JSONGen {
    static let corpus: [[UInt8]] = [
        Fixtures.record,
        #"{"external_id":"int-1","interaction_type":"vacancy_liked","timestamp":"2023-06-08T14:42:31.130855","title":"Ünïcødé \u00e9 \ud83d\ude00 \" \\ \/ \b\f\n\r\t","extra":{"a":[1,-0.5e+10,true,false,null]},"n":-0,"big":123456789012345678901234567890}"#,
        #"{"count": 2, "results": [{"external_id": "E-1", "active": true, "location": {"lat": 51.05, "lng": 3.72}}, "E-2"]}"#,
        #"["E-1", "E-2", "E-3"]"#,
        #"[{"title": "401 Unauthorized", "description": "OAuth access token is missing, invalid or expired."}]"#,
        #"{"job_title": "Engineer", "job_description": "…", "languages": ["nl", "en"], "last_updated": "2021-01-21T17:32:28Z"}"#,
        #"[[[[[[[[[[{}]]]]]]]]]]"#,
        #""\ud800 \udc00 \ud800\u0041 \ud800\ud800\udc00 \udbff\udfff""#,
        #"[1e400, -1E-400, 0.0000000000000000000000001, 12345678901234567890123456789012345678901234567890, -0.0e-0]"#,
        "\u{FEFF}{\"bom\": true}",
        #"{"a":{"b":{"c":{"d":{"e":{"f":"g"}}}}}}"#,
        " \t\r\n[ \t\r\n] \t\r\n",
    ].map { Array($0.utf8) }

    static let alphabet: [UInt8] = Array("{}[]\":,.-+eE0123456789 \\/ntrufalsbu\t\r\nx".utf8)
        + [0x00, 0x1B, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC3, 0xE2, 0xED, 0xEF, 0xBB, 0xF0, 0xF4, 0xF5, 0xFF]
    static let tokens = [
        "\\u", "\\ud800", "\\udfff", "\\udbff\\udfff", "\\u00", "\\", "\"", "{", "[", "]", "}", "1e99999", "-", ".",
        "0x", "NaN", "Infinity", ",", ":", "tru", "nul", "\"\":", "-0", "01", "1.", ".5", "1e", "\u{00}", "\u{1B}",
    ].map { Array($0.utf8) }

    static func randomBytes(_ rng: inout FuzzRandom) -> [UInt8] {
        (0..<rng.int(in: 0...48)).map { _ in rng.chance(60) ? rng.pick(alphabet) : rng.byte() }
    }

    static func mutate(_ input: [UInt8], _ rng: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<rng.int(in: 1...4) {
            let at = rng.int(in: 0...bytes.count)
            switch rng.int(below: 8) {
            case 0 where !bytes.isEmpty:
                let i = rng.int(below: bytes.count)
                bytes[i] ^= UInt8(1) << UInt8(rng.int(below: 8))
            case 1 where !bytes.isEmpty: bytes[rng.int(below: bytes.count)] = rng.pick(alphabet)
            case 2: bytes.insert(rng.chance(70) ? rng.pick(alphabet) : rng.byte(), at: at)
            case 3 where !bytes.isEmpty: bytes.remove(at: rng.int(below: bytes.count))
            case 4 where bytes.count > 1:
                let start = rng.int(below: bytes.count)
                let end = min(bytes.count, start + rng.int(in: 1...16))
                bytes.removeSubrange(start..<end)
            case 5 where bytes.count > 1:
                let start = rng.int(below: bytes.count)
                let end = min(bytes.count, start + rng.int(in: 1...16))
                bytes.insert(contentsOf: bytes[start..<end], at: at)
            case 6: bytes.insert(contentsOf: rng.pick(tokens), at: at)
            default: bytes = Array(bytes.prefix(at))
            }
        }
        return bytes
    }

    /// Nesting around the limit and far beyond it; sometimes unclosed or closed with the wrong bracket.
    static func nested(_ rng: inout FuzzRandom) -> (bytes: [UInt8], depth: Int, balanced: Bool) {
        let depth = rng.chance(70) ? rng.int(in: (JSONParser.maxDepth - 3)...(JSONParser.maxDepth + 3)) : rng.int(in: 1...3000)
        var open: [UInt8] = []
        var closing: [UInt8] = []
        for _ in 0..<depth {
            if rng.chance(50) {
                open += Array("[".utf8)
                closing.append(UInt8(ascii: "]"))
            } else {
                open += Array(#"{"k":"#.utf8)
                closing.append(UInt8(ascii: "}"))
            }
        }
        var close = Array(closing.reversed())
        var balanced = true
        switch rng.int(below: 10) {
        case 0:
            close = Array(close.prefix(rng.int(below: close.count)))
            balanced = false
        case 1 where !close.isEmpty:
            let i = rng.int(below: close.count)
            close[i] = close[i] == UInt8(ascii: "]") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            balanced = false
        default: break
        }
        return (open + Array("0".utf8) + close, depth, balanced)
    }

    /// A valid JSON number: huge integers, long fractions, extreme exponents.
    static func number(_ rng: inout FuzzRandom) -> String {
        func digits(_ n: Int, leadingZeroAllowed: Bool) -> String {
            var s = ""
            for i in 0..<n { s.append(Character(Unicode.Scalar(UInt8(ascii: "0") + UInt8(i == 0 && !leadingZeroAllowed ? rng.int(in: 1...9) : rng.int(in: 0...9))))) }
            return s
        }
        var text = rng.chance(30) ? "-" : ""
        let intLength = rng.pick([1, 1, 2, 19, 20, rng.int(in: 1...400), rng.chance(5) ? 5000 : 3])
        text += rng.chance(15) ? "0" : digits(intLength, leadingZeroAllowed: false)
        if rng.chance(40) { text += "." + digits(rng.pick([1, 6, 17, rng.int(in: 1...300)]), leadingZeroAllowed: true) }
        if rng.chance(40) {
            text += rng.pick(["e", "E"]) + rng.pick(["", "+", "-"]) + digits(rng.int(in: 1...6), leadingZeroAllowed: true)
        }
        return text
    }

    /// A JSON string of `\u` escapes (paired, lone and reversed surrogates) and plain characters, with the
    /// UTF-16 code units it stands for.
    static func surrogateString(_ rng: inout FuzzRandom) -> (text: String, units: [UInt16]) {
        var text = "\""
        var units: [UInt16] = []
        func hex(_ v: UInt16) -> String {
            let h = String(v, radix: 16, uppercase: rng.chance(50))
            return "\\u" + String(repeating: "0", count: 4 - h.count) + h
        }
        for _ in 0..<rng.int(in: 0...8) {
            switch rng.int(below: 7) {
            case 0, 1:
                let high = UInt16(rng.int(in: 0xD800...0xDBFF))
                text += hex(high); units.append(high)
            case 2, 3:
                let low = UInt16(rng.int(in: 0xDC00...0xDFFF))
                text += hex(low); units.append(low)
            case 4:
                let unit = UInt16(rng.pick([0x41, 0x0A, 0x1B, 0xE9, 0xFFFD, 0xFEFF, 0xD7FF, 0xE000]))
                text += hex(unit); units.append(unit)
            case 5:
                text += "a"; units.append(0x61)
            default:
                text += "😀"; units.append(contentsOf: Array("😀".utf16))
            }
        }
        return (text + "\"", units)
    }

    static let keys = ["external_id", "interaction_type", "timestamp", "vacancy_id", "title", "results", "count",
                       "job_title", "company", "active", "last_updated", "assigned_position", "organisational_unit",
                       "", "\u{1B}[2J", "a\u{202E}b", "external_id"]

    static func string(_ rng: inout FuzzRandom) -> String {
        switch rng.int(below: 5) {
        case 0: return TimestampGen.valid(&rng).text
        case 1: return TextGen.identifierLike(&rng)
        case 2: return rng.pick(["", "vacancy_liked", "E-1001", "2025-05-02", "\u{1B}]52;c;ZXZpbA==\u{07}"])
        default: return TextGen.scalars(&rng, maxLength: 16)
        }
    }

    static func scalarValue(_ rng: inout FuzzRandom) -> JSONValue {
        switch rng.int(below: 6) {
        case 0: return .null
        case 1: return .bool(rng.chance(50))
        case 2: return .number(number(&rng))
        default: return .string(string(&rng))
        }
    }

    static func tree(_ rng: inout FuzzRandom, depth: Int) -> JSONValue {
        if depth == 0 || rng.chance(40) { return scalarValue(&rng) }
        if rng.chance(50) {
            return .array((0..<rng.int(in: 0...4)).map { _ in tree(&rng, depth: depth - 1) })
        }
        return .object((0..<rng.int(in: 0...5)).map { _ in JSONMember(rng.pick(keys), tree(&rng, depth: depth - 1)) })
    }

    /// An object with the models' field names holding anything, duplicates and unknown fields included.
    static func recordLike(_ rng: inout FuzzRandom) -> JSONValue {
        var members: [JSONMember] = []
        for _ in 0..<rng.int(in: 0...8) {
            let value: JSONValue = rng.chance(55) ? .string(string(&rng)) : tree(&rng, depth: 2)
            members.append(JSONMember(rng.pick(keys), value))
        }
        if rng.chance(20) {
            members.append(JSONMember("results", .array((0..<rng.int(in: 0...3)).map { _ in rng.chance(50) ? .string(string(&rng)) : recordLikeFlat(&rng) })))
        }
        return .object(members)
    }

    private static func recordLikeFlat(_ rng: inout FuzzRandom) -> JSONValue {
        .object((0..<rng.int(in: 0...4)).map { _ in JSONMember(rng.pick(keys), scalarValue(&rng)) })
    }

    /// Whatever parses must print (compactly and prettily) as inert text that parses back to the same value.
    static func checkRoundTrip(_ bytes: [UInt8]) -> String? {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Data(bytes))
        } catch is JSONParseError {
            return nil
        } catch {
            return "parse threw \(type(of: error)) for \(describe(bytes))"
        }
        let compact = JSONPrinter.compact(value)
        if compact.unicodeScalars.contains(where: TerminalText.isUnsafe) { return "compact output is not inert for \(describe(bytes))" }
        guard let again = try? JSONParser.parse(compact) else { return "compact output does not parse: \(compact.prefix(200)) from \(describe(bytes))" }
        if again != value { return "round trip changed \(describe(bytes)) into \(compact.prefix(200))" }
        let pretty = JSONPrinter.pretty(value)
        if (try? JSONParser.parse(pretty)) != value { return "pretty output does not round-trip for \(describe(bytes))" }
        return nil
    }

    static func describe(_ bytes: [UInt8]) -> String {
        let shown = bytes.prefix(120).map { String(format: "%02x", $0) }.joined()
        return "\(bytes.count) bytes [\(shown)\(bytes.count > 120 ? "…" : "")]"
    }
}

enum ModelProperties {
    static func check(_ json: JSONValue, describe: Bool) -> String? {
        let shown = JSONPrinter.compact(json).prefix(200)
        let isObject = json.members != nil

        do {
            let record = try InteractionRecord(json: json)
            if !isObject { return "InteractionRecord accepted \(json.kindName)" }
            if record.raw != json { return "record.raw differs for \(shown)" }
            if record.unknownFields.contains(where: { InteractionRecord.knownFields.contains($0.key) }) { return "known field listed as unknown in \(shown)" }
            for key in InteractionRecord.knownFields {
                if let value = json[key], value.stringValue == nil, value != .null,
                   !record.warnings.contains("\(key) should be a string but is \(value.kindName)") {
                    return "no warning for \(key) = \(value.kindName) in \(shown)"
                }
            }
            if record.vacancyID != json["vacancy_id"]?.stringValue || record.title != json["title"]?.stringValue {
                return "target \(record.target) does not match \(shown)"
            }
            for line in describe ? RecordDescription.lines(record, vacancy: nil, source: nil, now: Date(timeIntervalSince1970: 1_750_000_000)) : []
            where (line.label + line.value).unicodeScalars.contains(where: TerminalText.isUnsafe) {
                return "record line \(line.label.debugDescription) is not inert for \(shown)"
            }
        } catch {
            if isObject { return "InteractionRecord refused an object: \(error.message) for \(shown)" }
        }

        do {
            let employee = try Employee(json: json)
            if employee.externalID != json["external_id"]?.stringValue { return "employee ID mismatch for \(shown)" }
        } catch {
            if isObject, json["external_id"]?.stringValue != nil { return "Employee refused \(shown): \(error.message)" }
        }

        do {
            let page = try EmployeesPage(json: json)
            if let array = json.arrayValue, page.items.count != array.count { return "page lost items for \(shown)" }
            if let results = json["results"]?.arrayValue, page.items.count != results.count { return "page lost results for \(shown)" }
        } catch {
            if json.arrayValue?.isEmpty == true { return "EmployeesPage refused [] " }
        }

        do {
            let vacancy = try Vacancy(json: json)
            if !isObject { return "Vacancy accepted \(json.kindName)" }
            if vacancy.raw != json { return "vacancy.raw differs" }
        } catch {
            if isObject { return "Vacancy refused an object: \(error.message)" }
        }

        for line in JSONPrinter.lines(json) where line.text.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            return "printed line is not inert for \(shown)"
        }
        return nil
    }
}

enum TimestampGen {
    static let alphabet = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "1", "2", "-", "-", ":", ":", "T", "t", " ",
                           "Z", "z", "+", ".", ",", "\u{FF10}", "\u{0661}", "\0"]

    struct Expected {
        let seconds: Double
        let zone: APITimestamp.Zone
        let dateOnly: Bool
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    /// A valid timestamp in one of the accepted shapes, and its instant.
    static func valid(_ rng: inout FuzzRandom) -> (text: String, expected: Expected?) {
        // The oracle is proleptic Gregorian, as ISO 8601 is, for every year (ICU's calendar was Julian before
        // 1582-10-15, so the parser does its own arithmetic).
        let year = rng.chance(95) ? rng.int(in: 1583...9999) : rng.int(in: 0...1582)
        let month = rng.int(in: 1...12)
        let monthDays = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let day = rng.chance(20) ? monthDays : rng.int(in: 1...monthDays)
        var text = "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        let base = Double(days(year, month, day) * 86_400)
        if rng.chance(25) { return (text, Expected(seconds: base, zone: .none, dateOnly: true)) }
        let hour = rng.int(in: 0...23), minute = rng.int(in: 0...59)
        text += rng.pick(["T", "t", " "]) + "\(pad(hour, 2)):\(pad(minute, 2))"
        var seconds = base + Double(hour * 3600 + minute * 60)
        if rng.chance(80) {
            let second = rng.chance(3) ? 60 : rng.int(in: 0...59)
            text += ":\(pad(second, 2))"
            seconds += Double(second)
            if rng.chance(50) {
                let digits = rng.int(in: 1...12)
                var fraction = ""
                for _ in 0..<digits { fraction += String(rng.int(in: 0...9)) }
                text += rng.pick([".", ","]) + fraction
                seconds += Double("0." + fraction)!
            }
        }
        var zone = APITimestamp.Zone.none
        switch rng.int(below: 4) {
        case 0: break
        case 1:
            text += rng.pick(["Z", "z"])
            zone = .utc
        default:
            let negative = rng.chance(50)
            let oh = rng.int(in: 0...23), om = rng.chance(50) ? 0 : rng.int(in: 0...59)
            text += (negative ? "-" : "+") + pad(oh, 2) + rng.pick([":", ""]) + pad(om, 2)
            let offset = (negative ? -1 : 1) * (oh * 3600 + om * 60)
            seconds -= Double(offset)
            zone = offset == 0 ? .utc : .offset(offset)
        }
        return (text, Expected(seconds: seconds, zone: zone, dateOnly: false))
    }

    static func mutate(_ text: String, _ rng: inout FuzzRandom) -> String {
        var scalars = Array(text.unicodeScalars)
        for _ in 0..<rng.int(in: 1...3) {
            let at = rng.int(in: 0...scalars.count)
            switch rng.int(below: 4) {
            case 0 where !scalars.isEmpty: scalars.remove(at: rng.int(below: scalars.count))
            case 1: scalars.insert(contentsOf: rng.pick(alphabet).unicodeScalars, at: at)
            case 2 where !scalars.isEmpty: scalars[rng.int(below: scalars.count)] = rng.pick(alphabet).unicodeScalars.first!
            default: scalars.insert(TextGen.scalar(&rng), at: at)
            }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    static func checkAny(_ text: String) -> String? {
        let ts = APITimestamp(parsing: text)
        if ts.original != text { return "original not kept for \(text.debugDescription)" }
        if ts.isValid != (ts.date != nil) { return "isValid disagrees with date for \(text.debugDescription)" }
        if let date = ts.date {
            // Four-digit years only: anything parsed lies between year 0 and 9999.
            if date.timeIntervalSince1970 < -62_200_000_000 || date.timeIntervalSince1970 > 253_403_000_000 {
                return "\(text.debugDescription) parsed as an impossible instant \(date.timeIntervalSince1970)"
            }
            if !text.unicodeScalars.allSatisfy(\.isASCII) { return "non-ASCII \(text.debugDescription) parsed as valid" }
        }
        _ = TimestampText.cell(ts, now: Date(timeIntervalSince1970: 1_750_000_000))
        return nil
    }
}

enum WorklistGen {
    static let separators = [" ", "\t", ",", "/", "  ", " \t ", ", "]
    static let junk = ["#", "# comment", "", "   ", "\t", "a b c", "a", "\0", "\u{FEFF}", "\r", "E-1;I-1", "E-1 I\u{0301}", "../x y",
                       "e\u{0301} x", "\u{202E}E-1 I-1", "E-1\u{00A0}I-1", "😀 😀", "a,,b", "a//b", ",a,b,"]

    /// Lines of known-good pairs and junk, joined by LF or CRLF, sometimes with a BOM; also raw bytes.
    static func text(_ rng: inout FuzzRandom) -> (String, [(line: Int, employee: String, interaction: String)]) {
        if rng.chance(20) {
            let bytes = (0..<rng.int(in: 0...80)).map { _ in rng.chance(50) ? rng.pick(Array(" \t,/\r\n#-_aZ09".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF]) : rng.byte() }
            return (String(decoding: bytes, as: UTF8.self), [])
        }
        var lines: [String] = []
        var good: [(Int, String, String)] = []
        for number in 1...rng.int(in: 1...12) {
            if rng.chance(50) {
                let e = validID(&rng), i = validID(&rng)
                let indent = rng.pick(["", " ", "\t"])
                lines.append(indent + e + rng.pick(separators) + i + rng.pick(["", " ", "\t", "\r"]))
                good.append((number, e, i))
            } else {
                // No LF inside a line (a CR may stay: alone it does not end a line).
                let scalars = TextGen.scalars(&rng, maxLength: 12).unicodeScalars.filter { $0 != "\n" }
                lines.append(rng.chance(70) ? rng.pick(junk) : String(String.UnicodeScalarView(scalars)))
            }
        }
        var text = ""
        for (index, line) in lines.enumerated() {
            text += line
            if index < lines.count - 1 || rng.chance(30) { text += rng.chance(50) ? "\r\n" : "\n" }
        }
        if rng.chance(20) { text = "\u{FEFF}" + text }
        return (text, good)
    }

    static func validID(_ rng: inout FuzzRandom) -> String {
        var s = ""
        for _ in 0..<rng.pick([1, 5, 12, 100]) { s += rng.pick(TextGen.idCharacters) }
        return s
    }

    static func check(_ text: String, good: [(line: Int, employee: String, interaction: String)]) -> String? {
        let (entries, problems) = WorklistParser.parse(text)
        let lineCount = text.unicodeScalars.filter { $0 == "\n" }.count + 1
        let numbers = entries.map(\.line) + problems.map(\.line)
        if let bad = numbers.first(where: { !(1...lineCount).contains($0) }) {
            return "line number \(bad) outside 1...\(lineCount) for \(text.debugDescription)"
        }
        if Set(numbers).count != numbers.count { return "a line was reported twice in \(text.debugDescription)" }
        for entry in entries where !Oracle.isAllowed(entry.employee, max: 100, underscore: true) || !Oracle.isAllowed(entry.interaction, max: 100, underscore: true) {
            return "invalid IDs in entry \(entry) from \(text.debugDescription)"
        }
        for problem in problems where problem.description.unicodeScalars.contains(where: TerminalText.isUnsafe) {
            return "problem message is not inert: \(problem.description.debugDescription)"
        }
        for pair in good where !entries.contains(WorklistEntry(line: pair.line, employee: pair.employee, interaction: pair.interaction)) {
            return "good line \(pair.line) (\(pair.employee) \(pair.interaction)) missing from \(entries) for \(text.debugDescription)"
        }
        return nil
    }
}
