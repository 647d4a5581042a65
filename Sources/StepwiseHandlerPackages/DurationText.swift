/// Durations and offsets for people: `0.4 ms`, `12 ms`, `1.25 s`, `2 min 5 s`.
package enum DurationText {
    package static func format(_ seconds: Double) -> String {
        let ms = seconds * 1000
        if ms < 10 { return "\(rounded(ms, places: 1)) ms" }
        if ms < 1000 { return "\(Int(ms.rounded())) ms" }
        if seconds < 60 { return "\(rounded(seconds, places: 2)) s" }
        let whole = Int(seconds)
        // Virtual time makes days as common as seconds.
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        if whole < 86400 { return "\(whole / 3600) h \(whole % 3600 / 60) min \(whole % 60) s" }
        return "\(whole / 86400) d \(whole % 86400 / 3600) h"
    }

    package static func milliseconds(_ seconds: Double) -> String {
        let ms = seconds * 1000
        return ms < 10 ? rounded(ms, places: 1) : "\(Int(ms.rounded()))"
    }

    private static func rounded(_ value: Double, places: Int) -> String {
        var factor = 1.0
        for _ in 0..<places { factor *= 10 }
        let scaled = (value * factor).rounded() / factor
        var text = "\(scaled)"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }
}
