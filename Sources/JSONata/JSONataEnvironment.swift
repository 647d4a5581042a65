import Foundation
import StepwiseJSON

/// What an evaluation may depend on besides its input: the clock, randomness, UUIDs, host
/// functions, and the limits that stop runaway expressions.
public struct JSONataEnvironment: Sendable {
    /// The current instant, read once per evaluation (`$now()`, `$millis()`).
    public var clock: @Sendable () -> Date
    /// A uniformly distributed number in [0, 1) (`$random()`, `$shuffle`).
    public var random: @Sendable () -> Double
    /// A version 4 UUID (`$uuid()`).
    public var uuid: @Sendable () -> UUID
    /// Maximum nesting of evaluation (recursion that is not a tail call counts); beyond it
    /// evaluation fails with `U1001`. The evaluation's stack (`LargeStack.stackSize`) holds
    /// over 100,000 levels even in a debug build.
    public var maxDepth: Int
    /// The work one evaluation may do; beyond it evaluation fails with `U1002`.
    public var budget: JSONataBudget
    /// Host functions, bound as `$name`.
    public var functions: [String: JSONataFunction]

    public init(
        clock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        uuid: @escaping @Sendable () -> UUID = { UUID() },
        maxDepth: Int = 10_000,
        budget: JSONataBudget = JSONataBudget(),
        functions: [String: JSONataFunction] = [:]
    ) {
        self.clock = clock
        self.random = random
        self.uuid = uuid
        self.maxDepth = maxDepth
        self.budget = budget
        self.functions = functions
    }
}

/// How much work one evaluation may do, so that no expression or input can run unbounded.
///
/// A step is one evaluated node of the expression, one item or character a built-in function
/// goes through, or a slice of regular-expression matching. Exceeding either limit fails the
/// evaluation with `JSONataError.Code.budgetExceeded` (`U1002`), whose message names the limit.
public struct JSONataBudget: Sendable, Hashable {
    /// Steps; the default, 50 million, takes a few seconds and leaves room for ranges of
    /// JSONata's largest size (10 million items).
    public var steps: Int
    /// Wall-clock time from the start of the evaluation.
    public var time: Duration

    public init(steps: Int = 50_000_000, time: Duration = .seconds(10)) {
        self.steps = steps
        self.time = time
    }
}

/// A Swift function callable from expressions. Arguments and result are JSON (nil = undefined).
public struct JSONataFunction: Sendable {
    /// Optional JSONata signature (`<s-n?:s>`) validating and completing the arguments.
    public let signature: String?
    public let body: @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?
    let parsedSignature: Signature?

    /// Fails with the signature's syntax error when `signature` is malformed.
    public init(
        signature: String? = nil, _ body: @escaping @Sendable ([JSONValue?]) throws(JSONataError) -> JSONValue?
    ) throws(JSONataError) {
        self.signature = signature
        self.body = body
        parsedSignature = try signature.map { (text) throws(JSONataError) in try Signature(text) }
    }

    func native(name: String) -> NativeFunction {
        let body = self.body
        let count = parsedSignature?.params.count ?? 1
        return NativeFunction(name: name, signature: parsedSignature, arity: count, parameterCount: count) { (call) throws(JSONataError) -> Value? in
            let meter = call.evaluator.meter
            var args: [JSONValue?] = []
            for arg in call.args { args.append(try ValueConversion.json(from: arg, meter)) }
            return try body(args).map { (json) throws(JSONataError) -> Value in try ValueConversion.value(from: json, meter) }
        }
    }
}
