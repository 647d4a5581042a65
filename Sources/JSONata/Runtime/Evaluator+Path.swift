/// Path navigation: steps over sequences, tuple streams for `@`, `#` and `%`, predicates.
extension Evaluator {
    func evaluatePath(_ expr: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        // A path starting with a variable is absolute: it does not iterate an input array.
        var inputSequence: [Value?]
        let inputArray: JArray
        if case .array(let a)? = input, expr.steps[0].kind != .variable {
            inputSequence = a.items
            inputArray = a
        } else {
            inputSequence = [input]
            inputArray = JArray.sequence(input.map { [$0] } ?? [])
        }
        var resultSequence: JArray?
        var isTupleStream = false
        var tupleBindings: JArray?

        for (index, step) in expr.steps.enumerated() {
            if step.tuple { isTupleStream = true }
            if index == 0 && step.consarray {
                let value = try evaluate(step, .array(inputArray), frame)
                resultSequence = Self.asSequenceArray(value)
            } else if isTupleStream {
                tupleBindings = try evaluateTupleStep(step, inputSequence, tupleBindings, frame)
            } else {
                resultSequence = try evaluateStep(step, inputSequence, frame, lastStep: index == expr.steps.count - 1)
            }
            if !isTupleStream && (resultSequence == nil || resultSequence!.items.isEmpty) { break }
            if step.focus == nil, let resultSequence { inputSequence = resultSequence.items }
        }

        if isTupleStream {
            if expr.tuple {
                resultSequence = tupleBindings
            } else {
                let values = JArray.sequence()
                try meter.charge(tupleBindings?.count ?? 0)
                for tuple in tupleBindings?.items ?? [] {
                    if let value = tuple.objectValue?.fields["@"] { values.append(value) }
                }
                resultSequence = values
            }
        }

        if expr.keepSingletonArray, var result = resultSequence {
            if result.cons && !result.isSequence {
                result = JArray.sequence([.array(result)])
            }
            result.keepSingleton = true
            resultSequence = result
        }

        if let group = expr.group {
            let groupInput = isTupleStream ? tupleBindings : resultSequence
            return try evaluateGroup(group, groupInput.map { .array($0) }, frame)
        }
        return resultSequence.map { .array($0) }
    }

    /// The array a value is (kept as is), or nil for undefined, or a one-item sequence.
    static func asSequenceArray(_ value: Value?) -> JArray? {
        guard let value else { return nil }
        if case .array(let a) = value { return a }
        return JArray.sequence([value])
    }

    private func evaluateStep(_ step: Node, _ input: [Value?], _ frame: Frame, lastStep: Bool) throws(JSONataError) -> JArray? {
        if step.kind == .sort {
            var result = try evaluateSort(step, JArray(input.compactMap { $0 }, sequence: true), frame)
            if let stages = step.stages { result = try evaluateStages(stages, result, frame) }
            return result
        }
        var results: [Value] = []
        results.reserveCapacity(input.count)
        for item in input {
            var value = try evaluate(step, item, frame)
            if let stages = step.stages {
                for stage in stages {
                    if case .filter(let filter) = stage.kind { value = try evaluateFilter(filter, value, frame) }
                }
            }
            if let value { results.append(value) }
        }
        if lastStep, results.count == 1, case .array(let only) = results[0], !only.isSequence {
            return only
        }
        // Flatten one level: arrays (other than constructed ones) merge into the sequence.
        let sequence = JArray.sequence()
        sequence.items.reserveCapacity(results.count)
        for value in results {
            if case .array(let a) = value, !a.cons {
                try meter.charge(a.count)
                sequence.items.append(contentsOf: a.items)
            } else {
                sequence.append(value)
            }
        }
        return sequence
    }

    private func evaluateStages(_ stages: [Stage], _ input: JArray, _ frame: Frame) throws(JSONataError) -> JArray {
        var result = input
        for stage in stages {
            switch stage.kind {
            case .filter(let filter):
                result = Self.asSequenceArray(try evaluateFilter(filter, .array(result), frame)) ?? JArray.sequence()
            case .index(let name):
                try meter.charge(result.count)
                for (position, tuple) in result.items.enumerated() {
                    tuple.objectValue?.fields[name] = .number(Double(position))
                }
            }
        }
        return result
    }

    private func evaluateTupleStep(_ step: Node, _ input: [Value?], _ bindings: JArray?, _ frame: Frame) throws(JSONataError) -> JArray {
        if step.kind == .sort {
            var result: JArray
            if let bindings {
                result = try evaluateSort(step, bindings, frame)
            } else {
                let sorted = try evaluateSort(step, JArray(input.compactMap { $0 }, sequence: true), frame)
                result = JArray.sequence()
                result.tupleStream = true
                try meter.charge(sorted.count)
                for (position, item) in sorted.items.enumerated() {
                    let tuple = JObject(["@": item])
                    if let index = step.index { tuple.fields[index] = .number(Double(position)) }
                    result.append(.object(tuple))
                }
            }
            if let stages = step.stages { result = try evaluateStages(stages, result, frame) }
            return result
        }

        var result = JArray.sequence()
        result.tupleStream = true
        let tuples: [JObject] = bindings?.items.compactMap(\.objectValue)
            ?? input.map { item in JObject(item.map { ["@": $0] } ?? [:]) }
        for tuple in tuples {
            let stepFrame = Frame.fromTuple(tuple, parent: frame)
            guard let value = try evaluate(step, tuple.fields["@"], stepFrame) else { continue }
            let produced: JArray
            if case .array(let a) = value { produced = a } else { produced = JArray([value]) }
            for (position, item) in produced.items.enumerated() {
                try meter.charge(tuple.fields.count)
                let next = JObject(tuple.fields)
                if produced.tupleStream {
                    if let inner = item.objectValue {
                        for (k, v) in inner.fields { next.fields[k] = v }
                    }
                } else {
                    if let focus = step.focus {
                        next.fields[focus] = item
                        next.fields["@"] = tuple.fields["@"]
                    } else {
                        next.fields["@"] = item
                    }
                    if let index = step.index { next.fields[index] = .number(Double(position)) }
                    if let ancestor = step.ancestor { next.fields[ancestor.label] = tuple.fields["@"] }
                }
                result.append(.object(next))
            }
        }
        if let stages = step.stages { result = try evaluateStages(stages, result, frame) }
        return result
    }

    /// Applies a predicate: a number (or array of numbers) selects by index, anything else filters by truth.
    func evaluateFilter(_ predicate: Node, _ input: Value?, _ frame: Frame) throws(JSONataError) -> Value? {
        let results = JArray.sequence()
        let items: [Value]
        var isTuples = false
        switch input {
        case .array(let a)?:
            items = a.items
            isTuples = a.tupleStream
        case let value?: items = [value]
        case nil: items = []
        }
        results.tupleStream = isTuples
        if predicate.kind == .literal, case .number(let n) = predicate.literal {
            var index = n.rounded(.down).clampedInt
            if index < 0 { index += items.count }
            if index >= 0 && index < items.count {
                let item = items[index]
                if case .array(let a) = item { return .array(a) }
                results.append(item)
            }
            return .array(results)
        }
        for (index, item) in items.enumerated() {
            var context: Value? = item
            var env = frame
            if isTuples, let tuple = item.objectValue {
                context = tuple.fields["@"]
                env = Frame.fromTuple(tuple, parent: frame)
            }
            var value = try evaluate(predicate, context, env)
            if let v = value, try v.isNumeric() { value = .array(JArray([v])) }
            if let v = value, v.isArrayOfNumbers, let list = v.arrayValue, !list.items.isEmpty {
                try meter.charge(list.count)
                for case .number(let n) in list.items {
                    var position = n.rounded(.down).clampedInt
                    if position < 0 { position += items.count }
                    if position == index { results.append(item) }
                }
            } else if try Casting.boolean(value, meter) == true {
                results.append(item)
            }
        }
        return .array(results)
    }
}
