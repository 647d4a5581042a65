import Testing
@testable import StatesLanguage

@Suite struct ValidationHelperTests {
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
