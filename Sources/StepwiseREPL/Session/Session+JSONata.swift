import Foundation
import JSONata
import StepwiseJSON

extension Session {
    /// `:jsonata EXPR [INPUT]` — a quick trial of an expression: the input is `$` and, as in a
    /// JSONata state, `$states.input`.
    func evaluateJSONata(_ expression: String, inputText: String) throws -> CommandResult {
        let input = inputText.isEmpty ? JSONValue.object([:]) : try InputValue.parse(inputText)
        let source = expression.isJSONataExpression ? String(expression.dropFirst(2).dropLast(2)) : expression
        do {
            let compiled = try JSONataExpression(source)
            guard let result = try compiled.evaluate(input: input, bindings: ["states": ["input": input]]) else {
                console.print(console.style.dim("undefined (the expression returned nothing; in a state this is States.QueryEvaluationError)"))
                return .succeeded
            }
            console.print(DataText.pretty(result))
            return .succeeded
        } catch {
            let at = error.position.map { " at character \($0)" } ?? ""
            return fail("\(error.code)\(at): \(error.message)")
        }
    }
}
