/// Binary and unary operators.
extension Evaluator {
    func evaluateBinary(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        let lhs = try evaluate(expr.lhs!, input, frame)
        let op = expr.value
        if op == "and" || op == "or" {
            // Short-circuit: the right side is evaluated only when needed. Errors raised while
            // evaluating it are reported at the operator, as the reference does.
            return try locate(expr) { () throws(JSONataError) -> Value? in
                let left = try Casting.boolean(lhs, meter) ?? false
                if op == "and" && !left { return .bool(false) }
                if op == "or" && left { return .bool(true) }
                let rhs = try evaluate(expr.rhs!, input, frame)
                return .bool(try Casting.boolean(rhs, meter) ?? false)
            }
        }
        let rhs = try evaluate(expr.rhs!, input, frame)
        return try locate(expr) { () throws(JSONataError) -> Value? in
            switch op {
            case "+", "-", "*", "/", "%": return try arithmetic(lhs, rhs, op)
            case "=": return try equality(lhs, rhs, negate: false)
            case "!=": return try equality(lhs, rhs, negate: true)
            case "<", "<=", ">", ">=": return try comparison(lhs, rhs, op)
            case "&": return try concatenation(lhs, rhs)
            case "..": return try range(lhs, rhs)
            case "in": return try includes(lhs, rhs)
            default: throw JSONataError(code: "S0204", token: op)
            }
        }
    }

    /// Runs `body`, reporting any error at the operator's position with the operator as token.
    private func locate(_ expr: Node, _ body: () throws(JSONataError) -> Value?) throws(JSONataError) -> Value? {
        do {
            return try body()
        } catch {
            var located = error
            located.position = expr.position
            located.token = expr.value
            throw located
        }
    }

    private func arithmetic(_ lhs: Value?, _ rhs: Value?, _ op: String) throws(JSONataError) -> Value? {
        if let lhs, !(try lhs.isNumeric()) { throw JSONataError(code: "T2001", value: JSONText.render(lhs)) }
        if let rhs, !(try rhs.isNumeric()) { throw JSONataError(code: "T2002", value: JSONText.render(rhs)) }
        guard case .number(let a)? = lhs, case .number(let b)? = rhs else { return nil }
        switch op {
        case "+": return .number(a + b)
        case "-": return .number(a - b)
        case "*": return .number(a * b)
        case "/": return .number(a / b)
        default: return .number(a.truncatingRemainder(dividingBy: b))
        }
    }

    private func equality(_ lhs: Value?, _ rhs: Value?, negate: Bool) throws(JSONataError) -> Value? {
        guard let lhs, let rhs else { return .bool(false) }
        return .bool(try deepEqual(lhs, rhs, meter) != negate)
    }

    /// `&`: the copy costs the length of the result (concatenating in a loop is quadratic).
    private func concatenation(_ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        let left = try lhs.map { (value) throws(JSONataError) -> String in try Casting.string(value, meter) } ?? ""
        let right = try rhs.map { (value) throws(JSONataError) -> String in try Casting.string(value, meter) } ?? ""
        try meter.charge(left.utf8.count + right.utf8.count)
        return .string(left + right)
    }

    private func comparison(_ lhs: Value?, _ rhs: Value?, _ op: String) throws(JSONataError) -> Value? {
        func comparable(_ v: Value?) -> Bool {
            switch v {
            case nil, .string?, .number?: return true
            default: return false
            }
        }
        func stringOrNumber(_ v: Value?) -> Bool { v != nil && comparable(v) }
        guard comparable(lhs), comparable(rhs) else {
            throw JSONataError(code: "T2010", value: JSONText.render(stringOrNumber(lhs) ? rhs : lhs))
        }
        guard let lhs, let rhs else { return nil }
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)):
            switch op {
            case "<": return .bool(a < b)
            case "<=": return .bool(a <= b)
            case ">": return .bool(a > b)
            default: return .bool(a >= b)
            }
        case (.string(let a), .string(let b)):
            switch op {
            case "<": return .bool(try jsLess(a, b, meter))
            case "<=": return .bool(!(try jsLess(b, a, meter)))
            case ">": return .bool(try jsLess(b, a, meter))
            default: return .bool(!(try jsLess(a, b, meter)))
            }
        default:
            throw JSONataError(code: "T2009", value: JSONText.render(lhs), value2: JSONText.render(rhs))
        }
    }

    private func range(_ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        func integer(_ v: Value?) -> Double? {
            if case .number(let n)? = v, n.isFinite, n == n.rounded() { return n }
            return nil
        }
        if let lhs, integer(lhs) == nil { throw JSONataError(code: "T2003", value: JSONText.render(lhs)) }
        if let rhs, integer(rhs) == nil { throw JSONataError(code: "T2004", value: JSONText.render(rhs)) }
        guard let low = integer(lhs), let high = integer(rhs), low <= high else { return nil }
        let size = high - low + 1
        if size > 1e7 { throw JSONataError(code: "D2014", value: JSNumber.string(size)) }
        try meter.charge(size.clampedInt)
        let items = (0..<size.clampedInt).map { Value.number(low + Double($0)) }
        return .array(JArray(items, sequence: true))
    }

    private func includes(_ lhs: Value?, _ rhs: Value?) throws(JSONataError) -> Value? {
        guard let lhs, let rhs else { return .bool(false) }
        for item in rhs.asList {
            try meter.charge()
            if try strictEqual(item, lhs, meter) { return .bool(true) }
        }
        return .bool(false)
    }

    // MARK: unary

    func evaluateUnary(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        switch expr.value {
        case "-":
            guard let value = try evaluate(expr.expression!, input, frame) else { return nil }
            guard try value.isNumeric(), case .number(let n) = value else {
                throw JSONataError(code: "D1002", position: expr.position, token: "-", value: JSONText.render(value))
            }
            return .number(-n)
        case "[":
            let result = JArray()
            for item in expr.expressions {
                guard let value = try evaluate(item, input, frame) else { continue }
                if item.kind == .unary && item.value == "[" {
                    result.append(value)
                } else if case .array(let a) = value {
                    try meter.charge(a.count)
                    result.items.append(contentsOf: a.items)
                } else {
                    result.append(value)
                }
            }
            if expr.consarray { result.cons = true }
            return .array(result)
        case "{":
            return try evaluateGroup(GroupBy(pairs: expr.pairs, position: expr.position), input, frame)
        default:
            throw JSONataError(code: "S0204", position: expr.position, token: expr.value)
        }
    }
}
