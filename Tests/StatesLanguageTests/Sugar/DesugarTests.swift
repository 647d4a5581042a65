import Foundation
import StepwiseJSON
import Testing
@testable import StatesLanguage

/// Desugars `text`, failing the test on EDN syntax errors.
func desugarText(_ text: String, file: String? = nil) -> DesugaredDefinition {
    let result = SugaredEDN.desugar(text: text, file: file)
    #expect(!result.diagnostics.contains { $0.code == "EDN_SYNTAX" }, "\(result.diagnostics)")
    return result
}

/// The ASL document of valid sugar (the test fails on diagnostics).
func aslDocument(_ text: String) throws -> JSONValue {
    let result = desugarText(text)
    #expect(result.diagnostics.isEmpty, "\(result.diagnostics)")
    return result.document
}

/// "CODE path" for each diagnostic, to compare compactly.
func summary(_ result: DesugaredDefinition) -> [String] {
    result.diagnostics.map { "\($0.code) \($0.path)" }
}

/// A one-state machine around the state's sugared fields.
func oneState(_ fields: String, type: String = "pass") -> String {
    "{:start-at :s :states {:s {:type :\(type) \(fields)}}}"
}

@Suite struct DesugarTests {
    @Test func adderExampleFromTheDesign() throws {
        let result = desugarText("""
        {:comment "Adds two numbers"
         :start-at :add
         :states {:add {:type :task :resource :activity/add :end true}}}
        """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.document == [
            "Comment": "Adds two numbers", "StartAt": "add",
            "States": ["add": ["Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:activity__add", "End": true]],
        ])
        #expect(result.activities.map(\.activityName) == ["activity__add"])
        #expect(result.activities.first?.keyword == EDNName(namespace: "activity", name: "add"))
        #expect(result.activities.first?.placeholderARN == "arn:aws:states:us-east-1:123456789012:activity:activity__add")
        #expect(try result.validDocument() == result.document)
    }

    @Test func fieldKeywordsAreDerivedFromTheASLNames() {
        let expected = [
            "StartAt": "start-at", "ResultSelector": "result-selector", "ItemsPath": "items-path",
            "MaxConcurrency": "max-concurrency", "CSVHeaderLocation": "csv-header-location", "CSVHeaders": "csv-headers",
            "CSVDelimiter": "csv-delimiter", "TimeoutSecondsPath": "timeout-seconds-path",
            "MaxInputBytesPerBatchPath": "max-input-bytes-per-batch-path", "ToleratedFailurePercentagePath": "tolerated-failure-percentage-path",
            "ErrorEquals": "error-equals", "JitterStrategy": "jitter-strategy", "QueryLanguage": "query-language",
            "ProcessorConfig": "processor-config", "ReaderConfig": "reader-config", "WriterConfig": "writer-config",
            "ItemBatcher": "item-batcher", "BatchInput": "batch-input", "ExecutionType": "execution-type", "Type": "type",
        ]
        for (field, keyword) in expected {
            #expect(SugarFields.keyword(forField: field) == keyword)
            #expect(SugarFields.field(forKeyword: keyword) == field)
        }
        #expect(SugarFields.allFieldNames.count == 76)
        for field in SugarFields.allFieldNames {
            #expect(SugarFields.field(forKeyword: SugarFields.keyword(forField: field)) == field)
        }
    }

    @Test func everyStateTypeKeyword() throws {
        for type in StateType.allCases {
            let document = try aslDocument("{:start-at :s :states {:s {:type :\(type.rawValue.lowercased())}}}")
            #expect(document["States"]?["s"]?["Type"] == .string(type.rawValue))
        }
    }

    @Test(arguments: [
        ("{:query-language :jsonata :start-at :s :states {:s {:type :succeed}}}", "/QueryLanguage", "JSONata"),
        ("{:query-language :jsonpath :start-at :s :states {:s {:type :succeed}}}", "/QueryLanguage", "JSONPath"),
        (oneState(":query-language :jsonata :end true"), "/States/s/QueryLanguage", "JSONata"),
        (oneState(":item-processor {:processor-config {:mode :inline} :start-at :i :states {:i {:type :succeed}}} :end true", type: "map"),
         "/States/s/ItemProcessor/ProcessorConfig/Mode", "INLINE"),
        (oneState(":item-processor {:processor-config {:mode :distributed} :start-at :i :states {:i {:type :succeed}}} :end true", type: "map"),
         "/States/s/ItemProcessor/ProcessorConfig/Mode", "DISTRIBUTED"),
        (oneState(":item-processor {:processor-config {:execution-type :standard} :start-at :i :states {:i {:type :succeed}}} :end true", type: "map"),
         "/States/s/ItemProcessor/ProcessorConfig/ExecutionType", "STANDARD"),
        (oneState(":iterator {:processor-config {:execution-type :express} :start-at :i :states {:i {:type :succeed}}} :end true", type: "map"),
         "/States/s/Iterator/ProcessorConfig/ExecutionType", "EXPRESS"),
        (oneState(":resource \"arn:x\" :retry [{:error-equals :e :jitter-strategy :full}] :end true", type: "task"), "/States/s/Retry/0/JitterStrategy", "FULL"),
        (oneState(":resource \"arn:x\" :retry [{:error-equals :e :jitter-strategy :none}] :end true", type: "task"), "/States/s/Retry/0/JitterStrategy", "NONE"),
        (oneState(":resource \"arn:x\" :retry [{:error-equals :e :jitter-strategy \"FULL\"}] :end true", type: "task"), "/States/s/Retry/0/JitterStrategy", "FULL"),
    ])
    func enumKeywords(text: String, pointer: String, expected: String) throws {
        let document = try aslDocument(text)
        #expect(value(document, at: pointer) == .string(expected))
        // And back: the resugared document writes the enum as a keyword again.
        #expect(SugaredEDN.render(document).contains(":" + expected.lowercased()))
    }

    func value(_ document: JSONValue, at pointer: String) -> JSONValue? {
        pointer.split(separator: "/").reduce(Optional(document)) { current, token in
            guard let current else { return nil }
            if case .array(let items) = current, let i = Int(token) { return items.indices.contains(i) ? items[i] : nil }
            return current[String(token)]
        }
    }

    @Test func unknownEnumKeywordListsTheChoices() {
        let result = desugarText(oneState(":query-language :xpath :end true"))
        #expect(summary(result) == ["INVALID_SUGAR /States/s/QueryLanguage"])
        #expect(result.diagnostics.first?.message.contains(":jsonata :jsonpath") == true)
    }

    @Test func namesBecomeTheirFullKeywordNames() throws {
        let document = try aslDocument("""
        {:start-at :my.app/first
         :states {:my.app/first {:type :task :resource "arn:aws:lambda:x"
                                 :catch [{:error-equals [:my.app/oops "States.ALL"] :next "Second State"}]
                                 :next :value-in-twenties}
                  :value-in-twenties {:type :choice :choices [{:condition "$.ok" :next :my.app/first}] :default "Second State"}
                  "Second State" {:type :fail :error :my.app/oops :cause "boom"}}}
        """)
        #expect(document["StartAt"] == "my.app/first")
        let states = try #require(document["States"]?.objectValue)
        #expect(Array(states.keys) == ["my.app/first", "value-in-twenties", "Second State"])
        #expect(states["my.app/first"]?["Next"] == "value-in-twenties")
        #expect(states["my.app/first"]?["Catch"] == [["ErrorEquals": ["my.app/oops", "States.ALL"], "Next": "Second State"]])
        #expect(states["value-in-twenties"]?["Default"] == "Second State")
        #expect(states["Second State"]?["Error"] == "my.app/oops")
    }

    @Test func errorEqualsTakesOneNameOrAVectorInOrder() throws {
        func errors(_ sugar: String) throws -> JSONValue? {
            try aslDocument(oneState(":resource \"arn:x\" :retry [{:error-equals \(sugar)}] :end true", type: "task"))["States"]?["s"]?["Retry"]?.arrayValue?.first?["ErrorEquals"]
        }
        #expect(try errors(":States.ALL") == ["States.ALL"])
        #expect(try errors("\"Custom Error\"") == ["Custom Error"])
        #expect(try errors("[:b :a \"c\" :ns/d]") == ["b", "a", "c", "ns/d"])
        #expect(try errors("(:x)") == ["x"])
        let bad = desugarText(oneState(":resource \"arn:x\" :retry [{:error-equals [:a 42]}] :end true", type: "task"))
        #expect(summary(bad) == ["INVALID_SUGAR /States/s/Retry/0/ErrorEquals/1"])
    }

    @Test func errorNamesAreSerializedOneWay() {
        #expect(SugaredEDN.errorName(from: .keyword(EDNName(namespace: "my.app", name: "oops"))) == "my.app/oops")
        #expect(SugaredEDN.errorName(from: .keyword(EDNName(name: "States.ALL"))) == "States.ALL")
        #expect(SugaredEDN.errorName(from: .string("Custom Error")) == "Custom Error")
        #expect(SugaredEDN.errorName(from: .integer(1)) == nil)
    }

    @Test func resourcesAndActivities() throws {
        let result = desugarText("""
        {:start-at :a
         :states {:a {:type :task :resource :activity/add :next :b}
                  :b {:type :task :resource :billing :next :c}
                  :c {:type :task :resource :activity/add :next :d}
                  :d {:type :task :resource "arn:aws:states:::lambda:invoke" :end true}}}
        """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.activities.map(\.activityName) == ["activity__add", "billing"])
        #expect(result.document["States"]?["b"]?["Resource"] == "arn:aws:states:us-east-1:123456789012:activity:billing")
        #expect(result.document["States"]?["d"]?["Resource"] == "arn:aws:states:::lambda:invoke")
        #expect(SugaredEDN.resourceName(from: EDNName(namespace: "my.app", name: "run")) == "my.app__run")
        #expect(SugaredEDN.placeholderActivityARN(activityName: "x") == "arn:aws:states:us-east-1:123456789012:activity:x")
        #expect(SugaredEDN.activityName(fromPlaceholderARN: "arn:aws:states:us-east-1:123456789012:activity:activity__add") == "activity__add")
        #expect(SugaredEDN.activityName(fromPlaceholderARN: "arn:aws:states:eu-west-1:123456789012:activity:x") == nil)
        #expect(SugaredEDN.activityName(fromPlaceholderARN: "arn:aws:states:us-east-1:123456789012:activity:") == nil)
    }

    @Test func badResources() {
        let invalidName = desugarText(oneState(":resource :activity/add? :end true", type: "task"))
        #expect(summary(invalidName) == ["INVALID_SUGAR /States/s/Resource"])
        #expect(invalidName.diagnostics.first?.message.contains("cannot contain '?'") == true)
        #expect(invalidName.activities.isEmpty)
        let long = desugarText(oneState(":resource :\(String(repeating: "a", count: 81)) :end true", type: "task"))
        #expect(long.diagnostics.first?.message.contains("longer than 80") == true)
        let reader = desugarText(oneState(":item-reader {:resource :s3/get} :item-processor {:start-at :i :states {:i {:type :succeed}}} :end true", type: "map"))
        #expect(summary(reader) == ["INVALID_SUGAR /States/s/ItemReader/Resource"])
    }

    @Test func endFalseIsAnError() {
        let result = desugarText("{:start-at :a\n :states {:a {:type :pass\n                :end false}}}", file: "flow.edn")
        #expect(summary(result) == ["INVALID_SUGAR /States/a/End"])
        let diagnostic = result.diagnostics.first
        #expect(diagnostic?.file == "flow.edn")
        #expect(diagnostic?.location == SourceLocation(line: 3, column: 22))
        #expect(diagnostic?.message.contains("state \"a\" has :end false") == true)
        #expect(diagnostic?.description.hasPrefix("flow.edn:3:22: INVALID_SUGAR at /States/a/End:") == true)
        #expect(throws: DefinitionError.self) { try result.validDocument() }
    }

    @Test(arguments: [
        (StateType.task, ":items-path \"$.x\" :resource \"arn:x\" :end true", "ItemsPath"),
        (.pass, ":resource \"arn:x\" :end true", "Resource"),
        (.choice, ":next :s :choices [{:condition \"$.x\" :next :s}]", "Next"),
        (.wait, ":seconds 1 :result 5 :end true", "Result"),
        (.succeed, ":end true", "End"),
        (.fail, ":output {:a 1}", "Output"),
        (.parallel, ":branches [] :item-selector {} :end true", "ItemSelector"),
        (.map, ":item-processor {:start-at :i :states {:i {:type :succeed}}} :branches [] :end true", "Branches"),
        (.task, ":resource \"arn:x\" :result-writer {} :end true", "ResultWriter"),
        (.pass, ":timeout-seconds 3 :end true", "TimeoutSeconds"),
    ])
    func keyNotValidForTheStateType(type: StateType, fields: String, field: String) {
        let result = desugarText(oneState(fields, type: type.rawValue.lowercased()))
        #expect(summary(result) == ["UNKNOWN_KEY /States/s/\(field)"])
        let message = result.diagnostics.first?.message ?? ""
        #expect(message.contains("state \"s\" cannot have :\(SugarFields.keyword(forField: field))"), "\(message)")
        #expect(message.contains("a \(type.rawValue) state allows"), "\(message)")
    }

    @Test func unknownKeysEverywhere() {
        let result = desugarText("""
        {:start-at :s :bogus 1 "StartAt" "s" :x/start-at :s
         :states {:s {:type :task :resource "arn:x" :end true :colour :red
                      :retry [{:error-equals :e :max-attemps 3}]
                      :catch [{:error-equals :e :next :s :interval-seconds 1}]}
                  :m {:type :map :end true
                      :item-processor {:start-at :i :states {:i {:type :succeed}} :version "1.0"}
                      :item-reader {:resource "arn:r" :reader-config {:input-type "CSV" :delimiter ","}}
                      :item-batcher {:max-items 3}
                      :result-writer {:resource "arn:w" :writer-config {:format "JSON"}}}
                  :p {:type :parallel :end true :branches [{:start-at :b :states {:b {:type :succeed}} :processor-config {}}]}
                  :c {:type :choice :choices [{:condition "$.x" :next :s :default :s}]}}}
        """)
        #expect(Set(summary(result)) == [
            "UNKNOWN_KEY /bogus", "UNKNOWN_KEY ", "UNKNOWN_KEY /x~1start-at", "UNKNOWN_KEY /States/s/colour",
            "UNKNOWN_KEY /States/s/Retry/0/max-attemps", "UNKNOWN_KEY /States/s/Catch/0/IntervalSeconds",
            "UNKNOWN_KEY /States/m/ItemProcessor/Version", "UNKNOWN_KEY /States/m/ItemReader/ReaderConfig/delimiter",
            "UNKNOWN_KEY /States/m/ItemBatcher/MaxItems", "UNKNOWN_KEY /States/m/ResultWriter/WriterConfig/format",
            "UNKNOWN_KEY /States/p/Branches/0/ProcessorConfig", "UNKNOWN_KEY /States/c/Choices/0/Default",
        ])
        #expect(result.diagnostics.count == 12)
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains { $0.contains("state \"s\" has the unknown key :colour") })
        #expect(messages.contains { $0.contains("the key \"StartAt\"; field keys are keywords") })
        #expect(messages.contains { $0.contains("retrier 0 of state \"s\" has the unknown key :max-attemps") })
        #expect(messages.contains { $0.contains("choice rule 0 of state \"c\" cannot have :default") })
    }

    @Test func payloadTemplatesKeepKeySpellingAndConvertValues() throws {
        let document = try aslDocument(oneState("""
        :parameters {:first-name "Ada" :sum.$ "$.a" "Mixed Key" 1 :ns/key :kw-value :list [1 (2 3) nil]
                     :big 123456789012345678901234567890 :bigN 7N :decimal 1.50M :float 2.5e-3 :plus +1 :neg -0
                     :when #inst "2024-05-01T10:00:00Z" :id #uuid "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6" :empty {}}
        :end true
        """))
        let parameters = try #require(document["States"]?["s"]?["Parameters"]?.objectValue)
        #expect(Array(parameters.keys) == ["first-name", "sum.$", "Mixed Key", "ns/key", "list", "big", "bigN", "decimal", "float", "plus", "neg", "when", "id", "empty"])
        #expect(parameters["ns/key"] == "kw-value")
        #expect(parameters["list"] == [1, [2, 3], nil])
        #expect(JSONSerializer.string(try #require(parameters["big"])) == "123456789012345678901234567890")
        #expect(parameters["bigN"] == 7)
        #expect(JSONSerializer.string(try #require(parameters["decimal"])) == "1.50")
        #expect(JSONSerializer.string(try #require(parameters["float"])) == "2.5e-3")
        #expect(parameters["plus"] == 1)
        #expect(parameters["neg"] == 0)
        #expect(parameters["when"] == "2024-05-01T10:00:00Z")
        #expect(parameters["id"] == "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")
        #expect(parameters["empty"] == [:])
    }

    @Test func everyTemplateFieldIsData() throws {
        let templates = [
            ("task", ":resource \"arn:x\" :parameters {:k-1 :v} :result-selector {:k-1 :v} :arguments {:k-1 :v} :output {:k-1 :v} :assign {:k-1 :v} :credentials {:k-1 :v} :end true",
             ["Parameters", "ResultSelector", "Arguments", "Output", "Assign", "Credentials"]),
            ("pass", ":result {:k-1 :v} :end true", ["Result"]),
            ("map", ":item-selector {:k-1 :v} :items [{:k-1 :v}] :item-processor {:start-at :i :states {:i {:type :succeed}}} :end true", ["ItemSelector"]),
        ]
        for (type, fields, names) in templates {
            let state = try #require(try aslDocument(oneState(fields, type: type))["States"]?["s"])
            for name in names { #expect(state[name] == ["k-1": "v"], "\(name)") }
        }
        let map = try aslDocument(oneState("""
        :item-reader {:resource "arn:r" :parameters {:Bucket.$ "$.b"} :arguments {:my-key 1}}
        :item-batcher {:batch-input {:run-id "$$.Execution.Name"}}
        :result-writer {:resource "arn:w" :parameters {:Prefix "p"} :arguments {:out-key 2}}
        :item-processor {:start-at :i :states {:i {:type :succeed}}} :end true
        """, type: "map"))
        let state = try #require(map["States"]?["s"])
        #expect(state["ItemReader"]?["Parameters"] == ["Bucket.$": "$.b"])
        #expect(state["ItemReader"]?["Arguments"] == ["my-key": 1])
        #expect(state["ItemBatcher"]?["BatchInput"] == ["run-id": "$$.Execution.Name"])
        #expect(state["ResultWriter"]?["Parameters"] == ["Prefix": "p"])
        #expect(state["ResultWriter"]?["Arguments"] == ["out-key": 2])
    }

    @Test func valuesWithoutAJSONFormAreErrors() {
        let result = desugarText(oneState("""
        :parameters {:set #{1} :sym foo :char \\a :tag #my/thing 1 [1] 2 "k" 1 :k 2 :ok [1 #{2}]}
        :end true
        """))
        #expect(summary(result) == [
            "INVALID_SUGAR /States/s/Parameters/set", "INVALID_SUGAR /States/s/Parameters/sym",
            "INVALID_SUGAR /States/s/Parameters/char", "INVALID_SUGAR /States/s/Parameters/tag",
            "INVALID_SUGAR /States/s/Parameters", "INVALID_SUGAR /States/s/Parameters/k",
            "INVALID_SUGAR /States/s/Parameters/ok/1",
        ])
        let messages = result.diagnostics.map(\.message)
        #expect(messages[0].contains("a set has no JSON form"))
        #expect(messages[1].contains("the symbol foo has no JSON form"))
        #expect(messages[2].contains("the character \\a has no JSON form"))
        #expect(messages[3].contains("#my/thing"))
        #expect(messages[4].contains("keys are keywords or strings, found vector [1]"))
        #expect(messages[5].contains("the key \"k\" is written twice"))
    }

    @Test func structuralMistakes() {
        #expect(summary(desugarText("[:not-a-map]")) == ["INVALID_SUGAR "])
        #expect(summary(desugarText("{:start-at :s :states [:s]}")) == ["INVALID_SUGAR /States"])
        #expect(summary(desugarText("{:start-at :s :states {:s [:type :pass]}}")) == ["INVALID_SUGAR /States/s"])
        #expect(summary(desugarText("{:start-at 5 :states {:s {:type :pass :end true}}}")) == ["INVALID_SUGAR /StartAt"])
        #expect(summary(desugarText("{:start-at :s :states {:s {:type :pass :end true} \"s\" {:type :succeed}}}")) == ["INVALID_SUGAR /States/s"])
        #expect(summary(desugarText("{:start-at :s :states {:s {:type :job}}}")) == ["INVALID_SUGAR /States/s/Type"])
        #expect(summary(desugarText("{:start-at :s :states {1 {:type :succeed}}}")) == ["INVALID_SUGAR /States"])
        #expect(summary(desugarText(oneState(":next 3.5"))) == ["INVALID_SUGAR /States/s/Next"])
        #expect(summary(desugarText(oneState(":resource \"a\" :retry {:error-equals :e} :end true", type: "task"))) == ["INVALID_SUGAR /States/s/Retry"])
        #expect(summary(desugarText(oneState(":resource \"a\" :catch [:e] :end true", type: "task"))) == ["INVALID_SUGAR /States/s/Catch/0"])
        #expect(summary(desugarText(oneState(":branches [{:start-at :b :states {:b {:type :succeed}}} 7] :end true", type: "parallel"))) == ["INVALID_SUGAR /States/s/Branches/1"])
        #expect(summary(desugarText(oneState(":item-processor [] :end true", type: "map"))) == ["INVALID_SUGAR /States/s/ItemProcessor"])
        #expect(summary(desugarText(oneState(":error 42", type: "fail"))) == ["INVALID_SUGAR /States/s/Error"])
    }

    @Test func unknownTypeStillChecksKeysAgainstEveryStateField() {
        let result = desugarText("{:start-at :s :states {:s {:resource \"arn:x\" :end true :nonsense 1}}}")
        #expect(summary(result) == ["UNKNOWN_KEY /States/s/nonsense"])
        // The missing Type itself is the decoder's to report.
        #expect(ASLDecoder.decode(result.document).diagnostics.map(\.code) == ["MISSING_FIELD"])
    }

    @Test func syntaxErrorsBecomeDiagnostics() {
        let result = SugaredEDN.desugar(text: "{:start-at :s\n :states {:s {:type :pass}}", file: "x.edn")
        #expect(result.document == .null)
        #expect(result.diagnostics.count == 1)
        let diagnostic = result.diagnostics[0]
        #expect(diagnostic.code == "EDN_SYNTAX")
        #expect(diagnostic.file == "x.edn")
        #expect(diagnostic.location == SourceLocation(line: 2, column: 28))
        #expect(diagnostic.message.contains("expected '}' to close the map that starts at 1:1"))
    }

    @Test func sourceMapPointsAtTheEDNValues() {
        let result = desugarText("""
        {:start-at :add
         :states {:add {:type :task
                        :resource :activity/add
                        :parameters {:x.$ "$.x"}
                        :retry [{:error-equals [:a :b]}]
                        :end true}}}
        """)
        #expect(result.diagnostics.isEmpty)
        #expect(result.sourceMap[""] == SourceLocation(line: 1, column: 1))
        #expect(result.sourceMap["/StartAt"] == SourceLocation(line: 1, column: 12))
        #expect(result.sourceMap["/States/add"] == SourceLocation(line: 2, column: 16))
        #expect(result.sourceMap["/States/add/Resource"] == SourceLocation(line: 3, column: 27))
        #expect(result.sourceMap["/States/add/Parameters/x.$"] == SourceLocation(line: 4, column: 35))
        #expect(result.sourceMap["/States/add/Retry/0/ErrorEquals/1"] == SourceLocation(line: 5, column: 44))
        #expect(result.sourceMap["/States/add/End"] == SourceLocation(line: 6, column: 22))
    }
}
