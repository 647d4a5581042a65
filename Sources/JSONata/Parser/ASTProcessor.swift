/// The post-parse stage: flattens `.` chains into paths of steps, attaches predicates, positional
/// and focus bindings, grouping and ordering to their steps, resolves parent (`%`) references to
/// the ancestor steps that must record them, and marks tail calls in lambda bodies.
struct ASTProcessor {
    private var ancestorLabel = 0
    private var ancestry: [Node] = []
    /// How many `process` calls are under way (at most the parsed tree's bounded height).
    private var depth = 0

    mutating func process(_ expr: Node) throws(JSONataError) -> Node {
        depth += 1
        defer { depth -= 1 }
        return try LargeStack.descend(depth) { () throws(JSONataError) -> Node in try processNode(expr) }
    }

    private mutating func processNode(_ expr: Node) throws(JSONataError) -> Node {
        let result: Node
        switch expr.kind {
        case .binary:
            result = try processBinary(expr)
        case .unary:
            result = try processUnary(expr)
        case .function, .partial:
            result = Node(kind: expr.kind, value: expr.value, position: expr.position)
            for arg in expr.arguments {
                let processed = try process(arg)
                pushAncestry(result, processed)
                result.arguments.append(processed)
            }
            result.procedure = try process(expr.procedure!)
        case .lambda:
            result = Node(kind: .lambda, value: expr.value, position: expr.position)
            result.params = expr.params
            result.signature = expr.signature
            result.body = tailCallOptimize(try process(expr.body!))
        case .condition:
            result = Node(kind: .condition, position: expr.position)
            result.condition = try process(expr.condition!)
            pushAncestry(result, result.condition!)
            result.then = try process(expr.then!)
            pushAncestry(result, result.then!)
            if let otherwise = expr.otherwise {
                result.otherwise = try process(otherwise)
                pushAncestry(result, result.otherwise!)
            }
        case .transform:
            result = Node(kind: .transform, position: expr.position)
            result.pattern = try process(expr.pattern!)
            result.update = try process(expr.update!)
            if let delete = expr.delete { result.delete = try process(delete) }
        case .block:
            result = Node(kind: .block, position: expr.position)
            for item in expr.expressions {
                let part = try process(item)
                pushAncestry(result, part)
                if part.consarray || (part.kind == .path && part.steps[0].consarray) { result.consarray = true }
                result.expressions.append(part)
            }
        case .name:
            result = Node(kind: .path, position: expr.position)
            result.steps = [expr]
            if expr.keepArray { result.keepSingletonArray = true }
        case .parent:
            result = Node(kind: .parent, position: expr.position)
            result.slot = Slot(label: "!\(ancestorLabel)", level: 1, index: ancestry.count)
            ancestorLabel += 1
            ancestry.append(result)
        case .literal, .wildcard, .descendant, .variable, .regex, .placeholder:
            result = expr
        case .op:
            // `and`, `or` and `in` in a prefix position are names.
            guard expr.value == "and" || expr.value == "or" || expr.value == "in" else {
                throw JSONataError(code: "S0201", position: expr.position, token: expr.value)
            }
            expr.kind = .name
            result = try process(expr)
        case .end:
            throw JSONataError(code: "S0207", position: expr.position, token: expr.value)
        case .path, .bind, .apply, .sort:
            throw JSONataError(code: "S0206", position: expr.position, token: expr.value)
        }
        if expr.keepArray { result.keepArray = true }
        return result
    }

    // MARK: binary operators

    private mutating func processBinary(_ expr: Node) throws(JSONataError) -> Node {
        switch expr.value {
        case ".": return try processPathStep(expr)
        case "[": return try processPredicate(expr)
        case "{":
            let result = try process(expr.lhs!)
            if result.group != nil { throw JSONataError(code: "S0210", position: expr.position) }
            var pairs: [(Node, Node)] = []
            for (key, value) in expr.pairs { pairs.append((try process(key), try process(value))) }
            result.group = GroupBy(pairs: pairs, position: expr.position)
            return result
        case "^":
            var result = try process(expr.lhs!)
            if result.kind != .path { result = pathOf(result) }
            let sortStep = Node(kind: .sort, position: expr.position)
            for term in expr.terms {
                let expression = try process(term.expression)
                pushAncestry(sortStep, expression)
                sortStep.terms.append(SortTerm(descending: term.descending, expression: expression))
            }
            result.steps.append(sortStep)
            try resolveAncestry(result)
            return result
        case ":=":
            let result = Node(kind: .bind, value: expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            pushAncestry(result, result.rhs!)
            return result
        case "@":
            let result = try process(expr.lhs!)
            let step = result.kind == .path ? result.steps[result.steps.count - 1] : result
            if step.stages != nil || step.predicate != nil {
                throw JSONataError(code: "S0215", position: expr.position)
            }
            if step.kind == .sort { throw JSONataError(code: "S0216", position: expr.position) }
            if expr.keepArray { step.keepArray = true }
            step.focus = expr.rhs!.value
            step.tuple = true
            return result
        case "#":
            var result = try process(expr.lhs!)
            let step: Node
            if result.kind == .path {
                step = result.steps[result.steps.count - 1]
            } else {
                step = result
                result = pathOf(result)
                if step.predicate != nil {
                    step.stages = step.predicate
                    step.predicate = nil
                }
            }
            if step.stages == nil {
                step.index = expr.rhs!.value
            } else {
                step.stages!.append(Stage(kind: .index(expr.rhs!.value), position: expr.position))
            }
            step.tuple = true
            return result
        case "~>":
            let result = Node(kind: .apply, value: expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            result.keepArray = result.lhs!.keepArray || result.rhs!.keepArray
            return result
        default:
            let result = Node(kind: .binary, value: expr.value, position: expr.position)
            result.lhs = try process(expr.lhs!)
            result.rhs = try process(expr.rhs!)
            pushAncestry(result, result.lhs!)
            pushAncestry(result, result.rhs!)
            return result
        }
    }

    private func pathOf(_ step: Node) -> Node {
        let path = Node(kind: .path, position: step.position)
        path.steps = [step]
        return path
    }

    private mutating func processPathStep(_ expr: Node) throws(JSONataError) -> Node {
        let lstep = try process(expr.lhs!)
        let result = lstep.kind == .path ? lstep : pathOf(lstep)
        if lstep.kind == .parent { result.seekingParent = [lstep.slot!] }
        let rest = try process(expr.rhs!)
        if rest.kind == .path {
            result.steps.append(contentsOf: rest.steps)
        } else {
            if rest.predicate != nil {
                rest.stages = rest.predicate
                rest.predicate = nil
            }
            result.steps.append(rest)
        }
        for step in result.steps where step.kind == .literal {
            // String literals in a path are names; other literals cannot be steps.
            guard case .string = step.literal else {
                throw JSONataError(code: "S0213", position: step.position, value: step.value)
            }
            step.kind = .name
        }
        if result.steps.contains(where: \.keepArray) { result.keepSingletonArray = true }
        let first = result.steps[0]
        if first.kind == .unary && first.value == "[" { first.consarray = true }
        let last = result.steps[result.steps.count - 1]
        if last.kind == .unary && last.value == "[" { last.consarray = true }
        try resolveAncestry(result)
        return result
    }

    private mutating func processPredicate(_ expr: Node) throws(JSONataError) -> Node {
        let result = try process(expr.lhs!)
        let inPath = result.kind == .path
        let step = inPath ? result.steps[result.steps.count - 1] : result
        if step.group != nil { throw JSONataError(code: "S0209", position: expr.position) }
        let predicate = try process(expr.rhs!)
        if let seeking = predicate.seekingParent {
            for slot in seeking {
                if slot.level == 1 {
                    _ = try seekParent(step, slot)
                } else {
                    slot.level -= 1
                }
            }
            pushAncestry(step, predicate)
        }
        let stage = Stage(kind: .filter(predicate), position: expr.position)
        if inPath {
            step.stages = (step.stages ?? []) + [stage]
        } else {
            step.predicate = (step.predicate ?? []) + [stage]
        }
        return result
    }

    // MARK: unary operators

    private mutating func processUnary(_ expr: Node) throws(JSONataError) -> Node {
        var result = Node(kind: .unary, value: expr.value, position: expr.position)
        switch expr.value {
        case "[":
            for item in expr.expressions {
                let value = try process(item)
                pushAncestry(result, value)
                result.expressions.append(value)
            }
        case "{":
            for (key, value) in expr.pairs {
                let k = try process(key)
                pushAncestry(result, k)
                let v = try process(value)
                pushAncestry(result, v)
                result.pairs.append((k, v))
            }
        default:
            let operand = try process(expr.expression!)
            if expr.value == "-", operand.kind == .literal, case .number(let n) = operand.literal {
                // Fold negative number literals.
                let folded = Node(kind: .literal, id: "(literal)", value: "-" + operand.value, position: operand.position)
                folded.literal = .number(-n)
                folded.keepArray = operand.keepArray
                result = folded
            } else {
                result.expression = operand
                pushAncestry(result, operand)
            }
        }
        return result
    }

    // MARK: tail calls

    /// Wraps calls in tail position in a thunk, so the trampoline in `apply` can run them
    /// without growing the stack.
    private func tailCallOptimize(_ expr: Node) -> Node {
        switch expr.kind {
        case .function where expr.predicate == nil:
            let thunk = Node(kind: .lambda, position: expr.position)
            thunk.thunk = true
            thunk.body = expr
            return thunk
        case .condition:
            expr.then = tailCallOptimize(expr.then!)
            if let otherwise = expr.otherwise { expr.otherwise = tailCallOptimize(otherwise) }
            return expr
        case .block:
            if let last = expr.expressions.last {
                expr.expressions[expr.expressions.count - 1] = tailCallOptimize(last)
            }
            return expr
        default:
            return expr
        }
    }

    // MARK: parent (%) resolution

    private func seekParent(_ node: Node, _ slot: Slot) throws(JSONataError) -> Slot {
        var slot = slot
        switch node.kind {
        case .name, .wildcard:
            slot.level -= 1
            if slot.level == 0 {
                if let existing = node.ancestor {
                    // Reuse the label already recorded at this step.
                    ancestry[slot.index].slot!.label = existing.label
                }
                node.ancestor = slot
                node.tuple = true
            }
        case .parent:
            slot.level += 1
        case .block:
            if let last = node.expressions.last {
                node.tuple = true
                slot = try seekParent(last, slot)
            }
        case .path:
            node.tuple = true
            var index = node.steps.count - 1
            slot = try seekParent(node.steps[index], slot)
            index -= 1
            while slot.level > 0 && index >= 0 {
                slot = try seekParent(node.steps[index], slot)
                index -= 1
            }
        default:
            throw JSONataError(code: "S0217", position: node.position, token: String(describing: node.kind))
        }
        return slot
    }

    private func pushAncestry(_ result: Node, _ value: Node) {
        guard value.seekingParent != nil || value.kind == .parent else { return }
        var slots = value.seekingParent ?? []
        if value.kind == .parent { slots.append(value.slot!) }
        result.seekingParent = (result.seekingParent ?? []) + slots
    }

    private func resolveAncestry(_ path: Node) throws(JSONataError) {
        let last = path.steps[path.steps.count - 1]
        var slots = last.seekingParent ?? []
        if last.kind == .parent { slots.append(last.slot!) }
        for original in slots {
            var slot = original
            var index = path.steps.count - 2
            while slot.level > 0 {
                if index < 0 {
                    path.seekingParent = (path.seekingParent ?? []) + [slot]
                    break
                }
                var step = path.steps[index]
                index -= 1
                // Contiguous steps that bind the focus are skipped together.
                while index >= 0 && step.focus != nil && path.steps[index].focus != nil {
                    step = path.steps[index]
                    index -= 1
                }
                slot = try seekParent(step, slot)
            }
        }
    }
}
