import Foundation
import Testing
@testable import TechWolfAPI

/// Employees and vacancies in the documented shapes, in part, and in wrong shapes.
@Suite struct ProfileModelTests {
    static let fullEmployee = #"""
    {"external_id": "E-7", "assigned_position": "Python Developer", "assigned_position_id": "pos-9", "active": true,
     "low_data_availability": false, "organisational_unit": "OU-1", "last_updated": "2021-01-21T17:32:28Z",
     "location": {"lat": 51.0543, "lng": -3.7174},
     "working_history": [{"start_date": "2020-01-01", "end_date": null, "company": "Acme", "job_title": "Dev",
                          "job_description": "Wrote code."},
                         {"start_date": "2015-03-01", "end_date": "2019-12-31", "company": "Initech", "job_title": "Intern"}],
     "education_history": [{"start_date": "2010-09-01", "end_date": "2014-06-30", "school": "KU Leuven", "degree_name": "MSc"}],
     "languages": [{"language": "nl", "level": 5}, {"language": "en", "level": 3}],
     "desired_functions": [{"title": "Data Engineer", "importance": 4}],
     "non_desired_functions": [{"title": "Sales", "importance": 1}],
     "custom_properties": [{"property_name": "cost_center", "property_value": "CC-1"},
                           {"property_name": "remote_days", "property_value": 2}],
     "shoe_size": 44}
    """#

    @Test func everyDocumentedEmployeeFieldIsDecoded() throws {
        let e = try Employee(json: JSONParser.parse(Self.fullEmployee))
        #expect(e.warnings.isEmpty)
        #expect(e.assignedPositionID == "pos-9" && e.lowDataAvailability == false && e.organisationalUnit == "OU-1")
        #expect(e.location?.text == "51.0543, -3.7174")
        #expect(e.workingHistory.count == 2)
        #expect(e.workingHistory[0].endDate == nil && e.workingHistory[0].startDate?.original == "2020-01-01")
        #expect(e.workingHistory[0].jobDescription == "Wrote code." && e.workingHistory[1].company == "Initech")
        #expect(e.educationHistory.first?.school == "KU Leuven" && e.educationHistory.first?.degreeName == "MSc")
        #expect(e.languages.map(\.code) == ["nl", "en"] && e.languages.map(\.level) == [5, 3])
        #expect(e.languages[0].name == "Dutch")
        #expect(e.desiredFunctions.first?.title == "Data Engineer" && e.desiredFunctions.first?.importance == "4")
        #expect(e.nonDesiredFunctions.first?.title == "Sales")
        #expect(e.customProperties?.map(\.value) == ["CC-1", "2"])
        #expect(e.unknownFields.map(\.key) == ["shoe_size"])
    }

    @Test func anEmployeeWithOnlyItsIDIsKept() throws {
        let e = try Employee(json: JSONParser.parse(#"{"external_id": "E-8"}"#))
        #expect(e.warnings.isEmpty && e.workingHistory.isEmpty && e.languages.isEmpty)
        #expect(e.customProperties == nil && e.location == nil && e.active == nil)
    }

    @Test func wrongShapesAreFlaggedNotFatal() throws {
        let json = try JSONParser.parse(#"""
        {"external_id": "E-9", "active": "yes", "location": [1, 2], "languages": ["nl", {"language": "fr", "level": 9}],
         "working_history": {"company": "Acme"}, "education_history": [{"school": 5, "degree_name": ["x"]}],
         "desired_functions": [{"title": {"a": 1}, "importance": "high"}], "custom_properties": "none",
         "last_updated": "yesterday"}
        """#)
        let e = try Employee(json: json)
        #expect(e.active == nil && e.location == nil && e.workingHistory.isEmpty && e.customProperties == [])
        #expect(e.languages.count == 1 && e.languages[0].code == "fr" && e.languages[0].level == 9)
        #expect(e.educationHistory.first?.school == "5" && e.educationHistory.first?.degreeName == nil)
        #expect(e.desiredFunctions.first?.title == nil && e.desiredFunctions.first?.importance == "high")
        let expected = [
            "active should be true or false but is a string",
            "last_updated is not a valid ISO 8601 date or time",
            "location should be an object {lat, lng} but is an array",
            "working_history should be an array but is an object",
            "education_history[0].degree_name should be a string but is an array",
            "languages[0] should be an object but is a string",
            "languages[1].level should be a number from 1 to 5",
            "desired_functions[0].title should be a string but is an object",
            "custom_properties should be an array but is a string",
        ]
        #expect(e.warnings == expected)
    }

    @Test func anEmployeeBodyWithoutItsIDUsesTheOneAskedFor() throws {
        let json = try JSONParser.parse(#"{"assigned_position": "Dev"}"#)
        #expect(throws: DecodingProblem.self) { try Employee(json: json) }
        let e = try Employee(json: json, expectedID: "E-10")
        #expect(e.externalID == "E-10" && e.warnings == ["external_id is missing"])
    }

    @Test func vacancyInFullAndInPart() throws {
        let full = try Vacancy(json: JSONParser.parse(#"""
        {"external_id": "v1", "job_title": "Baker", "job_description": "Bake.\nEarly.", "active": false,
         "last_updated": "2024-02-03", "location": {"lat": 1, "lng": 2}, "company": "ext-company-001",
         "languages": [{"language": "de", "level": 4}], "custom_properties": [{"property_name": "a", "property_value": null}],
         "salary": "n/a"}
        """#))
        #expect(full.warnings.isEmpty && full.company == "ext-company-001" && full.active == false)
        #expect(full.jobDescription == "Bake.\nEarly." && full.location?.text == "1.0000, 2.0000")
        #expect(full.languages.first?.name == "German" && full.customProperties?.first?.value == nil)
        #expect(full.unknownFields.map(\.key) == ["salary"])

        let partial = try Vacancy(json: JSONParser.parse(#"{"job_title": 12, "languages": null, "company": {"id": 1}}"#))
        #expect(partial.jobTitle == "12" && partial.languages.isEmpty && partial.company == nil)
        #expect(partial.warnings == ["company should be a string but is an object"])
    }
}
