/// `$now`, `$millis`, `$fromMillis`, `$toMillis`. The current time is the evaluation's
/// timestamp, read once from the environment's clock.
enum DateTimeFunctions {
    static let all: [Builtin] = [
        Builtin("millis", "<:n>", arity: 0) { (call) throws(JSONataError) -> Value? in
            .number(nowMillis(call))
        },
        Builtin("now", "<s?s?:s>", arity: 2) { (call) throws(JSONataError) -> Value? in
            .string(try fromMillis(nowMillis(call), picture: call.string(0), timezone: call.string(1), call.meter))
        },
        Builtin("fromMillis", "<n-s?s?:s>", arity: 3) { (call) throws(JSONataError) -> Value? in
            guard let millis = call.number(0) else { return nil }
            return .string(try fromMillis(millis, picture: call.string(1), timezone: call.string(2), call.meter))
        },
        Builtin("toMillis", "<s-s?:n>", arity: 2) { (call) throws(JSONataError) -> Value? in
            guard let text = call.string(0) else { return nil }
            try call.meter.charge(text.utf8.count + (call.string(1)?.utf8.count ?? 0))
            if let picture = call.string(1) {
                return try DateTimeParser.parse(text, picture: picture, now: call.evaluator.timestamp, call.meter).map { .number($0) }
            }
            return try DateTimeParser.iso(text, call.meter).map { .number($0) }
        },
    ]

    private static func nowMillis(_ call: Invocation) -> Double {
        (call.evaluator.timestamp.timeIntervalSince1970 * 1000).rounded(.down)
    }

    static func fromMillis(_ millis: Double, picture: String?, timezone: String?, _ meter: BudgetMeter) throws(JSONataError) -> String {
        try meter.charge((picture?.utf8.count ?? 0) + (timezone?.utf8.count ?? 0))
        return try DateTimePicture(picture ?? DateTimePicture.iso8601).format(millis, timezone: timezone, meter)
    }
}
