import StepFunctions
import Testing

@Suite struct StepFunctionsErrorTests {
    @Test(arguments: [
        (StepFunctionsError.Code.invalidArn, 400), (.validation, 400), (.invalidSignature, 400), (.accessDenied, 403),
        (.requestEntityTooLarge, 413), (.internalFailure, 500), (.serviceUnavailable, 503),
    ])
    func eachCodeTravelsWithAWSsStatus(_ code: StepFunctionsError.Code, status: Int) {
        #expect(StepFunctionsError(code, "m").httpStatus == status)
    }

    @Test func anExplicitStatusWins() {
        #expect(StepFunctionsError("SomethingNew", "m", httpStatus: 429).httpStatus == 429)
    }

    @Test func onlyThrottlingAndServerSideFailuresAreRetried() {
        #expect(StepFunctionsError(.throttling, "slow down").isRetryable)
        #expect(StepFunctionsError(.serviceUnavailable, "later").isRetryable)
        #expect(StepFunctionsError(.internalFailure, "oops").isRetryable)
        #expect(StepFunctionsError("Unknown", "bad gateway", httpStatus: 502).isRetryable)
        #expect(!StepFunctionsError(.invalidArn, "no").isRetryable)
        #expect(!StepFunctionsError(.executionDoesNotExist, "no").isRetryable)
    }

    @Test func theDescriptionIsCodeAndMessage() {
        #expect(StepFunctionsError(.invalidToken, "Invalid Token: 'x'").description == "InvalidToken: Invalid Token: 'x'")
    }
}
