import Foundation
import StepFunctions
import TestSupport
import Testing

/// The README's table of operations says what `stepwise serve` does with each operation of
/// AWS's API; this keeps it, the operation table the server routes by (and the AWS client is
/// derived from) and AWS's list of operations in step.
@Suite struct CoverageTableTests {
    /// The operations of the Step Functions API reference (API version 2016-11-23).
    static let awsOperations: Set<String> = [
        "CreateActivity", "CreateStateMachine", "CreateStateMachineAlias", "DeleteActivity", "DeleteStateMachine",
        "DeleteStateMachineAlias", "DeleteStateMachineVersion", "DescribeActivity", "DescribeExecution", "DescribeMapRun",
        "DescribeStateMachine", "DescribeStateMachineAlias", "DescribeStateMachineForExecution", "GetActivityTask",
        "GetExecutionHistory", "ListActivities", "ListExecutions", "ListMapRuns", "ListStateMachineAliases",
        "ListStateMachineVersions", "ListStateMachines", "ListTagsForResource", "PublishStateMachineVersion", "RedriveExecution",
        "SendTaskFailure", "SendTaskHeartbeat", "SendTaskSuccess", "StartExecution", "StartSyncExecution", "StopExecution",
        "TagResource", "TestState", "UntagResource", "UpdateMapRun", "UpdateStateMachine", "UpdateStateMachineAlias",
        "ValidateStateMachineDefinition",
    ]

    struct Row {
        var operation: String
        var served: String
        /// Test suites (`VersionTests`) and over-the-wire test files (`test_versions.py`).
        var testedBy: [String]
    }

    /// The rows between the README's `operations` markers.
    static func readmeRows() throws -> [Row] {
        let readme = try String(contentsOf: SharedFixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- operations:begin -->"))
        let end = try #require(readme.range(of: "<!-- operations:end -->"))
        return readme[begin.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2).map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let tests = cells.count > 3 ? cells[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: ["`"]) } : []
            return Row(operation: cells.count > 2 ? cells[1] : String(line), served: cells.count > 2 ? cells[2] : "", testedBy: tests)
        }
    }

    /// Every Swift and Python file under `Tests/`, by name (`VersionTests`, `test_versions.py`).
    static func testFiles() throws -> [String: URL] {
        let tests = SharedFixtures.packageRoot.appendingPathComponent("Tests")
        var files: [String: URL] = [:]
        let walker = try #require(FileManager.default.enumerator(at: tests, includingPropertiesForKeys: nil))
        for case let url as URL in walker where ["swift", "py"].contains(url.pathExtension) {
            files[url.pathExtension == "swift" ? url.deletingPathExtension().lastPathComponent : url.lastPathComponent] = url
        }
        return files
    }

    /// How a test calls `operation`: boto3 (`publish_state_machine_version(`), the AWS CLI
    /// (`"publish-state-machine-version"`) or Swift (`publishStateMachineVersion(`).
    static func calls(_ operation: String, in text: String, python: Bool) -> Bool {
        var snake = ""
        for character in operation {
            if character.isUppercase, !snake.isEmpty { snake += "_" }
            snake += character.lowercased()
        }
        if python { return text.contains(snake + "(") || text.contains("\"" + snake.replacingOccurrences(of: "_", with: "-") + "\"") }
        let camel = operation.prefix(1).lowercased() + operation.dropFirst()
        return text.contains(camel + "(") || text.contains("." + camel)
    }

    @Test func theReadmeListsEveryOperationOfTheTableInItsOrder() throws {
        let rows = try Self.readmeRows()
        #expect(rows.map(\.operation) == StepFunctionsOperations.all.map(\.name))
        for row in rows { #expect(!row.served.isEmpty, "\(row.operation) says what serve does") }
    }

    /// Each test a row names calls the operation, and at least one of them over the wire.
    @Test func theTestsTheReadmeNamesCallTheirOperation() throws {
        let files = try Self.testFiles()
        for row in try Self.readmeRows() {
            #expect(row.testedBy.contains { $0.hasSuffix(".py") }, "\(row.operation) names a test over the wire")
            for name in row.testedBy {
                guard let url = files[name] else {
                    Issue.record("README: \(row.operation) names \(name), which is not a test file under Tests/")
                    continue
                }
                let text = try String(contentsOf: url, encoding: .utf8)
                #expect(Self.calls(row.operation, in: text, python: name.hasSuffix(".py")), "README: \(name) does not call \(row.operation)")
            }
        }
    }

    @Test func theTableHasEveryOperationOfAWSAndNoOther() {
        let names = StepFunctionsOperations.all.map(\.name)
        #expect(names.count == Self.awsOperations.count)
        #expect(Set(names) == Self.awsOperations)
    }
}
