import Foundation

/// 1234567.8 → "1,234,568".
func grouped(_ value: Double) -> String {
    let digits = String(Int(value.rounded()))
    var out = ""
    for (index, digit) in digits.reversed().enumerated() {
        if index > 0, index % 3 == 0, digit != "-" { out.append(",") }
        out.append(digit)
    }
    return String(out.reversed())
}

/// The first three fields of /proc/loadavg (1, 5 and 15 minutes), or "unknown" off Linux.
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "unknown" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// Progress goes to stderr; the report alone to stdout.
func progress(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
