/// JavaScript's `indexOf`: exact UTF-16 code units, found in linear time (Knuth–Morris–Pratt).
///
/// Foundation's search is no substitute: it is quadratic on repetitive text (seconds for 20,000
/// characters, minutes for a large payload) and it equates canonically equivalent strings, which
/// JavaScript does not.
struct TextSearch {
    let pattern: [UInt16]
    /// `fallback[i]`: the length of the longest proper prefix of `pattern[...i]` that is also
    /// its suffix.
    private let fallback: [Int]

    init(_ pattern: String, _ meter: BudgetMeter) throws(JSONataError) {
        let units = Array(pattern.utf16)
        try meter.charge(units.count)
        var fallback = [Int](repeating: 0, count: units.count)
        var length = 0
        for i in units.indices.dropFirst() {
            while length > 0 && units[i] != units[length] { length = fallback[length - 1] }
            if units[i] == units[length] { length += 1 }
            fallback[i] = length
        }
        self.pattern = units
        self.fallback = fallback
    }

    /// The offset of the first occurrence in `text` at or after `from`, or nil (an empty
    /// pattern occurs at `from`). Draws a step per code unit scanned.
    func firstIndex(in text: [UInt16], from: Int, _ meter: BudgetMeter) throws(JSONataError) -> Int? {
        if pattern.isEmpty { return min(from, text.count) }
        var matched = 0
        var i = from
        while i < text.count && matched < pattern.count {
            while matched > 0 && text[i] != pattern[matched] { matched = fallback[matched - 1] }
            if text[i] == pattern[matched] { matched += 1 }
            i += 1
        }
        try meter.charge(i - from)
        return matched == pattern.count ? i - matched : nil
    }
}
