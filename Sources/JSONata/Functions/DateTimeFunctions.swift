/// `$now`, `$millis`, `$fromMillis`, `$toMillis`.
enum DateTimeFunctions {
    static let all: [Builtin] = [
        Builtin("millis", "<:n>", arity: 0) { (call) throws(JSONataError) -> Value? in
            .number((call.evaluator.timestamp.timeIntervalSince1970 * 1000).rounded(.down))
        },
    ]
}
