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

    /// The rows between the README's `operations` markers: (operation, what serve does).
    static func readmeRows() throws -> [(operation: String, served: String)] {
        let readme = try String(contentsOf: SharedFixtures.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(readme.range(of: "<!-- operations:begin -->"))
        let end = try #require(readme.range(of: "<!-- operations:end -->"))
        return readme[begin.upperBound..<end.lowerBound].split(separator: "\n").dropFirst(2).map { line in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            return (cells.count > 2 ? cells[1] : String(line), cells.count > 2 ? cells[2] : "")
        }
    }

    @Test func theReadmeListsEveryOperationOfTheTableInItsOrder() throws {
        let rows = try Self.readmeRows()
        #expect(rows.map(\.operation) == StepFunctionsOperations.all.map(\.name))
        for row in rows { #expect(!row.served.isEmpty, "\(row.operation) says what serve does") }
    }

    @Test func theTableHasEveryOperationOfAWSAndNoOther() {
        let names = StepFunctionsOperations.all.map(\.name)
        #expect(names.count == Self.awsOperations.count)
        #expect(Set(names) == Self.awsOperations)
    }
}
