/// Function calls, lambdas, partial application, `~>` and the transform operator.
extension Evaluator {
    /// Where a function was invoked, for error reports.
    struct CallSite {
        var position: Int?
        var token: String?
    }

    private func procedureName(_ procedure: Node) -> String {
        procedure.kind == .path ? procedure.steps[0].value : procedure.value
    }

    func evaluateFunction(_ expr: Node, _ input: Value?, _ frame: Frame, applyTo: Value??) throws(JSONataError) -> Value? {
        let procedure = expr.procedure!
        let proc = try evaluate(procedure, input, frame)
        if proc == nil, procedure.kind == .path, try frame.lookup(procedure.steps[0].value, meter) != nil {
            // The user probably forgot the leading `$`.
            throw JSONataError(code: "T1005", position: expr.position, token: procedure.steps[0].value)
        }
        var args: [Value?] = []
        args.reserveCapacity(expr.arguments.count + 1)
        if let applyTo { args.append(applyTo) }
        for arg in expr.arguments { args.append(try evaluate(arg, input, frame)) }
        let name = procedureName(procedure)
        do {
            return try apply(proc, args, input, frame, site: CallSite(position: expr.position, token: name))
        } catch {
            throw error.located(position: expr.position, token: name)
        }
    }

    /// Invokes a function, running tail calls (thunks) in a loop so that tail recursion does not
    /// grow the stack.
    func apply(_ proc: Value?, _ args: [Value?], _ input: Value?, _ frame: Frame, site: CallSite = CallSite()) throws(JSONataError) -> Value? {
        var result = try applyInner(proc, args, input, frame, site: site)
        while case .function(let function)? = result, let thunk = function.lambda, thunk.isThunk {
            let call = thunk.body
            let procedure = call.procedure!
            let next = try evaluate(procedure, thunk.input, thunk.environment)
            var nextArgs: [Value?] = []
            nextArgs.reserveCapacity(call.arguments.count)
            for arg in call.arguments { nextArgs.append(try evaluate(arg, thunk.input, thunk.environment)) }
            let nextSite = CallSite(position: procedure.position, token: procedure.kind == .variable ? procedure.value : nil)
            result = try applyInner(next, nextArgs, input, frame, site: nextSite)
        }
        return result
    }

    private func applyInner(_ proc: Value?, _ args: [Value?], _ input: Value?, _ frame: Frame, site: CallSite) throws(JSONataError) -> Value? {
        do throws(JSONataError) {
            guard case .function(let function)? = proc else {
                throw JSONataError(code: "T1006")
            }
            var validated = args
            if let signature = function.signature {
                validated = try signature.validate(args, context: input)
            }
            switch function.kind {
            case .lambda(let lambda):
                return try applyProcedure(lambda, validated)
            case .native(let native):
                return try native.body(Invocation(args: validated, input: input, frame: frame, evaluator: self))
            }
        } catch {
            guard proc != nil else { throw error }
            var located = error
            if located.token == nil { located.token = site.token }
            if let position = site.position { located.position = position }
            throw located
        }
    }

    private func applyProcedure(_ lambda: Lambda, _ args: [Value?]) throws(JSONataError) -> Value? {
        let env = Frame(parent: lambda.environment)
        for (index, name) in lambda.params.enumerated() {
            env.bind(name, index < args.count ? args[index] : nil)
        }
        return try evaluate(lambda.body, lambda.input, env)
    }

    func evaluateLambda(_ expr: Node, _ input: Value?, _ frame: Frame) -> Value? {
        let lambda = Lambda(params: expr.params, signature: expr.signature, body: expr.body!, input: input,
                            environment: frame, isThunk: expr.thunk)
        return .function(JFunction(lambda))
    }

    // MARK: partial application

    func evaluatePartial(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        var args: [Value?] = []
        var holes: [Bool] = []
        for arg in expr.arguments {
            if arg.kind == .placeholder {
                args.append(nil)
                holes.append(true)
            } else {
                args.append(try evaluate(arg, input, frame))
                holes.append(false)
            }
        }
        let procedure = expr.procedure!
        let proc = try evaluate(procedure, input, frame)
        if proc == nil, procedure.kind == .path, try frame.lookup(procedure.steps[0].value, meter) != nil {
            throw JSONataError(code: "T1007", position: expr.position, token: procedure.steps[0].value)
        }
        guard case .function(let function)? = proc else {
            throw JSONataError(code: "T1008", position: expr.position, token: procedureName(procedure))
        }
        switch function.kind {
        case .lambda(let lambda):
            let env = Frame(parent: lambda.environment)
            var unbound: [String] = []
            for (index, name) in lambda.params.enumerated() {
                if index < holes.count && holes[index] {
                    unbound.append(name)
                } else {
                    env.bind(name, index < args.count ? args[index] : nil)
                }
            }
            return .function(JFunction(Lambda(params: unbound, signature: nil, body: lambda.body,
                                              input: lambda.input, environment: env)))
        case .native(let native):
            let parameterCount = native.parameterCount
            let holeIndices = (0..<parameterCount).filter { $0 < holes.count && holes[$0] }
            let bound = args
            // Captures the function object, not its body: a chain of partial applications then
            // runs through `JFunction`s, which release iteratively.
            let partial = NativeFunction(name: native.name, signature: nil, arity: holeIndices.count,
                                         parameterCount: holeIndices.count) { (call) throws(JSONataError) -> Value? in
                var full = Array(bound.prefix(parameterCount))
                while full.count < parameterCount { full.append(nil) }
                for (position, index) in holeIndices.enumerated() { full[index] = call[position] }
                while let last = full.last, last == nil, full.count > 0 { full.removeLast() }
                return try call.evaluator.nested { () throws(JSONataError) -> Value? in
                    try call.evaluator.apply(.function(function), full, call.input, call.frame)
                }
            }
            return .function(JFunction(partial))
        }
    }

    // MARK: ~> and transforms

    func evaluateApply(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        let lhs = try evaluate(expr.lhs!, input, frame)
        let rhs = expr.rhs!
        if rhs.kind == .function {
            return try evaluateFunction(rhs, input, frame, applyTo: .some(lhs))
        }
        let function = try evaluate(rhs, input, frame)
        guard case .function(let g)? = function else {
            throw JSONataError(code: "T2006", position: expr.position, value: JSONText.render(function))
        }
        if case .function(let f)? = lhs {
            // Function composition: (f ~> g)(x) = g(f(x)).
            let composed = NativeFunction(name: "composition", signature: nil, arity: 1, parameterCount: 1) { (call) throws(JSONataError) -> Value? in
                try call.evaluator.nested { () throws(JSONataError) -> Value? in
                    let inner = try call.evaluator.apply(.function(f), [call[0]], nil, call.frame)
                    return try call.evaluator.apply(.function(g), [inner], nil, call.frame)
                }
            }
            return .function(JFunction(composed))
        }
        return try apply(.function(g), [lhs], nil, frame)
    }

    func evaluateTransform(_ expr: Node, _ frame: Frame) -> Value? {
        let transformer = NativeFunction(name: "transform", signature: Builtins.transformSignature, arity: 1, parameterCount: 1) { (call) throws(JSONataError) -> Value? in
            guard let object = call[0] else { return nil }
            let evaluator = call.evaluator
            let clone = try frame.lookup("clone", evaluator.meter)
            guard case .function? = clone else {
                throw JSONataError(code: "T2013", position: expr.position)
            }
            let result = try evaluator.apply(clone, [object], nil, frame)
            guard let matches = try evaluator.evaluate(expr.pattern!, result, frame) else { return result }
            for match in matches.asList {
                if let update = try evaluator.evaluate(expr.update!, match, frame) {
                    guard case .object(let fields) = update else {
                        throw JSONataError(code: "T2011", position: expr.update!.position, value: JSONText.render(update))
                    }
                    if case .object(let target) = match {
                        try evaluator.meter.charge(fields.fields.count)
                        for (key, value) in fields.fields { target.fields[key] = value }
                    }
                }
                if let deleteExpr = expr.delete, let deletions = try evaluator.evaluate(deleteExpr, match, frame) {
                    let names = deletions.asList
                    try evaluator.meter.charge(names.count)
                    guard names.allSatisfy({ $0.stringValue != nil }) else {
                        throw JSONataError(code: "T2012", position: deleteExpr.position, value: JSONText.render(deletions))
                    }
                    if case .object(let target) = match {
                        for case .string(let name) in names { target.fields.removeValue(forKey: name) }
                    }
                }
            }
            return result
        }
        return .function(JFunction(transformer))
    }
}
