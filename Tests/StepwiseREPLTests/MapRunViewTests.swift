import Foundation
import StepFunctions
import Testing

@testable import StepwiseREPL

@Suite struct MapRunViewTests {
    static func run(_ status: MapRunStatus, _ counts: MapRunCounts, redrives: Int? = nil) -> DescribeMapRunOutput {
        var run = DescribeMapRunOutput(
            mapRunArn: "arn:aws:states:us-east-1:123456789012:mapRun:orders-1764003091234/Fan:run-7", executionArn: "arn:e", status: status,
            startDate: Date(timeIntervalSince1970: 0), stopDate: nil, maxConcurrency: 2, toleratedFailurePercentage: 0, toleratedFailureCount: 0,
            itemCounts: counts, executionCounts: counts)
        run.redriveCount = redrives
        return run
    }

    @Test func aRunningMapRunShowsHowFarItsItemsHaveGot() {
        let counts = MapRunCounts(pending: 2, running: 2, succeeded: 5, failed: 1, timedOut: 0, aborted: 0, total: 10, resultsWritten: 5)
        #expect(
            MapRunView.render(Self.run(.running, counts), style: .plain)
                == "map run Fan · RUNNING · 5/10 succeeded, 1 failed, 2 running, 2 pending · max concurrency 2")
    }

    @Test func aRedrivenMapRunSaysHowOften() {
        let counts = MapRunCounts(pending: 0, running: 0, succeeded: 3, failed: 0, timedOut: 0, aborted: 0, total: 3, resultsWritten: 3)
        #expect(
            MapRunView.render(Self.run(.succeeded, counts, redrives: 1), style: .plain)
                == "map run Fan · SUCCEEDED · 3/3 succeeded · max concurrency 2 · redriven 1×")
    }
}
