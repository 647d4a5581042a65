/// `$map`, `$filter`, `$single`, `$reduce`, `$sift`, `$each`.
enum HigherOrderFunctions {
    static let all: [Builtin] = [
        Builtin("map", "<af>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0), let function = call[1] else { return nil }
            let collection = Value.array(array)
            let result = JArray.sequence()
            result.items.reserveCapacity(array.count)
            for (index, item) in array.items.enumerated() {
                try call.meter.charge()
                if let value = try call.callback(function, item, .number(Double(index)), collection) {
                    result.append(value)
                }
            }
            return .array(result)
        },
        Builtin("filter", "<af>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0), let function = call[1] else { return nil }
            let collection = Value.array(array)
            let result = JArray.sequence()
            for (index, item) in array.items.enumerated() {
                try call.meter.charge()
                let keep = try call.callback(function, item, .number(Double(index)), collection)
                if try Casting.boolean(keep, call.meter) == true { result.append(item) }
            }
            return .array(result)
        },
        Builtin("single", "<af?>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0) else { return nil }
            let collection = Value.array(array)
            var found: Value?
            for (index, item) in array.items.enumerated() {
                try call.meter.charge()
                var matches = true
                if let function = call[1] {
                    let result = try call.callback(function, item, .number(Double(index)), collection)
                    matches = try Casting.boolean(result, call.meter) == true
                }
                guard matches else { continue }
                if found != nil { throw JSONataError(code: "D3138", index: index) }
                found = item
            }
            guard let found else { throw JSONataError(code: "D3139") }
            return found
        },
        Builtin("reduce", "<afj?:j>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let array = call.array(0), let function = call[1] else { return nil }
            let arity = function.functionValue?.arity ?? 0
            if arity < 2 { throw JSONataError(code: "D3050", index: 1) }
            var result = call[2]
            var index = 0
            if result == nil, !array.items.isEmpty {
                result = array.items[0]
                index = 1
            }
            let collection = Value.array(array)
            while index < array.count {
                try call.meter.charge()
                var args: [Value?] = [result, array.items[index]]
                if arity >= 3 { args.append(.number(Double(index))) }
                if arity >= 4 { args.append(collection) }
                result = try call.evaluator.apply(function, args, nil, call.frame)
                index += 1
            }
            return result
        },
        Builtin("sift", "<o-f?:o>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard case .object(let object)? = call[0], let function = call[1] else { return nil }
            let result = JObject()
            for (key, value) in object.fields {
                try call.meter.charge()
                let keep = try call.callback(function, value, .string(key), .object(object))
                if try Casting.boolean(keep, call.meter) == true { result.fields[key] = value }
            }
            return result.fields.isEmpty ? nil : .object(result)
        },
        Builtin("each", "<o-f:a>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard case .object(let object)? = call[0], let function = call[1] else { return nil }
            let result = JArray.sequence()
            for (key, value) in object.fields {
                try call.meter.charge()
                if let item = try call.callback(function, value, .string(key), .object(object)) {
                    result.append(item)
                }
            }
            return .array(result)
        },
    ]
}
