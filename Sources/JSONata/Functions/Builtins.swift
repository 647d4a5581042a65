/// The function library: every JSONata 2.0.6 function except `$eval`, plus the functions
/// AWS Step Functions adds.
struct Builtin: Sendable {
    let name: String
    let signature: Signature
    /// JavaScript `length` of the reference implementation: how many arguments higher-order
    /// functions pass when this function is given to them.
    let arity: Int
    /// Declared parameters, filled in by partial application.
    let parameterCount: Int
    let body: @Sendable (Invocation) throws(JSONataError) -> Value?

    init(_ name: String, _ signature: String, arity: Int, parameters: Int? = nil,
         _ body: @escaping @Sendable (Invocation) throws(JSONataError) -> Value?) {
        self.name = name
        // The library's signatures are constant text, covered by the test suite.
        self.signature = try! Signature(signature)
        self.arity = arity
        self.parameterCount = parameters ?? arity
        self.body = body
    }

    var native: NativeFunction {
        NativeFunction(name: name, signature: signature, arity: arity, parameterCount: parameterCount, body: body)
    }
}

enum Builtins {
    static let all: [Builtin] =
        StringFunctions.all + URLFunctions.all + NumericFunctions.all + ArrayFunctions.all + ObjectFunctions.all
        + HigherOrderFunctions.all + FormattingFunctions.all + DateTimeFunctions.all
        + StepFunctionsFunctions.all

    static let transformSignature = try! Signature("<(oa):o>")

    /// The frame binding every built-in function, shared by all evaluations: nothing binds in it
    /// after this (host functions go in a frame of each evaluation's own), and its functions are
    /// immutable, so reading it from several threads at once is safe.
    nonisolated(unsafe) static let frame: Frame = {
        let frame = Frame(parent: nil)
        for builtin in all { frame.bind(builtin.name, .function(JFunction(builtin.native))) }
        return frame
    }()
}

/// Helpers shared by the function implementations.
extension Invocation {
    /// The evaluation's budget: functions draw on it in proportion to the items and characters
    /// they go through.
    var meter: BudgetMeter { evaluator.meter }

    func string(_ index: Int) -> String? { self[index]?.stringValue }
    func number(_ index: Int) -> Double? { self[index]?.numberValue }
    func array(_ index: Int) -> JArray? { self[index]?.arrayValue }

    /// Calls a function argument the way higher-order functions do: passing as many of
    /// `(value, index, collection)` as the function declares.
    func callback(_ function: Value, _ value: Value?, _ index: Value?, _ collection: Value?) throws(JSONataError) -> Value? {
        let arity = function.functionValue?.arity ?? 1
        var args: [Value?] = [value]
        if arity >= 2 { args.append(index) }
        if arity >= 3 { args.append(collection) }
        return try evaluator.apply(function, args, nil, frame)
    }
}
