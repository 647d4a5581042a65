/// The size of a value's compact JSON text, computed without printing it, stopping as soon
/// as a limit is passed (Step Functions' payload quotas are checked on every state).
public enum JSONSize {
    /// Whether the compact UTF-8 JSON text of `value` is longer than `limit` bytes.
    public static func exceeds(_ value: JSONValue, limit: Int) -> Bool {
        var budget = limit
        return !fits(value, &budget)
    }

    private static func fits(_ value: JSONValue, _ budget: inout Int) -> Bool {
        switch value {
        case .null: budget -= 4
        case .bool(let b): budget -= b ? 4 : 5
        case .number(let n): budget -= n.description.utf8.count
        case .string(let s): budget -= stringSize(s)
        case .array(let items):
            budget -= 2 + max(0, items.count - 1)
            for item in items where !fits(item, &budget) { return false }
        case .object(let object):
            budget -= 2 + max(0, object.count - 1)
            for (key, item) in object {
                budget -= stringSize(key) + 1
                if !fits(item, &budget) { return false }
            }
        }
        return budget >= 0
    }

    static func stringSize(_ s: String) -> Int {
        var size = 2
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x09, 0x0A, 0x0C, 0x0D: size += 2
            case 0..<0x20: size += 6
            default: size += 1
            }
        }
        return size
    }
}
