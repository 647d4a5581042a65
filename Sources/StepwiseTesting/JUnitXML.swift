import Foundation

extension TestReport {
    /// The report as JUnit XML, in the shape of Ant's JUnit schema that CI systems read: a
    /// `testsuite` per test file, a `testcase` per case, holding a `failure` (the mismatches)
    /// or an `error` (why it could not run). A file that could not be read is a suite whose one
    /// case has the error, so that CI shows it.
    public func junitXML(timestamp: Date = Date(), hostname: String = ProcessInfo.processInfo.hostName) -> String {
        let stamp = Self.timestamp(timestamp)
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml +=
            "<testsuites \(Self.attributes(["name": "stepwise test", "tests": "\(cases.count + files.count(where: { !$0.problems.isEmpty }))", "failures": "\(failed)", "errors": "\(errors)", "time": Self.seconds(duration)]))>\n"
        for file in files {
            let classname = Self.classname(file.path)
            var body = ""
            var failures = 0
            var errors = 0
            var time = Duration.zero
            if !file.problems.isEmpty {
                errors += 1
                let message = file.problems.count == 1 ? "the test file has a problem" : "the test file has \(file.problems.count) problems"
                body += "    <testcase \(Self.attributes(["name": "(reading the file)", "classname": classname, "time": "0.000"]))>\n"
                body +=
                    "      <error \(Self.attributes(["message": message, "type": "TestFileProblem"]))>\(Self.escaped(file.problems.map(\.description).joined(separator: "\n")))</error>\n"
                body += "    </testcase>\n"
            }
            for result in file.cases {
                time += result.duration
                let opening = "    <testcase \(Self.attributes(["name": result.name, "classname": classname, "time": Self.seconds(result.duration)]))"
                switch result.outcome {
                case .passed:
                    body += opening + "/>\n"
                case .failed(let mismatches):
                    failures += 1
                    let message = mismatches.count == 1 ? mismatches[0].description : "\(mismatches.count) expectations not met"
                    body += opening + ">\n"
                    body +=
                        "      <failure \(Self.attributes(["message": message, "type": "ExpectationNotMet"]))>\(Self.escaped(mismatches.map(\.description).joined(separator: "\n")))</failure>\n"
                    body += "    </testcase>\n"
                case .error(let message):
                    errors += 1
                    body += opening + ">\n"
                    body += "      <error \(Self.attributes(["message": message, "type": "CaseDidNotRun"]))>\(Self.escaped(message))</error>\n"
                    body += "    </testcase>\n"
                }
            }
            let tests = file.cases.count + (file.problems.isEmpty ? 0 : 1)
            let suite: KeyValuePairs = [
                "name": file.path, "tests": "\(tests)", "failures": "\(failures)", "errors": "\(errors)", "skipped": "0",
                "time": Self.seconds(time), "timestamp": stamp, "hostname": hostname,
            ]
            xml += "  <testsuite \(Self.attributes(suite))>\n" + body + "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
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
