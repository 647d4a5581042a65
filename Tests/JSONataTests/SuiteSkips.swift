import Foundation

/// Cases of the JSONata test suite that this implementation does not run, each with its reason.
/// AWS Step Functions evaluates JSONata 2.0.6 without `$eval`; the suite comes from the 2.2 line.
enum SuiteSkips {
    private static let coalescing = "`??` coalescing operator: added in JSONata 2.1.0, after 2.0.6"
    private static let defaultOperator = "`?:` default operator: added in JSONata 2.1.0, after 2.0.6"
    private static let eval = "`$eval` is not available in AWS Step Functions"

    static let reasons: [String: String] = {
        var reasons: [String: String] = [:]
        for n in 0...14 { reasons[String(format: "coalescing-operator/case%03d", n)] = coalescing }
        for n in 0...18 { reasons[String(format: "default-operator/case%03d", n)] = defaultOperator }
        for n in 0...8 { reasons[String(format: "function-eval/case%03d", n)] = eval }
        return reasons
    }()
}
