import StepwiseJSON

/// `States.MathAdd` and `States.MathRandom`, in the 32-bit integer range AWS works in.
enum IntrinsicMath {
    /// `States.MathAdd(a, b)`: each operand is rounded half up (Java's `Math.round`: 1.5 → 2,
    /// -1.5 → -1, as AWS's recorded results show), then added; operands and sum must fit in
    /// 32 bits.
    static func add(_ args: IntrinsicArguments) throws(StatesError) -> JSONValue {
        func operand(_ i: Int) throws(StatesError) -> Int {
            let rounded = (try args.number(i).doubleValue + 0.5).rounded(.down)
            guard rounded.isFinite, rounded >= Double(Int32.min), rounded <= Double(Int32.max) else { throw args.invalid }
            return Int(rounded)
        }
        let sum = try operand(0) + operand(1)
        guard Int(Int32.min)...Int(Int32.max) ~= sum else { throw args.invalid }
        return .number(JSONNumber(sum))
    }

    /// `States.MathRandom(start, end[, seed])`: an integer in `start..<end`. Bounds are
    /// truncated (AWS refuses `MathRandom(1.4, 1.6)` as an empty range); a seed makes the draw
    /// reproducible, from the same `java.util.Random` sequence AWS uses.
    static func random(_ args: IntrinsicArguments, runtime: IntrinsicRuntime) throws(StatesError) -> JSONValue {
        let start = try args.truncatedInt32(0)
        let end = try args.truncatedInt32(1)
        guard start < end else { throw args.invalid }
        let width = end - start
        let offset: Int
        if args.count == 3 {
            let seed = try args.truncatedInt32(2)
            var generator = JavaRandom(seed: Int64(seed))
            // Only bounds at the two ends of the 32-bit range give a width that `nextInt` cannot take.
            offset = width <= Int(Int32.max)
                ? Int(generator.nextInt(bound: Int32(width)))
                : Int(Double(generator.next(bits: 31)) / 2_147_483_648.0 * Double(width))
        } else {
            offset = Int(runtime.random() * Double(width))
        }
        return .number(JSONNumber(start + min(max(offset, 0), width - 1)))
    }
}
