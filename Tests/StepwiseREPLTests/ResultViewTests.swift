import Foundation
import StepFunctions
import StepwiseHandlerPackages
import Testing

@testable import Stepwise
@testable import StepwiseREPL

@Suite struct ResultViewTests {
    func result(_ status: ExecutionStatus, output: String? = nil, error: String? = nil, cause: String? = nil) throws -> ExecutionResult {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        return try ExecutionResult(DescribeExecutionOutput(
            executionArn: "arn:aws:states:us-east-1:123456789012:execution:adder-17:e1", stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:adder-17",
            name: "e1", status: status, startDate: start, stopDate: start.addingTimeInterval(0.0123), input: "{}", output: output, error: error, cause: cause))
    }

    @Test func aShortResultIsOneEDNLine() throws {
        let lines = ResultView.render(try result(.succeeded, output: "42"), machine: "adder-17", style: .plain)
        #expect(lines == [#"#:execution{:status "SUCCEEDED" :output 42 :duration-ms 12 :machine "adder-17"}"#])
    }

    @Test func outputsAreEDN() throws {
        let lines = ResultView.render(try result(.succeeded, output: #"{"sum":42,"parts":[41,1]}"#), machine: "adder-17", style: .plain)
        #expect(lines[0].contains(":output {:sum 42 :parts [41 1]}"))
    }

    @Test func aFailureShowsErrorAndCauseAndExtraCauseLinesBelow() throws {
        let lines = ResultView.render(
            try result(.failed, error: "Stepwise.HandlerCrashed", cause: "the host stopped:\nFatal error: boom\n"), machine: "adder-17", style: .plain,
            width: 140)
        #expect(lines[0] == #"#:execution{:status "FAILED" :error "Stepwise.HandlerCrashed" :cause "the host stopped:" :duration-ms 12 :machine "adder-17"}"#)
        #expect(lines[1] == "  Fatal error: boom")
        #expect(lines.count == 2)
    }

    @Test func aLongResultPutsOneEntryPerLine() throws {
        let big = "[" + (1...60).map(String.init).joined(separator: ",") + "]"
        let lines = ResultView.render(try result(.succeeded, output: big), machine: "adder-17", style: .plain, width: 80)
        #expect(lines[0] == #"#:execution{:status "SUCCEEDED""#)
        #expect(lines[1].hasPrefix("            :output [1"))
        #expect(lines.last == #"            :machine "adder-17"}"#)
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func statusIsColouredOnlyOnATerminal() throws {
        let plain = ResultView.render(try result(.failed, error: "E"), machine: "m", style: .plain)
        let coloured = ResultView.render(try result(.failed, error: "E"), machine: "m", style: Style(enabled: true))
        #expect(!plain[0].contains("\u{1B}["))
        #expect(coloured[0].contains("\u{1B}[31m\"FAILED\"\u{1B}[0m"))
        let succeeded = ResultView.render(try result(.succeeded, output: "1"), machine: "m", style: Style(enabled: true))
        #expect(succeeded[0].contains("\u{1B}[32m\"SUCCEEDED\"\u{1B}[0m"))
    }

    @Test func durationsReadNaturally() throws {
        #expect(DurationText.format(0.00042) == "0.4 ms")
        #expect(DurationText.format(0.012) == "12 ms")
        #expect(DurationText.format(1.25) == "1.25 s")
        #expect(DurationText.format(125) == "2 min 5 s")
    }
}
