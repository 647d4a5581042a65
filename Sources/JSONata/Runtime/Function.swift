/// A function value: a lambda written in the expression, or a native (Swift) function —
/// built-ins, host functions, regex matchers and the functions the evaluator makes
/// (transforms, partial applications, compositions).
final class JFunction {
    enum Kind {
        case lambda(Lambda)
        case native(NativeFunction)
    }

    private(set) var kind: Kind

    init(_ lambda: Lambda) { kind = .lambda(lambda) }
    init(_ native: NativeFunction) { kind = .native(native) }

    deinit {
        // What a function holds (its closure's frame and input, or what a native body
        // captured) can chain to other functions without bound: release it iteratively.
        Teardown.release(&kind, leaving: .native(.released))
    }

    var signature: Signature? {
        switch kind {
        case .lambda(let l): return l.signature
        case .native(let n): return n.signature
        }
    }

    /// How many arguments higher-order functions pass to this function (JavaScript's `length`).
    var arity: Int {
        switch kind {
        case .lambda(let l): return l.params.count
        case .native(let n): return n.arity
        }
    }

    var lambda: Lambda? { if case .lambda(let l) = kind { return l } else { return nil } }
}

/// A closure over the environment where a `function(...) {...}` was evaluated.
struct Lambda {
    var params: [String]
    var signature: Signature?
    var body: Node
    var input: Value?
    var environment: Frame
    /// A tail call awaiting the trampoline in `apply`.
    var isThunk = false
}

/// What a native function receives when invoked.
struct Invocation {
    var args: [Value?]
    /// The context value at the call site (used by functions such as `$string()` via signatures).
    var input: Value?
    var frame: Frame
    var evaluator: Evaluator

    subscript(_ index: Int) -> Value? { index < args.count ? args[index] : nil }
}

typealias NativeBody = (Invocation) throws(JSONataError) -> Value?

struct NativeFunction {
    var name: String
    var signature: Signature?
    /// JavaScript `length` of the reference implementation (how many arguments HOFs pass).
    var arity: Int
    /// The number of declared parameters (what partial application fills in).
    var parameterCount: Int
    var body: NativeBody

    /// What a dying `JFunction` keeps once its members are handed to `Teardown`.
    static var released: NativeFunction {
        NativeFunction(name: "", signature: nil, arity: 0, parameterCount: 0) { (_) throws(JSONataError) -> Value? in nil }
    }
}
