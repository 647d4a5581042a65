import StepwiseJSON


/// A compiled JSONata expression (JSONata 2.0.6 semantics, as AWS Step Functions evaluates it).
///
/// Compile once, evaluate many times, from any thread: the compiled tree is immutable.
public struct JSONataExpression: Sendable {
    /// The expression text as written.
    public let text: String
    let root: Node

    /// The deepest nesting an expression may have: parentheses, operands, function calls and
    /// path steps each add a level (`((1))` has three, `1+2+3` three). Real expressions stay far
    /// below it; deeper ones fail to parse with `JSONataError.Code.expressionTooDeep` (`U1004`)
    /// at the position where they cross it.
    public static let maxNesting = 300

    /// Parses `text`; syntax errors throw with JSONata's `S0xxx` codes and positions.
    public init(_ text: String) throws(JSONataError) {
        self.text = text
        root = try Parser.parse(text)
    }

    /// Evaluates against `input` (nil = no input), with `bindings` as `$name` variables.
    /// Returns nil when the expression evaluates to nothing (JSONata's undefined).
    ///
    /// Runs on a large stack: inline on a thread started by `LargeStack`, otherwise on a new
    /// thread while this one waits (from async code, wrap the call in `LargeStack.run`).
    public func evaluate(
        input: JSONValue?, bindings: [String: JSONValue] = [:], environment: JSONataEnvironment = .init()
    ) throws(JSONataError) -> JSONValue? {
        try LargeStack.run { () throws(JSONataError) -> JSONValue? in
            let evaluator = Evaluator(environment: environment)
            let meter = evaluator.meter
            let globals = Frame(parent: Builtins.frame)
            for (name, function) in environment.functions {
                globals.bind(name, .function(JFunction(function.native(name: name))))
            }
            let frame = Frame(parent: globals)
            for (name, value) in bindings { frame.bind(name, try ValueConversion.value(from: value, meter)) }
            var context = try input.map { (json) throws(JSONataError) -> Value in try ValueConversion.value(from: json, meter) }
            frame.bind("$", context)
            if case .array(let array)? = context {
                // An array input is wrapped so that the top-level path iterates it as one value.
                let wrapper = JArray([.array(array)], sequence: true)
                wrapper.outerWrapper = true
                context = .array(wrapper)
            }
            let result = try evaluator.evaluate(root, context, frame)
            return try ValueConversion.json(from: result, meter)
        }
    }
}
