import StepwiseJSON

extension IntrinsicFunction {
    /// Evaluates the call. Paths read the state input (`$`), the context object (`$$`) or the
    /// workflow variables (`$name`).
    ///
    /// Failures are `States.Runtime` — AWS reports intrinsic failures under that name
    /// (`States.IntrinsicFailure` is reserved) — with AWS's causes: a path argument that
    /// matches nothing gives "The function '…' had the following error: The JsonPath argument
    /// for the field '$.x' could not be found in the input '…'", a wrong argument gives
    /// "… Invalid arguments in States.Name".
    ///
    /// Work is paid from `budget`, and no result may nest deeper than `JSONParser.maxDepth`
    /// (`States.Array` and `States.ArrayPartition` add a level).
    public func evaluate(
        input: JSONValue, context: JSONValue, variables: [String: JSONValue], runtime: IntrinsicRuntime = .system,
        budget: EvaluationBudget = EvaluationBudget()
    ) throws(StatesError) -> JSONValue {
        let scope = IntrinsicScope(input: input, context: context, variables: variables, runtime: runtime, outermost: self, budget: budget)
        return try scope.evaluate(self)
    }
}

/// What a call is evaluated against, and the outermost call that failures name.
struct IntrinsicScope {
    let input: JSONValue
    let context: JSONValue
    let variables: [String: JSONValue]
    let runtime: IntrinsicRuntime
    let outermost: IntrinsicFunction
    let budget: EvaluationBudget

    func evaluate(_ call: IntrinsicFunction) throws(StatesError) -> JSONValue {
        guard call.name.arity.contains(call.arguments.count) else { throw invalid(call.name) }
        try budget.spend(1 + call.arguments.count)
        var values: [JSONValue] = []
        values.reserveCapacity(call.arguments.count)
        for argument in call.arguments { values.append(try value(of: argument)) }
        let arguments = IntrinsicArguments(name: call.name, values: values, raw: call.arguments, outermost: outermost, budget: budget)
        switch call.name {
        case .format: return try IntrinsicStrings.format(arguments)
        case .stringToJson: return try IntrinsicStrings.stringToJson(arguments)
        case .jsonToString: return .string(try IntrinsicStrings.jsonText(values[0], arguments))
        case .stringSplit: return try IntrinsicStrings.split(arguments)
        case .base64Encode: return try IntrinsicStrings.base64Encode(arguments)
        case .base64Decode: return try IntrinsicStrings.base64Decode(arguments)
        case .hash: return try IntrinsicStrings.hash(arguments)
        case .uuid: return .string(runtime.uuid().uuidString.lowercased())
        case .array:
            for value in values { try budget.checkDepth(value, at: 1) }
            return .array(values)
        case .arrayPartition: return try IntrinsicArrays.partition(arguments)
        case .arrayContains: return try IntrinsicArrays.contains(arguments)
        case .arrayRange: return try IntrinsicArrays.range(arguments)
        case .arrayGetItem: return try IntrinsicArrays.item(arguments)
        case .arrayLength: return .number(JSONNumber(try arguments.array(0).count))
        case .arrayUnique: return try IntrinsicArrays.unique(arguments)
        case .jsonMerge: return try IntrinsicArrays.merge(arguments)
        case .mathAdd: return try IntrinsicMath.add(arguments)
        case .mathRandom: return try IntrinsicMath.random(arguments, runtime: runtime)
        }
    }

    func value(of argument: IntrinsicArgument) throws(StatesError) -> JSONValue {
        switch argument {
        case .string(let value, _): return .string(value)
        case .number(let n): return .number(n)
        case .boolean(let b): return .bool(b)
        case .null: return .null
        case .call(let inner): return try evaluate(inner)
        case .path(let path):
            guard let found = try path.select(input: input, context: context, variables: variables, budget: budget) else {
                throw StatesError.runtime(
                    "The function '\(outermost.text)' had the following error: The JsonPath argument for the field '\(path.text)' could not be found in the input '\(input)'")
            }
            return found
        }
    }

    func invalid(_ name: IntrinsicName) -> StatesError {
        IntrinsicArguments.invalid(name, outermost: outermost)
    }
}

/// The evaluated arguments of one call, with typed accessors that fail the AWS way.
struct IntrinsicArguments {
    let name: IntrinsicName
    let values: [JSONValue]
    let raw: [IntrinsicArgument]
    /// The call AWS names in the cause.
    let outermost: IntrinsicFunction
    let budget: EvaluationBudget

    var count: Int { values.count }

    static func invalid(_ name: IntrinsicName, outermost: IntrinsicFunction) -> StatesError {
        StatesError.runtime("The function '\(outermost.text)' had the following error: Invalid arguments in \(name.rawValue)")
    }

    var invalid: StatesError { Self.invalid(name, outermost: outermost) }

    func string(_ i: Int) throws(StatesError) -> String {
        guard case .string(let s) = values[i] else { throw invalid }
        return s
    }

    func array(_ i: Int) throws(StatesError) -> [JSONValue] {
        guard case .array(let a) = values[i] else { throw invalid }
        return a
    }

    func object(_ i: Int) throws(StatesError) -> JSONObject {
        guard case .object(let o) = values[i] else { throw invalid }
        return o
    }

    func number(_ i: Int) throws(StatesError) -> JSONNumber {
        guard case .number(let n) = values[i] else { throw invalid }
        return n
    }

    /// A number cut to an integer the way AWS's `(int)` cast does (toward zero), within the
    /// 32-bit range AWS works in.
    func truncatedInt32(_ i: Int) throws(StatesError) -> Int {
        let d = try number(i).doubleValue.rounded(.towardZero)
        guard d.isFinite, d >= Double(Int32.min), d <= Double(Int32.max) else { throw invalid }
        return Int(d)
    }
}
