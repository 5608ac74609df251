import Foundation
import Testing
@testable import TechWolfAPI

@Suite struct TimestampTests {
    @Test func noZoneWithMicroseconds() throws {
        let ts = APITimestamp(parsing: "2023-06-08T14:42:31.130855")
        #expect(ts.isValid && ts.zone == .none && !ts.isDateOnly)
        let seconds = try #require(ts.date).timeIntervalSince1970
        #expect(abs(seconds - 1_686_235_351.130855) < 0.000_01)
        #expect(TimestampText.utc(ts) == "2023-06-08 14:42:31.130855 UTC (no zone given; read as UTC)")
    }

    @Test func dateOnly() {
        let ts = APITimestamp(parsing: "2025-05-02")
        #expect(ts.isValid && ts.isDateOnly)
        #expect(ts.date?.timeIntervalSince1970 == 1_746_144_000)
        #expect(TimestampText.utc(ts) == "2025-05-02 (date only)")
        #expect(TimestampText.local(ts) == nil)
    }

    @Test func oldDatesAreProlepticGregorian() throws {
        // ISO 8601 is proleptic Gregorian: no Julian switch in 1582, and the text comes back as sent.
        for text in ["1500-03-01T12:00:00Z", "1582-10-04T00:00:00Z", "0001-01-01T00:00:00Z", "0400-02-29T23:59:59Z"] {
            let ts = APITimestamp(parsing: text)
            let utc = try #require(TimestampText.utc(ts))
            #expect(utc == text.replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC"))
        }
        // 1582-10-05 does not exist in the Julian-to-Gregorian calendar, but does in ISO 8601.
        #expect(APITimestamp(parsing: "1582-10-05").date?.timeIntervalSince1970 == -12_220_156_800)
    }

    @Test func requestLogTimestampsAreISO8601UTCWithMilliseconds() {
        #expect(CivilTime.iso8601(Date(timeIntervalSince1970: 1_764_488_220.1234)) == "2025-11-30T07:37:00.123Z")
        #expect(CivilTime.iso8601(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(CivilTime.iso8601(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
    }

    @Test func localTimeUsesTheZoneOffset() throws {
        let ts = APITimestamp(parsing: "2024-12-31T23:30:00Z")
        let tokyo = try #require(TimeZone(identifier: "Asia/Tokyo"))
        let local = try #require(TimestampText.local(ts, zone: DisplayZone(tokyo)))
        #expect(local.hasPrefix("2025-01-01 08:30:00 "))
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        #expect(TimestampText.local(ts, zone: DisplayZone(newYork))?.hasPrefix("2024-12-31 18:30:00 ") == true)
    }

    @Test func systemZoneFollowsTZLikeTheCLibrary() throws {
        // The default zone is the C library's (TZ), so it agrees with `date` on the same machine; this test
        // process's TZ is whatever the machine has, so compare with localtime_r's own answer.
        let ts = APITimestamp(parsing: "2024-07-01T12:00:00Z")
        let date = try #require(ts.date)
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        _ = localtime_r(&t, &parts)
        let expected = CivilTime.text(date, offset: Int(parts.tm_gmtoff), time: true)
        #expect(TimestampText.local(ts)?.hasPrefix(expected) == true)
        #expect(DisplayZone.numeric(19_800) == "+0530" && DisplayZone.numeric(-3_600) == "-0100" && DisplayZone.numeric(0) == "+0000")
    }

    @Test func utcZ() {
        let ts = APITimestamp(parsing: "2021-01-21T17:32:28Z")
        #expect(ts.zone == .utc)
        #expect(ts.date?.timeIntervalSince1970 == 1_611_250_348)
    }

    @Test func offsets() {
        let plus = APITimestamp(parsing: "2024-03-01T09:15:00+02:00")
        #expect(plus.zone == .offset(7200))
        #expect(plus.date?.timeIntervalSince1970 == 1_709_277_300)
        let compact = APITimestamp(parsing: "2024-03-01T09:15:00-0530")
        #expect(compact.zone == .offset(-19800))
        #expect(APITimestamp(parsing: "2024-03-01T07:15:00+00:00").zone == .utc)
    }

    @Test(arguments: ["", "yesterday", "2023-13-01", "2023-02-30", "2023-06-08T25:00:00", "2023-06-08T14:42:31Zjunk",
                      "2023-06-08T14:42:31+99:00", "20230608"])
    func invalidTextIsKeptButFlagged(_ text: String) {
        let ts = APITimestamp(parsing: text)
        #expect(!ts.isValid)
        #expect(ts.original == text)
    }

    @Test func relativeWording() {
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RelativeTime.phrase(now.addingTimeInterval(-3 * 86_400), now: now) == "3 days ago")
        #expect(RelativeTime.phrase(now.addingTimeInterval(90), now: now) == "in 1 min")
        #expect(RelativeTime.phrase(now, now: now) == "just now")
    }
}

@Suite struct InteractionDecodingTests {
    @Test func documentedExample() throws {
        let record = try InteractionRecord(json: JSONParser.parse("""
            {"external_id": "a3903505-eb84-42dc-a79f-5e7b1fe897b7", "interaction_type": "vacancy_liked",
             "timestamp": "2023-06-08T14:42:31.130855", "vacancy_id": "a3903505-eb84-42dc-a79f-5e7b1fe897b7"}
            """))
        #expect(record.externalID == "a3903505-eb84-42dc-a79f-5e7b1fe897b7")
        #expect(record.target == .vacancy("a3903505-eb84-42dc-a79f-5e7b1fe897b7"))
        #expect(record.warnings.isEmpty)
        #expect(record.unknownFields.isEmpty)
    }

    @Test func titleAndUnknownFieldsAreKeptInOrder() throws {
        let json = try JSONParser.parse(#"{"external_id": "i1", "interaction_type": "something_new", "title": "機械エンジニア", "score": 0.870, "meta": {"k": 1}}"#)
        let record = try InteractionRecord(json: json)
        #expect(record.target == .title("機械エンジニア"))
        #expect(record.interactionType == "something_new")
        #expect(record.unknownFields.map(\.key) == ["score", "meta"])
        #expect(JSONPrinter.compact(record.raw) == #"{"external_id":"i1","interaction_type":"something_new","title":"機械エンジニア","score":0.870,"meta":{"k":1}}"#)
    }

    @Test func bothAndNeitherAreFlaggedNotDropped() throws {
        let both = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i", "interaction_type": "t", "vacancy_id": "v", "title": "x"}"#))
        #expect(both.target == .both(vacancyID: "v", title: "x"))
        #expect(both.warnings.contains { $0.contains("both") })
        let neither = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i", "interaction_type": "t"}"#))
        #expect(neither.target == .neither)
        #expect(neither.warnings.contains { $0.contains("neither") })
    }

    @Test func wrongTypesBecomeWarnings() throws {
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": 5, "interaction_type": null, "title": "x", "timestamp": "soon"}"#))
        #expect(record.externalID == nil)
        #expect(record.warnings.contains("external_id should be a string but is a number"))
        #expect(record.warnings.contains { $0.contains("timestamp") })
        #expect(record.timestamp?.original == "soon")
    }

    @Test(arguments: ["[]", "\"x\"", "null", "42"])
    func nonObjectsAreUndecodable(_ body: String) {
        #expect(throws: DecodingProblem.self) { try InteractionRecord(json: JSONParser.parse(body)) }
    }

    @Test func recordDescriptionShowsEverything() throws {
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i1", "interaction_type": "vacancy_liked", "timestamp": "2025-05-02", "vacancy_id": "v1", "channel": "mobile\u001b[2J"}"#))
        let vacancy = try Vacancy(json: JSONParser.parse(#"{"external_id": "v1", "job_title": "数据分析师"}"#))
        let now = Date(timeIntervalSince1970: 1_746_144_000 + 3 * 86_400)
        let text = RecordDescription.text(RecordDescription.lines(record, vacancy: .resolved(vacancy), source: .cache(age: 40), now: now))
        #expect(text.contains("2025-05-02 (date only)"))
        #expect(text.contains("3 days ago"))
        #expect(text.contains("数据分析师"))
        #expect(text.contains("mobile␛[2J"))
        #expect(text.contains("cache, age 40 s"))
        #expect(!text.contains("\u{1B}"))
    }
}

@Suite struct EmployeeDecodingTests {
    @Test func pageWithCountAndResults() throws {
        let page = try EmployeesPage(json: JSONParser.parse(#"{"count": 240, "results": [{"external_id": "E-1", "assigned_position": "Dev", "active": true, "future": 1}]}"#))
        #expect(page.count == 240)
        #expect(page.items.first?.employee?.assignedPosition == "Dev")
        #expect(page.items.first?.employee?.unknownFields.map(\.key) == ["future"])
    }

    @Test func olderPlainArrayOfIDs() throws {
        let page = try EmployeesPage(json: JSONParser.parse(#"["E-1", "E-2"]"#))
        #expect(page.count == nil)
        #expect(page.items == [.idOnly("E-1"), .idOnly("E-2")])
    }

    @Test(arguments: [#"{"count": 1}"#, #"[1, 2]"#, #""x""#, "null"])
    func wrongShapesAreUndecodable(_ body: String) {
        #expect(throws: DecodingProblem.self) { try EmployeesPage(json: JSONParser.parse(body)) }
    }
}

/// The record screen and `get --format text` say when the text they show is not what the server sent.
@Suite struct RecordDescriptionTextTests {
    @Test func controlOrBidiCharactersInTheRecordAreAWarning() throws {
        let plain = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i-1", "interaction_type": "vacancy_liked", "title": "Engineer"}"#))
        #expect(!RecordDescription.lines(plain, vacancy: nil, source: nil).contains { $0.label == "Warning" })
        for hostile in [#"Engineer\u001b[31m"#, #"Engi\u202eneer"#, #"Eng\u200bineer"#] {
            let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i-1", "interaction_type": "vacancy_liked", "title": ""# + hostile + #""}"#))
            let warnings = RecordDescription.lines(record, vacancy: nil, source: nil).filter { $0.label == "Warning" }
            #expect(warnings.map(\.value) == ["some text holds control or bidi characters, shown as ␛ or <U+…>"], "\(hostile)")
        }
        let inUnknown = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i-1", "interaction_type": "x", "title": "t", "note\u202e": "a"}"#))
        #expect(RecordDescription.lines(inUnknown, vacancy: nil, source: nil).contains { $0.label == "Warning" })
    }

    @Test func theVacancysCompanyIsLabelledAsAnID() throws {
        let record = try InteractionRecord(json: JSONParser.parse(#"{"external_id": "i-1", "interaction_type": "x", "vacancy_id": "v-1"}"#))
        let vacancy = try Vacancy(json: JSONParser.parse(#"{"external_id": "v-1", "job_title": "T", "company": "ext-company-006"}"#))
        let lines = RecordDescription.lines(record, vacancy: .resolved(vacancy), source: nil)
        #expect(lines.contains { $0.label == "  Company ID" && $0.value == "ext-company-006" })
    }
}
