import Foundation

extension TestReport {
    /// The report as JUnit XML, in the shape of Ant's JUnit schema that CI systems read: a
    /// `testsuite` per test file, a `testcase` per case, holding a `failure` (the mismatches)
    /// or an `error` (why it could not run). A file that could not be read is a suite whose one
    /// case has the error, so that CI shows it.
    public func junitXML(timestamp: Date = Date(), hostname: String = ProcessInfo.processInfo.hostName) -> String {
        let unreadable = files.count(where: { !$0.problems.isEmpty })
        let totals: KeyValuePairs = [
            "name": "stepwise test", "tests": "\(cases.count + unreadable)", "failures": "\(failed)", "errors": "\(errors)",
            "time": Self.seconds(duration),
        ]
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + "<testsuites \(Self.attributes(totals))>\n"
        for file in files {
            let classname = Self.classname(file.path)
            var body = ""
            var failures = 0
            var errors = 0
            var time = Duration.zero
            if !file.problems.isEmpty {
                errors += 1
                let message = file.problems.count == 1 ? "the test file has a problem" : "the test file has \(file.problems.count) problems"
                let text = file.problems.map(\.description).joined(separator: "\n")
                body += Self.testcase("(reading the file)", classname, .zero, ("error", message, "TestFileProblem", text))
            }
            for result in file.cases {
                time += result.duration
                switch result.outcome {
                case .passed:
                    body += Self.testcase(result.name, classname, result.duration, nil)
                case .failed(let mismatches):
                    failures += 1
                    let message = mismatches.count == 1 ? mismatches[0].description : "\(mismatches.count) expectations not met"
                    let text = mismatches.map(\.description).joined(separator: "\n")
                    body += Self.testcase(result.name, classname, result.duration, ("failure", message, "ExpectationNotMet", text))
                case .error(let message):
                    errors += 1
                    body += Self.testcase(result.name, classname, result.duration, ("error", message, "CaseDidNotRun", message))
                }
            }
            let suite: KeyValuePairs = [
                "name": file.path, "tests": "\(file.cases.count + (file.problems.isEmpty ? 0 : 1))", "failures": "\(failures)",
                "errors": "\(errors)", "skipped": "0", "time": Self.seconds(time), "timestamp": Self.timestamp(timestamp), "hostname": hostname,
            ]
            xml += "  <testsuite \(Self.attributes(suite))>\n" + body + "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// A `testcase` element, holding a `failure` or an `error` when the case did not pass.
    private static func testcase(
        _ name: String, _ classname: String, _ time: Duration, _ outcome: (element: String, message: String, type: String, text: String)?
    ) -> String {
        let opening = "    <testcase \(attributes(["name": name, "classname": classname, "time": seconds(time)]))"
        guard let outcome else { return opening + "/>\n" }
        return opening + ">\n"
            + "      <\(outcome.element) \(attributes(["message": outcome.message, "type": outcome.type]))>\(escaped(outcome.text))</\(outcome.element)>\n"
            + "    </testcase>\n"
    }

    /// `2026-01-31T12:00:00`, in UTC: the schema's timestamp has no time zone.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// A test file's path as a dotted class name (`examples/pizza/pizza.test.yaml` →
    /// `examples.pizza.pizza`), which CI tools group by package.
    static func classname(_ path: String) -> String {
        var name = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        if let suffix = TestFile.suffixes.first(where: { name.hasSuffix($0) }) {
            name.removeLast(suffix.count)
        } else {
            name = (name as NSString).deletingPathExtension
        }
        return name.replacingOccurrences(of: "/", with: ".")
    }

    /// Attributes in a fixed order (name first), their values escaped.
    private static func attributes(_ pairs: KeyValuePairs<String, String>) -> String {
        pairs.map { "\($0.key)=\"\(escaped($0.value, inAttribute: true))\"" }.joined(separator: " ")
    }

    /// Text as XML 1.0 allows it: markup characters escaped, characters it cannot hold left
    /// out; in an attribute, line breaks kept as references.
    static func escaped(_ text: String, inAttribute: Bool = false) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where inAttribute: out += "&quot;"
            case "\n" where inAttribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t" where inAttribute: out += "&#9;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
