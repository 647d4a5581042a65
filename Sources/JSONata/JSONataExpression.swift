import StepwiseJSON


/// A compiled JSONata expression (JSONata 2.0.6 semantics, as AWS Step Functions evaluates it).
///
/// Compile once, evaluate many times, from any thread: the compiled tree is immutable.
public struct JSONataExpression: Sendable {
    /// The expression text as written.
    public let text: String
    let root: Node

    /// Parses `text`; syntax errors throw with JSONata's `S0xxx` codes and positions.
    public init(_ text: String) throws(JSONataError) {
        self.text = text
        root = try Parser.parse(text)
    }

    /// Evaluates against `input` (nil = no input), with `bindings` as `$name` variables.
    /// Returns nil when the expression evaluates to nothing (JSONata's undefined).
    public func evaluate(
        input: JSONValue?, bindings: [String: JSONValue] = [:], environment: JSONataEnvironment = .init()
    ) throws(JSONataError) -> JSONValue? {
        let evaluator = Evaluator(environment: environment)
        let globals = Builtins.frame()
        for (name, function) in environment.functions {
            globals.bind(name, .function(JFunction(function.native(name: name))))
        }
        let frame = Frame(parent: globals)
        for (name, value) in bindings { frame.bind(name, ValueConversion.value(from: value)) }
        var context = input.map(ValueConversion.value(from:))
        frame.bind("$", context)
        if case .array(let array)? = context {
            // An array input is wrapped so that the top-level path iterates it as one value.
            let wrapper = JArray([.array(array)], sequence: true)
            wrapper.outerWrapper = true
            context = .array(wrapper)
        }
        let result = try evaluator.evaluate(root, context, frame)
        return try ValueConversion.json(from: result)
    }
}
