import Testing
@testable import StatesLanguage

@Suite struct ValidationHelperTests {
    @Test(arguments: [
        "2016-03-14T01:59:00Z", "2016-03-14T01:59:00.5Z", "2016-03-05T21:29:29.243167252Z",
        "2024-02-29T23:59:59+05:30", "1999-12-31t00:00:00-00:00", "2016-03-14T01:59:00z",
    ])
    func validTimestamps(_ text: String) {
        #expect(RFC3339.isValid(text))
    }

    @Test(arguments: [
        "", "2016-03-14", "2016-03-14 01:59:00Z", "2016-03-14T01:59:00", "2016-03-14T01:59Z",
        "2023-02-29T00:00:00Z", "2016-13-14T01:59:00Z", "2016-00-14T01:59:00Z", "2016-04-31T00:00:00Z",
        "2016-03-14T24:00:00Z", "2016-03-14T23:60:00Z", "2016-03-14T23:59:60Z", "2016-03-14T01:59:00.Z",
        "2016-03-14T01:59:00+5:30", "2016-03-14T01:59:00+24:00", "2016-03-14T01:59:00Zjunk", "16-03-14T01:59:00Z",
    ])
    func invalidTimestamps(_ text: String) {
        #expect(!RFC3339.isValid(text))
    }

    @Test func variableNames() {
        for good in ["x", "_x", "total_2", "café", "ΣΩ", String(repeating: "a", count: 80)] {
            #expect(VariableName.problem(with: good) == nil, "\(good)")
        }
        for bad in ["", "2x", "a-b", "a.b", "a b", "$x", "states", String(repeating: "a", count: 81)] {
            #expect(VariableName.problem(with: bad) != nil, "\(bad)")
        }
    }

    @Test func editDistanceAndSuggestions() {
        func distance(_ a: String, _ b: String, limit: Int = 10) -> Int? {
            editDistance(Array(a.unicodeScalars), Array(b.unicodeScalars), limit: limit)
        }
        #expect(distance("kitten", "sitting") == 3)
        #expect(distance("", "abc") == 3)
        #expect(distance("abc", "abc") == 0)
        #expect(distance("kitten", "sitting", limit: 2) == nil)
        #expect(nearestName(to: "Chek", among: ["Done", "Check", "Chuck"]) == "Check")
        #expect(nearestName(to: "abc", among: ["xyz"]) == nil)
        #expect(nearestName(to: "Same", among: ["Same"]) == nil)
    }
}
