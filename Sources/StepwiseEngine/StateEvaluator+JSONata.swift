import StatesLanguage

extension StateEvaluator {
    func jsonata(_ value: JSONValue, field: String, result: JSONValue? = nil, errorOutput: JSONValue? = nil) throws -> JSONValue {
        throw EvaluationFailure(error: StatesError(ErrorName.queryEvaluationError, "JSONata pending"), location: field)
    }
    func jsonataAssign(_ value: JSONValue, result: JSONValue?, errorOutput: JSONValue? = nil) throws -> JSONObject {
        throw EvaluationFailure(error: StatesError(ErrorName.queryEvaluationError, "JSONata pending"), location: "Assign")
    }
    func jsonataInteger(_ value: Computed<Int>, field: String, minimum: Int) throws -> Int {
        throw EvaluationFailure(error: StatesError(ErrorName.queryEvaluationError, "JSONata pending"), location: field)
    }
    func jsonataString(_ value: String, field: String) throws -> String {
        throw EvaluationFailure(error: StatesError(ErrorName.queryEvaluationError, "JSONata pending"), location: field)
    }
}
