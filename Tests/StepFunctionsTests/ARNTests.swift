import StepFunctions
import Testing

@Suite struct ARNTests {
    static let machine = ARN.stateMachine(region: "eu-west-1", account: "111122223333", name: "orders")

    @Test func arnsPrintAsAWSWritesThem() {
        #expect(Self.machine.description == "arn:aws:states:eu-west-1:111122223333:stateMachine:orders")
        #expect(ARN.activity(region: "us-east-1", account: "123456789012", name: "pick").description
            == "arn:aws:states:us-east-1:123456789012:activity:pick")
        #expect(ARN.execution(ofMachine: Self.machine, name: "run-1").description
            == "arn:aws:states:eu-west-1:111122223333:execution:orders:run-1")
    }

    @Test(arguments: [
        ("arn:aws:states:eu-west-1:111122223333:stateMachine:orders", ARN.ResourceType.stateMachine, "orders"),
        ("arn:aws:states:eu-west-1:111122223333:stateMachine:orders:PROD", .stateMachine, "orders"),
        ("arn:aws:states:eu-west-1:111122223333:execution:orders:run-1", .execution, "run-1"),
        ("arn:aws:states:eu-west-1:111122223333:express:orders:run-1:5c1d", .express, "run-1"),
        ("arn:aws:states:eu-west-1:111122223333:activity:pick", .activity, "pick"),
        ("arn:aws-cn:states:cn-north-1:111122223333:mapRun:orders/map:7e1f", .mapRun, "7e1f"),
    ])
    func wellFormedArnsParseAndPrintBack(_ text: String, type: ARN.ResourceType, name: String) throws {
        let arn = try ARN.parse(text, expecting: [type])
        #expect(arn.resourceType == type)
        #expect(arn.name == name)
        #expect(arn.description == text)
    }

    @Test(arguments: [
        "", "orders", "arn:aws:states:eu-west-1:111122223333:stateMachine", "arn:aws:lambda:eu-west-1:111122223333:function:f",
        "arn::states:eu-west-1:111122223333:activity:pick", "arn:aws:states::111122223333:activity:pick",
        "arn:aws:states:eu-west-1::activity:pick", "arn:aws:states:eu-west-1:111122223333:activity:",
        "arn:aws:states:eu-west-1:111122223333:activity:pick:extra", "arn:aws:states:eu-west-1:111122223333:execution:orders",
        "arn:aws:states:eu-west-1:111122223333:stateMachine:orders:1:2",
    ])
    func malformedArnsAreInvalidArn(_ text: String) {
        let error = #expect(throws: StepFunctionsError.self) { try ARN.parse(text, expecting: [.stateMachine, .activity, .execution]) }
        #expect(error?.code == .invalidArn)
        #expect(error?.message == "Invalid Arn: '\(text)'")
    }

    @Test func aResourceTypeOutOfPlaceIsNamed() {
        let activity = "arn:aws:states:us-east-1:123456789012:activity:pick"
        let error = #expect(throws: StepFunctionsError.self) { try ARN.parse(activity, expecting: [.stateMachine]) }
        #expect(error?.message == "Invalid Arn: 'Resource type not valid in this context: activity'")
        let unknown = #expect(throws: StepFunctionsError.self) {
            try ARN.parse("arn:aws:states:us-east-1:123456789012:widget:w", expecting: [.stateMachine])
        }
        #expect(unknown?.message == "Invalid Arn: 'Resource type not valid in this context: widget'")
    }

    @Test func anyServicesArnIsTakenApart() throws {
        let lambda = try #require(ARN.Fields("arn:aws:lambda:eu-west-1:111122223333:function:resize:live"))
        #expect(lambda.partition == "aws")
        #expect(lambda.service == "lambda")
        #expect(lambda.region == "eu-west-1")
        #expect(lambda.account == "111122223333")
        #expect(lambda.resource == ["function", "resize", "live"])
        let integration = try #require(ARN.Fields("arn:aws:states:::lambda:invoke"))
        #expect(integration.service == "states")
        #expect(integration.region.isEmpty && integration.account.isEmpty)
        #expect(integration.resource == ["lambda", "invoke"])
        for text in ["", "arn", "arn:aws:states::", "urn:aws:states:::lambda:invoke", "arn::states:::lambda:invoke", "arn:aws::::x"] {
            #expect(ARN.Fields(text) == nil, "\(text)")
        }
    }

    @Test func theNameOfAnArnTheEngineMadeIsItsLastPart() {
        #expect(ARN.parseName("arn:aws:states:us-east-1:123456789012:stateMachine:orders") == "orders")
        #expect(ARN.parseName("arn:aws:states:us-east-1:123456789012:execution:orders:run-1") == "run-1")
    }
}

@Suite struct ResourceNameTests {
    @Test(arguments: ["a", "orders-2024_v1.final", String(repeating: "n", count: 80), "café", "注文"])
    func acceptableNamesPass(_ name: String) throws {
        try ResourceName.validate(name)
    }

    @Test func lengthIsCountedInUnicodeScalars() throws {
        try ResourceName.validate(String(repeating: "é", count: 80))
        #expect(throws: StepFunctionsError.self) { try ResourceName.validate(String(repeating: "n", count: 81)) }
        #expect(throws: StepFunctionsError.self) { try ResourceName.validate("") }
    }

    @Test(arguments: [
        ("a b", "U+0020"), ("a/b", "/"), ("a:b", ":"), ("a*b", "*"), ("tab\there", "U+0009"), ("nbsp\u{A0}", "U+00A0"),
        ("del\u{7F}", "U+007F"), ("c1\u{85}", "U+0085"),
    ])
    func forbiddenCharactersAreNamed(_ name: String, shown: String) {
        let error = #expect(throws: StepFunctionsError.self) { try ResourceName.validate(name) }
        #expect(error?.code == .invalidName)
        #expect(error?.message == "Invalid Name: '\(name)' (contains '\(shown)', which is not allowed)")
    }
}
