import StepwiseJSON

/// `Retry` and `Catch`: error names, the place of `States.ALL`, retrier numbers, and the
/// query-language fields of catchers (their `Next` is checked with the other transitions).
extension ValidationRun {
    mutating func checkErrorHandling(_ s: StateScope) {
        guard ASLField.retry.stateTypes.contains(s.state.type) else { return }
        if let retriers = s.state.retry {
            for (index, retrier) in retriers.enumerated() {
                let path = s.at("Retry") + "/\(index)"
                let what = "retrier \(index) of \(s.title)"
                checkErrorNames(retrier.errorEquals, at: path, what: what, isLast: index == retriers.count - 1, list: "Retry")
                checkRetrierNumbers(retrier, at: path, what: what)
            }
        }
        if let catchers = s.state.catch {
            for (index, catcher) in catchers.enumerated() {
                let path = s.at("Catch") + "/\(index)"
                let what = "catcher \(index) of \(s.title)"
                checkErrorNames(catcher.errorEquals, at: path, what: what, isLast: index == catchers.count - 1, list: "Catch")
                if let text = catcher.resultPath?.path, !s.isJSONata {
                    checkPath(text, .inputReference, at: path + "/ResultPath", what: "ResultPath of \(what)")
                }
                if catcher.resultPath != nil, s.isJSONata {
                    report(.queryLanguageMismatch, path + "/ResultPath", "\(what) has \"ResultPath\", a JSONPath field, but the state uses JSONata (from \(s.languageOrigin)); use Output or Assign")
                }
                if catcher.output != nil, !s.isJSONata {
                    report(.queryLanguageMismatch, path + "/Output", "\(what) has \"Output\", a JSONata field, but the state uses JSONPath (from \(s.languageOrigin)); use ResultPath")
                }
                checkAssign(catcher.assign, at: path + "/Assign", in: s)
            }
        }
    }

    private mutating func checkErrorNames(_ names: [String], at path: String, what: String, isLast: Bool, list: String) {
        if names.isEmpty {
            report(.emptyArray, path + "/ErrorEquals", "ErrorEquals of \(what) is empty; name at least one error, or \"States.ALL\" for any error")
        }
        for (index, name) in names.enumerated() {
            let namePath = path + "/ErrorEquals/\(index)"
            if name == ErrorName.all {
                if names.count > 1 {
                    report(.misplacedStatesAll, namePath, "\"States.ALL\" in \(what) must be the only name in its ErrorEquals, since it matches every error")
                }
                if !isLast {
                    report(.misplacedStatesAll, namePath, "\"States.ALL\" in \(what) must be in the last entry of \(list), since it matches every error and later entries could never apply")
                }
            } else if name.hasPrefix("States."), !predefinedErrorNames.contains(name) {
                // AWS accepts such names (deployed workflows catch their own `States.QuorumMet`);
                // they only match errors a task raises under that very name.
                var message = "\"\(name)\" in \(what) is not a predefined error; names starting with \"States.\" are reserved for Step Functions' own errors, so it only matches a task that fails with exactly this name"
                if let suggestion = nearestName(to: name, among: predefinedErrorNames.sorted()) { message += " (did you mean \"\(suggestion)\"?)" }
                report(.unknownErrorName, namePath, message, severity: .warning)
            }
        }
    }

    private mutating func checkRetrierNumbers(_ retrier: Retrier, at path: String, what: String) {
        if let interval = retrier.intervalSeconds {
            checkRange(interval, 1...maxSeconds, at: path + "/IntervalSeconds", what: "IntervalSeconds of \(what)")
        }
        if let attempts = retrier.maxAttempts {
            checkRange(attempts, 0...maxSeconds, at: path + "/MaxAttempts", what: "MaxAttempts of \(what)")
        }
        if let rate = retrier.backoffRate, rate < JSONNumber(1) {
            report(.outOfRange, path + "/BackoffRate", "BackoffRate of \(what) is \(rate); it must be at least 1.0 (the interval is multiplied by it after each attempt)")
        }
        if let maxDelay = retrier.maxDelaySeconds {
            checkMinimum(maxDelay, 1, at: path + "/MaxDelaySeconds", what: "MaxDelaySeconds of \(what)")
        }
    }
}

/// The error names Step Functions itself raises; other `States.` names can never match.
let predefinedErrorNames: Set<String> = [
    ErrorName.all, ErrorName.runtime, ErrorName.timeout, ErrorName.heartbeatTimeout, ErrorName.taskFailed,
    ErrorName.permissions, ErrorName.dataLimitExceeded, ErrorName.branchFailed, ErrorName.noChoiceMatched,
    ErrorName.intrinsicFailure, ErrorName.exceedToleratedFailureThreshold, ErrorName.itemReaderFailed,
    ErrorName.resultWriterFailed, ErrorName.queryEvaluationError,
    "States.ParameterPathFailure", "States.ResultPathMatchFailure", "States.Http.Socket",
]
