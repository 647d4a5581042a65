import StepwiseJSON
import Testing
@testable import StatesLanguage

/// Definitions using features the conformance cases do not exercise (distributed Map readers
/// and writers, JSONata everywhere, variables, every Wait form) must stay valid: the validator
/// may only reject what AWS rejects.
@Suite struct ValidDefinitionTests {
    static let validDefinitions: [(name: String, json: String)] = [
        ("JSONPath Task with every data-flow field, Retry and Catch", #"""
        {"Comment": "c", "Version": "1.0", "TimeoutSeconds": 3600, "StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:add",
                "InputPath": "$.in", "Parameters": {"x.$": "$.x", "ctx.$": "$$.Execution.Id", "v.$": "$myVar",
                  "f.$": "States.Format('{} and {}', $.a, States.ArrayLength($.list))", "literal": "{% not evaluated %}"},
                "ResultSelector": {"r.$": "$.Payload"}, "ResultPath": "$.result", "OutputPath": "$.result",
                "TimeoutSeconds": 60, "HeartbeatSeconds": 10, "Credentials": {"RoleArn.$": "$.role"},
                "Assign": {"count": 1, "last.$": "$.x"},
                "Retry": [{"ErrorEquals": ["States.Timeout", "Custom.Error"], "IntervalSeconds": 2, "MaxAttempts": 0,
                           "BackoffRate": 1.0, "MaxDelaySeconds": 10, "JitterStrategy": "FULL"},
                          {"ErrorEquals": ["States.ALL"]}],
                "Catch": [{"ErrorEquals": ["States.TaskFailed"], "ResultPath": "$.error", "Next": "Recover"},
                          {"ErrorEquals": ["States.ALL"], "ResultPath": null, "Next": "Failed"}],
                "Next": "Done"},
          "Recover": {"Type": "Pass", "Result": {"x.$": "static"}, "ResultPath": "$.r", "Next": "Done"},
          "Failed": {"Type": "Fail", "ErrorPath": "$.error.Error", "CausePath": "States.Format('failed: {}', $.error.Cause)"},
          "Done": {"Type": "Succeed"}}}
        """#),
        ("every Wait form and a Choice with every operator family", #"""
        {"StartAt": "C", "States": {
          "C": {"Type": "Choice", "Choices": [
              {"And": [{"Variable": "$.s", "StringMatches": "log-*.txt"}, {"Variable": "$.n", "NumericGreaterThanEqualsPath": "$.min"}],
               "Next": "W1", "Assign": {"matched": true}},
              {"Or": [{"Not": {"Variable": "$.b", "BooleanEquals": false}}, {"Variable": "$.t", "TimestampLessThan": "2016-03-14T01:59:00.123+02:00"}],
               "Next": "W2"},
              {"Variable": "$$.Execution.Input.x", "IsPresent": true, "Next": "W3"},
              {"Variable": "$myVar.field", "StringEqualsPath": "$.other", "Next": "W4"}],
            "Default": "W1"},
          "W1": {"Type": "Wait", "Seconds": 0, "Next": "W2"},
          "W2": {"Type": "Wait", "SecondsPath": "$.seconds", "Next": "W3"},
          "W3": {"Type": "Wait", "Timestamp": "2024-02-29T23:59:59Z", "Next": "W4"},
          "W4": {"Type": "Wait", "TimestampPath": "$.until", "End": true}}}
        """#),
        ("JSONata machine with expressions in every computed field", #"""
        {"QueryLanguage": "JSONata", "StartAt": "T", "States": {
          "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
                "Output": "{% $states.result.Payload %}", "Assign": {"total": "{% $states.result.n %}"},
                "TimeoutSeconds": "{% $timeout %}", "HeartbeatSeconds": "{% 5 %}",
                "Catch": [{"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Assign": {"err": "{% $states.errorOutput %}"}, "Next": "F"}],
                "Next": "C"},
          "C": {"Type": "Choice", "Choices": [{"Condition": "{% $total > 1 %}", "Next": "W", "Output": {"big": true}}, {"Condition": false, "Next": "W"}], "Default": "M"},
          "W": {"Type": "Wait", "Seconds": "{% $total %}", "Next": "M"},
          "M": {"Type": "Map", "Items": "{% $states.input.items %}", "ItemSelector": {"item": "{% $states.context.Map.Item.Value %}"},
                "MaxConcurrency": "{% 2 %}", "ToleratedFailurePercentage": 5.5,
                "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input %}", "End": true}}},
                "Next": "Par"},
          "Par": {"Type": "Parallel", "Arguments": {"x": 1}, "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Succeed"}}}], "Next": "S"},
          "S": {"Type": "Succeed", "Output": "{% $total %}"},
          "F": {"Type": "Fail", "Error": "{% $err.Error %}", "Cause": "literal cause"}}}
        """#),
        ("distributed Map with reader, batcher and writer", #"""
        {"StartAt": "M", "States": {
          "M": {"Type": "Map", "Label": "Batch", "MaxConcurrency": 100, "ToleratedFailureCount": 3,
                "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW", "MaxItemsPath": "$.max"},
                               "Parameters": {"Bucket.$": "$.bucket", "Key": "items.csv"}},
                "ItemBatcher": {"MaxItemsPerBatch": 10, "MaxInputBytesPerBatchPath": "$.bytes", "BatchInput": {"run.$": "$$.Execution.Name"}},
                "ResultWriter": {"Resource": "arn:aws:states:::s3:putObject", "Parameters": {"Bucket": "out", "Prefix": "results"}},
                "ItemSelector": {"value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index"},
                "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"}, "StartAt": "Work",
                  "States": {"Work": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:work", "End": true}}},
                "ResultPath": null, "End": true}}}
        """#),
        ("legacy Iterator with Parameters, and a JSONata state opting in under a JSONPath machine", #"""
        {"QueryLanguage": "JSONPath", "StartAt": "M", "States": {
          "M": {"Type": "Map", "ItemsPath": "$.items", "Parameters": {"v.$": "$$.Map.Item.Value"}, "MaxConcurrencyPath": "$.limit",
                "Iterator": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}, "Next": "J"},
          "J": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"n": "{% $count(($states.input)) %}"}, "End": true}}}
        """#),
    ]

    @Test(arguments: validDefinitions.map(\.name))
    func definitionIsValid(_ name: String) throws {
        let json = try #require(Self.validDefinitions.first { $0.name == name }).json
        let (machine, diagnostics) = Validator.validate(document: try JSONParser.parse(json))
        #expect(machine != nil)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    }
}
