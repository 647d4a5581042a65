import Foundation

/// A compiled regular expression literal (`/pattern/flags`, flags `i` and `m`).
///
/// JSONata regexes are JavaScript regexes; NSRegularExpression (ICU) accepts the same syntax for
/// everything the language documents, and both index strings in UTF-16 units.
struct RegexLiteral: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as safe to share between threads.
    let expression: NSRegularExpression
    let pattern: String
    let flags: String

    init(pattern: String, flags: String, position: Int) throws(JSONataError) {
        var options: NSRegularExpression.Options = []
        if flags.contains("i") { options.insert(.caseInsensitive) }
        if flags.contains("m") { options.insert(.anchorsMatchLines) }
        do {
            expression = try NSRegularExpression(pattern: pattern, options: options)
        } catch {
            throw JSONataError(code: "S0302", position: position, token: pattern,
                               message: "Invalid regular expression: /\(pattern)/")
        }
        self.pattern = pattern
        self.flags = flags
    }
}
