@testable import StatesLanguage

/// A definition that must be diagnosed with `code` at `path` (a failure, or for the few codes
/// that are warnings, a warning).
struct FailingFixture: CustomStringConvertible, Sendable {
    let name: String
    let code: DiagnosticCode
    let path: String
    let json: String

    var description: String { "\(code.rawValue) \(name)" }
}

/// A machine whose States are `states` (a JSON object body) and whose StartAt is "A".
private func machine(_ states: String, extra: String = "") -> String {
    #"{"StartAt": "A", \#(extra) "States": {\#(states)}}"#
}

/// At least one failing definition per diagnostic code, each asserting code and path.
let failingFixtures: [FailingFixture] = [
    // Structural (decoder).
    FailingFixture(name: "Comment is a number", code: .wrongType, path: "/States/A/Comment",
                   json: machine(#""A": {"Type": "Pass", "Comment": 5, "End": true}"#)),
    FailingFixture(name: "unknown field", code: .unknownField, path: "/States/A/Bogus",
                   json: machine(#""A": {"Type": "Pass", "Bogus": 1, "End": true}"#)),
    FailingFixture(name: "no StartAt", code: .missingField, path: "",
                   json: #"{"States": {"A": {"Type": "Succeed"}}}"#),
    FailingFixture(name: "unknown JitterStrategy", code: .invalidValue, path: "/States/A/Retry/0/JitterStrategy",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "End": true, "Retry": [{"ErrorEquals": ["X"], "JitterStrategy": "SOME"}]}"#)),
    FailingFixture(name: "rule with two conditions", code: .ambiguousChoiceRule, path: "/States/A/Choices/0",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Not": {"Variable": "$.y", "IsNull": true}, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),

    // Semantic: wrong types the decoder cannot see.
    FailingFixture(name: "Assign is an array", code: .wrongType, path: "/States/A/Assign",
                   json: machine(#""A": {"Type": "Pass", "Assign": [1], "End": true}"#)),
    FailingFixture(name: "JSONata Condition is a number", code: .wrongType, path: "/States/A/Choices/0/Condition",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Condition": 1, "Next": "B"}]}, "B": {"Type": "Succeed"}"#, extra: #""QueryLanguage": "JSONata","#)),
    FailingFixture(name: "JSONata Items is an object", code: .wrongType, path: "/States/A/Items",
                   json: machine(#""A": {"Type": "Map", "Items": {"a": 1}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)),

    // Missing fields per state type.
    FailingFixture(name: "Task without Resource", code: .missingField, path: "/States/A",
                   json: machine(#""A": {"Type": "Task", "End": true}"#)),
    FailingFixture(name: "Wait without duration", code: .missingField, path: "/States/A",
                   json: machine(#""A": {"Type": "Wait", "End": true}"#)),
    FailingFixture(name: "Choice without Choices", code: .missingField, path: "/States/A",
                   json: machine(#""A": {"Type": "Choice", "Default": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "choice rule without Next", code: .missingField, path: "/States/A/Choices/0",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true}], "Default": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "Parallel without Branches", code: .missingField, path: "/States/A",
                   json: machine(#""A": {"Type": "Parallel", "End": true}"#)),
    FailingFixture(name: "Map without ItemProcessor", code: .missingField, path: "/States/A",
                   json: machine(#""A": {"Type": "Map", "End": true}"#)),
    FailingFixture(name: "distributed Map without ExecutionType", code: .missingField, path: "/States/A/ItemProcessor/ProcessorConfig",
                   json: machine(#""A": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),

    // Invalid values.
    FailingFixture(name: "Version 2.0", code: .invalidValue, path: "/Version",
                   json: machine(#""A": {"Type": "Succeed"}"#, extra: #""Version": "2.0","#)),
    FailingFixture(name: "End false", code: .invalidValue, path: "/States/A/End",
                   json: machine(#""A": {"Type": "Pass", "End": false, "Next": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "JSONPath state in a JSONata machine", code: .invalidValue, path: "/States/A/QueryLanguage",
                   json: machine(#""A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}"#, extra: #""QueryLanguage": "JSONata","#)),

    // Fields a state type does not have.
    FailingFixture(name: "Resource on Pass", code: .fieldNotAllowed, path: "/States/A/Resource",
                   json: machine(#""A": {"Type": "Pass", "Resource": "arn:aws:states:::lambda:invoke", "End": true}"#)),
    FailingFixture(name: "Next on Choice", code: .fieldNotAllowed, path: "/States/A/Next",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "B"}], "Next": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "End on Succeed", code: .fieldNotAllowed, path: "/States/A/End",
                   json: machine(#""A": {"Type": "Succeed", "End": true}"#)),
    FailingFixture(name: "InputPath on Fail", code: .fieldNotAllowed, path: "/States/A/InputPath",
                   json: machine(#""A": {"Type": "Fail", "InputPath": "$.x"}"#)),
    FailingFixture(name: "Result on Task", code: .fieldNotAllowed, path: "/States/A/Result",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Result": 1, "End": true}"#)),
    FailingFixture(name: "Retry on Pass", code: .fieldNotAllowed, path: "/States/A/Retry",
                   json: machine(#""A": {"Type": "Pass", "Retry": [{"ErrorEquals": ["X"]}], "End": true}"#)),
    FailingFixture(name: "TimeoutSeconds on Wait", code: .fieldNotAllowed, path: "/States/A/TimeoutSeconds",
                   json: machine(#""A": {"Type": "Wait", "Seconds": 1, "TimeoutSeconds": 5, "End": true}"#)),
    FailingFixture(name: "ItemReader on an inline Map", code: .fieldNotAllowed, path: "/States/A/ItemReader",
                   json: machine(#""A": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject"}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "EXPRESS on an inline Map", code: .fieldNotAllowed, path: "/States/A/ItemProcessor/ProcessorConfig/ExecutionType",
                   json: machine(#""A": {"Type": "Map", "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE", "ExecutionType": "EXPRESS"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "QueryLanguage on an ItemProcessor", code: .fieldNotAllowed, path: "/States/A/ItemProcessor/QueryLanguage",
                   json: machine(#""A": {"Type": "Map", "ItemProcessor": {"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "ProcessorConfig on a Parallel branch", code: .fieldNotAllowed, path: "/States/A/Branches/0/ProcessorConfig",
                   json: machine(#""A": {"Type": "Parallel", "Branches": [{"ProcessorConfig": {"Mode": "INLINE"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}], "End": true}"#)),

    // Query language.
    FailingFixture(name: "Parameters in a JSONata state", code: .queryLanguageMismatch, path: "/States/A/Parameters",
                   json: machine(#""A": {"Type": "Pass", "Parameters": {"a": 1}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)),
    FailingFixture(name: "Output in a JSONPath state", code: .queryLanguageMismatch, path: "/States/A/Output",
                   json: machine(#""A": {"Type": "Pass", "Output": {"a": 1}, "End": true}"#)),
    FailingFixture(name: "JSONata TimeoutSeconds in a JSONPath state", code: .queryLanguageMismatch, path: "/States/A/TimeoutSeconds",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": "{% 5 %}", "End": true}"#)),
    FailingFixture(name: "Condition in a JSONPath Choice", code: .queryLanguageMismatch, path: "/States/A/Choices/0/Condition",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Condition": true, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "Variable in a JSONata Choice", code: .queryLanguageMismatch, path: "/States/A/Choices/0/Variable",
                   json: machine(#""A": {"Type": "Choice", "QueryLanguage": "JSONata", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "catcher ResultPath in a JSONata state", code: .queryLanguageMismatch, path: "/States/A/Catch/0/ResultPath",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["X"], "ResultPath": "$.e", "Next": "B"}], "End": true}, "B": {"Type": "Succeed"}"#, extra: #""QueryLanguage": "JSONata","#)),
    FailingFixture(name: "nested state inherits JSONPath from the machine, not JSONata from its Map", code: .queryLanguageMismatch,
                   path: "/States/A/ItemProcessor/States/P/Output",
                   json: machine(#""A": {"Type": "Map", "QueryLanguage": "JSONata", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "Output": 1, "End": true}}}, "End": true}"#)),

    // Exclusive fields.
    FailingFixture(name: "TimeoutSeconds with TimeoutSecondsPath", code: .conflictingFields, path: "/States/A/TimeoutSecondsPath",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 5, "TimeoutSecondsPath": "$.t", "End": true}"#)),
    FailingFixture(name: "Seconds with Timestamp", code: .conflictingFields, path: "/States/A/Timestamp",
                   json: machine(#""A": {"Type": "Wait", "Seconds": 5, "Timestamp": "2016-03-14T01:59:00Z", "End": true}"#)),
    FailingFixture(name: "Error with ErrorPath", code: .conflictingFields, path: "/States/A/ErrorPath",
                   json: machine(#""A": {"Type": "Fail", "Error": "E", "ErrorPath": "$.e"}"#)),
    FailingFixture(name: "MaxConcurrency with MaxConcurrencyPath", code: .conflictingFields, path: "/States/A/MaxConcurrencyPath",
                   json: machine(#""A": {"Type": "Map", "MaxConcurrency": 1, "MaxConcurrencyPath": "$.n", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "Next with End", code: .conflictingFields, path: "/States/A/End",
                   json: machine(#""A": {"Type": "Pass", "Next": "B", "End": true}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "ItemProcessor with Iterator", code: .conflictingFields, path: "/States/A/Iterator",
                   json: machine(#""A": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "Iterator": {"StartAt": "Q", "States": {"Q": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "Parameters with ItemSelector", code: .conflictingFields, path: "/States/A/ItemSelector",
                   json: machine(#""A": {"Type": "Map", "Parameters": {"a": 1}, "ItemSelector": {"a": 1}, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "MaxItems with MaxItemsPath", code: .conflictingFields, path: "/States/A/ItemReader/ReaderConfig/MaxItemsPath",
                   json: machine(#""A": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"MaxItems": 5, "MaxItemsPath": "$.n"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),

    FailingFixture(name: "Pass without Next or End", code: .missingTransition, path: "/States/A",
                   json: machine(#""A": {"Type": "Pass"}"#)),

    // Ranges.
    FailingFixture(name: "BackoffRate below 1", code: .outOfRange, path: "/States/A/Retry/0/BackoffRate",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X"], "BackoffRate": 0.5}], "End": true}"#)),
    FailingFixture(name: "IntervalSeconds 0", code: .outOfRange, path: "/States/A/Retry/0/IntervalSeconds",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X"], "IntervalSeconds": 0}], "End": true}"#)),
    FailingFixture(name: "MaxAttempts negative", code: .outOfRange, path: "/States/A/Retry/0/MaxAttempts",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X"], "MaxAttempts": -1}], "End": true}"#)),
    FailingFixture(name: "MaxDelaySeconds 0", code: .outOfRange, path: "/States/A/Retry/0/MaxDelaySeconds",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X"], "MaxDelaySeconds": 0}], "End": true}"#)),
    FailingFixture(name: "Task TimeoutSeconds 0", code: .outOfRange, path: "/States/A/TimeoutSeconds",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 0, "End": true}"#)),
    FailingFixture(name: "HeartbeatSeconds not below TimeoutSeconds", code: .outOfRange, path: "/States/A/HeartbeatSeconds",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "TimeoutSeconds": 10, "HeartbeatSeconds": 10, "End": true}"#)),
    FailingFixture(name: "machine TimeoutSeconds 0", code: .outOfRange, path: "/TimeoutSeconds",
                   json: machine(#""A": {"Type": "Succeed"}"#, extra: #""TimeoutSeconds": 0,"#)),
    FailingFixture(name: "Wait Seconds negative", code: .outOfRange, path: "/States/A/Seconds",
                   json: machine(#""A": {"Type": "Wait", "Seconds": -1, "End": true}"#)),
    FailingFixture(name: "MaxConcurrency negative", code: .outOfRange, path: "/States/A/MaxConcurrency",
                   json: machine(#""A": {"Type": "Map", "MaxConcurrency": -1, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "ToleratedFailurePercentage above 100", code: .outOfRange, path: "/States/A/ToleratedFailurePercentage",
                   json: machine(#""A": {"Type": "Map", "ToleratedFailurePercentage": 100.5, "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),

    FailingFixture(name: "Wait Timestamp with month 13", code: .invalidTimestamp, path: "/States/A/Timestamp",
                   json: machine(#""A": {"Type": "Wait", "Timestamp": "2016-13-14T01:59:00Z", "End": true}"#)),
    FailingFixture(name: "TimestampEquals not a date-time", code: .invalidTimestamp, path: "/States/A/Choices/0/TimestampEquals",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.t", "TimestampEquals": "yesterday", "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),

    FailingFixture(name: "variable starting with a digit", code: .invalidVariableName, path: "/States/A/Assign/1x",
                   json: machine(#""A": {"Type": "Pass", "Assign": {"1x": 1}, "End": true}"#)),
    FailingFixture(name: "reserved variable states", code: .invalidVariableName, path: "/States/A/Assign/states",
                   json: machine(#""A": {"Type": "Pass", "Assign": {"states": 1}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)),
    FailingFixture(name: "variable with a dash in a catcher", code: .invalidVariableName, path: "/States/A/Catch/0/Assign/a-b.$",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["X"], "Assign": {"a-b.$": "$.x"}, "Next": "B"}], "End": true}, "B": {"Type": "Succeed"}"#)),

    FailingFixture(name: "empty Choices", code: .emptyArray, path: "/States/A/Choices",
                   json: machine(#""A": {"Type": "Choice", "Choices": [], "Default": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "empty Branches", code: .emptyArray, path: "/States/A/Branches",
                   json: machine(#""A": {"Type": "Parallel", "Branches": [], "End": true}"#)),
    FailingFixture(name: "empty ErrorEquals", code: .emptyArray, path: "/States/A/Retry/0/ErrorEquals",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": []}], "End": true}"#)),
    FailingFixture(name: "empty And", code: .emptyArray, path: "/States/A/Choices/0/And",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"And": [], "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),

    FailingFixture(name: "NumericEquals with a string", code: .invalidOperand, path: "/States/A/Choices/0/NumericEquals",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": "5", "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "IsNull with a string", code: .invalidOperand, path: "/States/A/Choices/0/Not/IsNull",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Not": {"Variable": "$.n", "IsNull": "yes"}, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "StringEqualsPath with a number", code: .invalidOperand, path: "/States/A/Choices/0/StringEqualsPath",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.n", "StringEqualsPath": 1, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),

    // The graph.
    FailingFixture(name: "Next to a missing state", code: .missingTransitionTarget, path: "/States/A/Next",
                   json: machine(#""A": {"Type": "Pass", "Next": "Finsh"}, "Finish": {"Type": "Succeed"}"#)),
    FailingFixture(name: "StartAt a missing state", code: .missingTransitionTarget, path: "/StartAt",
                   json: #"{"StartAt": "Nope", "States": {"A": {"Type": "Succeed"}}}"#),
    FailingFixture(name: "Default to a missing state", code: .missingTransitionTarget, path: "/States/A/Default",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsNull": true, "Next": "B"}], "Default": "C"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "catcher Next to a missing state", code: .missingTransitionTarget, path: "/States/A/Catch/0/Next",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}], "End": true}"#)),
    FailingFixture(name: "Next into a Parallel branch", code: .transitionOutOfScope, path: "/States/A/Next",
                   json: machine(#""A": {"Type": "Pass", "Next": "X"}, "P": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Succeed"}}}], "End": true}"#)),
    FailingFixture(name: "Next out of a Parallel branch", code: .transitionOutOfScope, path: "/States/A/Branches/1/States/X/Next",
                   json: machine(#""A": {"Type": "Parallel", "Branches": [{"StartAt": "W", "States": {"W": {"Type": "Succeed"}}}, {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "B"}}}], "Next": "B"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "state nothing leads to", code: .unreachableState, path: "/States/B",
                   json: machine(#""A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "a loop without an end", code: .noTerminalState, path: "/States",
                   json: machine(#""A": {"Type": "Pass", "Next": "B"}, "B": {"Type": "Pass", "Next": "A"}"#)),
    FailingFixture(name: "a branch without an end", code: .noTerminalState, path: "/States/A/Branches/0/States",
                   json: machine(#""A": {"Type": "Parallel", "Branches": [{"StartAt": "X", "States": {"X": {"Type": "Wait", "Seconds": 1, "Next": "X"}}}], "End": true}"#)),
    FailingFixture(name: "branch reusing a top-level name", code: .duplicateStateName, path: "/States/P/Branches/0/States/A",
                   json: machine(#""A": {"Type": "Pass", "Next": "P"}, "P": {"Type": "Parallel", "Branches": [{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}], "End": true}"#)),
    FailingFixture(name: "state name of 81 characters", code: .invalidStateName, path: "/States/" + String(repeating: "n", count: 81),
                   json: #"{"StartAt": "\#(String(repeating: "n", count: 81))", "States": {"\#(String(repeating: "n", count: 81))": {"Type": "Succeed"}}}"#),

    // Error names.
    FailingFixture(name: "States.ALL with another name", code: .misplacedStatesAll, path: "/States/A/Catch/0/ErrorEquals/0",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Catch": [{"ErrorEquals": ["States.ALL", "X"], "Next": "B"}], "End": true}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "States.ALL before another retrier", code: .misplacedStatesAll, path: "/States/A/Retry/0/ErrorEquals/0",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}], "End": true}"#)),
    FailingFixture(name: "misspelt States.Timeout", code: .unknownErrorName, path: "/States/A/Retry/0/ErrorEquals/1",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Retry": [{"ErrorEquals": ["X", "States.Timout"]}], "End": true}"#)),
    FailingFixture(name: "Resource that is not an ARN", code: .invalidResource, path: "/States/A/Resource",
                   json: machine(#""A": {"Type": "Task", "Resource": "my-activity", "End": true}"#)),

    // Paths and intrinsic functions.
    FailingFixture(name: ".$ value that is a number", code: .invalidPath, path: "/States/A/Parameters/x.$",
                   json: machine(#""A": {"Type": "Pass", "Parameters": {"x.$": 5}, "End": true}"#)),
    FailingFixture(name: ".$ value that is not a path", code: .invalidPath, path: "/States/A/Parameters/nested/x.$",
                   json: machine(#""A": {"Type": "Pass", "Parameters": {"nested": {"x.$": "input.x"}}, "End": true}"#)),
    FailingFixture(name: "ResultPath with a wildcard", code: .invalidPath, path: "/States/A/ResultPath",
                   json: machine(#""A": {"Type": "Pass", "ResultPath": "$.items[*]", "End": true}"#)),
    FailingFixture(name: "ResultPath into the context object", code: .invalidPath, path: "/States/A/ResultPath",
                   json: machine(#""A": {"Type": "Pass", "ResultPath": "$$.Execution", "End": true}"#)),
    FailingFixture(name: "Variable with a filter", code: .invalidPath, path: "/States/A/Choices/0/Variable",
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Variable": "$.a[?(@.b)]", "IsPresent": true, "Next": "B"}]}, "B": {"Type": "Succeed"}"#)),
    FailingFixture(name: "InputPath with an unclosed bracket", code: .invalidPath, path: "/States/A/InputPath",
                   json: machine(#""A": {"Type": "Pass", "InputPath": "$.a[0", "End": true}"#)),
    FailingFixture(name: "MaxConcurrencyPath from the context object", code: .invalidPath, path: "/States/A/MaxConcurrencyPath",
                   json: machine(#""A": {"Type": "Map", "MaxConcurrencyPath": "$$.Execution.Input.n", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Succeed"}}}, "End": true}"#)),
    FailingFixture(name: "unknown intrinsic function", code: .invalidIntrinsic, path: "/States/A/Parameters/x.$",
                   json: machine(#""A": {"Type": "Pass", "Parameters": {"x.$": "States.Fromat('{}', $.a)"}, "End": true}"#)),
    FailingFixture(name: "unbalanced parentheses", code: .invalidIntrinsic, path: "/States/A/Assign/x.$",
                   json: machine(#""A": {"Type": "Pass", "Assign": {"x.$": "States.Format('{}', $.a"}, "End": true}"#)),
    FailingFixture(name: "unterminated string literal", code: .invalidIntrinsic, path: "/States/A/CausePath",
                   json: machine(#""A": {"Type": "Fail", "CausePath": "States.Format('oops {}, $.a)"}"#)),
    FailingFixture(name: "CausePath computing a number", code: .invalidIntrinsic, path: "/States/A/CausePath",
                   json: machine(#""A": {"Type": "Fail", "CausePath": "States.MathAdd($.a, 1)"}"#)),
    FailingFixture(name: "unquoted word in a filter", code: .unquotedFilterWord, path: "/States/A/OutputPath",
                   json: machine(#""A": {"Type": "Pass", "OutputPath": "$.items[?(@.lang == es)]", "End": true}"#)),
    FailingFixture(name: "JSONata Output that does not parse", code: .invalidJSONata, path: "/States/A/Output/x",
                   json: machine(#""A": {"Type": "Pass", "Output": {"x": "{% 1 + %}"}, "End": true}"#, extra: #""QueryLanguage": "JSONata","#)),
    FailingFixture(name: "Credentials that is a string", code: .wrongType, path: "/States/A/Credentials",
                   json: machine(#""A": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Credentials": "role", "End": true}"#)),

    FailingFixture(name: "Not nested 101 deep", code: .nestingTooDeep,
                   path: "/States/A/Choices/0" + String(repeating: "/Not", count: 101),
                   json: machine(#""A": {"Type": "Choice", "Choices": [{"Next": "B", "#
                       + String(repeating: #""Not": {"#, count: 101) + #""Variable": "$.x", "IsNull": true"#
                       + String(repeating: "}", count: 101) + #"}]}, "B": {"Type": "Succeed"}"#)),
]
