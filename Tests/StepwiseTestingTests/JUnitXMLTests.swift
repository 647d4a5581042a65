import Foundation
import FoundationXML
import StepwiseTesting
import Testing

/// JUnit XML as CI systems read it (Ant's schema): checked by parsing it back and walking its
/// structure, not by comparing text.
@Suite struct JUnitXMLTests {
    static let report = TestReport(
        files: [
            FileResult(
                path: "flows/orders.test.yaml",
                cases: [
                    CaseResult(file: "flows/orders.test.yaml", name: "paid", duration: .milliseconds(3), outcome: .passed),
                    CaseResult(
                        file: "flows/orders.test.yaml", name: #"declined <"quoted"> & more"#, duration: .milliseconds(2),
                        outcome: .failed([
                            Mismatch(pointer: "/status", expected: #""FAILED""#, actual: #""SUCCEEDED""#),
                            Mismatch(pointer: "/output/id", expected: "1", actual: "2\u{1}"),
                        ])),
                    CaseResult(file: "flows/orders.test.yaml", name: "stuck", duration: .milliseconds(1), outcome: .error("still running\nwaiting in Work")),
                ]),
            FileResult(path: "broken.test.json", problems: [FileProblem(file: "broken.test.json", pointer: "/cases", message: "missing")]),
        ],
        duration: .milliseconds(9))

    func document() throws -> XMLDocument {
        try XMLDocument(xmlString: Self.report.junitXML(timestamp: Date(timeIntervalSince1970: 1_800_000_000), hostname: "ci"))
    }

    func attribute(_ node: XMLNode?, _ name: String) -> String? {
        (node as? XMLElement)?.attribute(forName: name)?.stringValue
    }

    @Test func suitesAndCasesCarryTheCountsAndAttributesCIReads() throws {
        let root = try #require(try document().rootElement())
        #expect(root.name == "testsuites")
        #expect(attribute(root, "tests") == "4")
        #expect(attribute(root, "failures") == "1")
        #expect(attribute(root, "errors") == "2")
        #expect(attribute(root, "time") == "0.009")

        let suites = root.elements(forName: "testsuite")
        #expect(suites.count == 2)
        let orders = suites[0]
        for (name, value) in [
            ("name", "flows/orders.test.yaml"), ("tests", "3"), ("failures", "1"), ("errors", "1"), ("skipped", "0"), ("time", "0.006"),
            ("timestamp", "2027-01-15T08:00:00"), ("hostname", "ci"),
        ] {
            #expect(attribute(orders, name) == value, "\(name)")
        }
        let cases = orders.elements(forName: "testcase")
        #expect(cases.map { attribute($0, "name") } == ["paid", #"declined <"quoted"> & more"#, "stuck"])
        #expect(cases.allSatisfy { attribute($0, "classname") == "flows.orders" && attribute($0, "time") != nil })
        #expect(cases[0].childCount == 0)

        let failure = try #require(cases[1].elements(forName: "failure").first)
        #expect(attribute(failure, "type") == "ExpectationNotMet")
        #expect(attribute(failure, "message") == "2 expectations not met")
        // Characters XML cannot hold are left out; the rest arrive as written.
        #expect(failure.stringValue == "/status: expected \"FAILED\", got \"SUCCEEDED\"\n/output/id: expected 1, got 2")

        let error = try #require(cases[2].elements(forName: "error").first)
        #expect(attribute(error, "message") == "still running\nwaiting in Work")
        #expect(error.stringValue == "still running\nwaiting in Work")
    }

    @Test func aFileThatCouldNotBeReadIsASuiteWithOneErroredCase() throws {
        let root = try #require(try document().rootElement())
        let broken = root.elements(forName: "testsuite")[1]
        #expect(attribute(broken, "tests") == "1")
        #expect(attribute(broken, "errors") == "1")
        let only = try #require(broken.elements(forName: "testcase").first)
        #expect(attribute(only, "classname") == "broken")
        #expect(only.elements(forName: "error").first?.stringValue == "broken.test.json: /cases: missing")
    }
}
