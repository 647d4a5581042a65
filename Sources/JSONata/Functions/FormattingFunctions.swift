/// `$formatNumber`, `$formatBase`, `$formatInteger` and `$parseInteger`.
enum FormattingFunctions {
    static let all: [Builtin] = [
        Builtin("formatNumber", "<n-so?:s>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let value = call.number(0), let picture = call.string(1) else { return nil }
            let options = call[2]?.objectValue
            return .string(try NumberPicture(options: options).format(value, picture: picture, call.meter))
        },
        Builtin("formatInteger", "<n-s:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let value = call.number(0), let picture = call.string(1) else { return nil }
            try call.meter.charge(picture.utf8.count)
            return .string(try IntegerPicture(picture).format(value.rounded(.down), call.meter))
        },
        Builtin("parseInteger", "<s-s:n>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0), let picture = call.string(1) else { return nil }
            try call.meter.charge(text.utf8.count + picture.utf8.count)
            return try IntegerPicture(picture).parse(text).map { .number($0) }
        },
        Builtin("formatBase", "<n-n?:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let value = call.number(0) else { return nil }
            let radix = NumericFunctions.round(call.number(1) ?? 10, precision: 0)
            guard radix >= 2 && radix <= 36 else {
                throw JSONataError(code: "D3100", value: JSNumber.string(radix))
            }
            let rounded = NumericFunctions.round(value, precision: 0)
            guard let integer = Int(exactly: rounded) else { return .string(JSNumber.string(rounded)) }
            return .string(String(integer, radix: Int(radix)))
        },
    ]
}
