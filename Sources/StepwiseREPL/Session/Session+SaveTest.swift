import Foundation
import StepFunctions
import Stepwise
import StepwiseJSON
import StepwiseTesting

extension Session {
    /// `:save-test NAME` — the last run as a case of the `stepwise test` file beside its
    /// definition (`<machine>.test.json`, created if missing): its input, every task's answers
    /// as inline mocks (so the case needs nothing that served them) and its outcome as what the
    /// case expects.
    func saveTest(_ name: String) async throws -> CommandResult {
        let record = try runRecord(nil)
        guard runTasks[record.number] == nil, record.result != nil else {
            throw InputError("run \(record.number) (\(record.snapshot)) has not ended; save it as a test once it has")
        }
        let entry = try machine(record.machine)
        let description = try await record.stepwise.backend.api.describeExecution(DescribeExecutionInput(executionArn: record.executionArn))
        let observation = Observation(description, history: try await events(of: record))
        let recorded = TestCase(name: name, input: record.input, recording: observation)

        let directory = (entry.file as NSString).deletingLastPathComponent
        let path = (directory as NSString).appendingPathComponent("\(record.machine).test.json")
        var file: TestFile
        if FileManager.default.fileExists(atPath: path) {
            do {
                file = try TestFile.load(path)
            } catch {
                throw InputError("\(Self.display(path)) cannot take the case until its problems are fixed:\n"
                    + error.problems.map { "  " + $0.description }.joined(separator: "\n"))
            }
            guard !file.cases.contains(where: { $0.name == name }) else {
                throw InputError("\(Self.display(path)) already has a case named \(name); choose another name")
            }
            file.cases.append(recorded)
        } else {
            let definition = (entry.file as NSString).lastPathComponent
            let named = (definition as NSString).deletingPathExtension == record.machine ? nil : record.machine
            file = TestFile(definition: definition, stateMachineName: named, cases: [recorded])
        }
        do {
            try Data((JSONSerializer.string(file.json, pretty: true) + "\n").utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError("could not write \(Self.display(path)): \(error.localizedDescription)")
        }
        let tasks = observation.taskAnswers.count
        say([
            console.style.green("✓ ") + "case \(name) saved in \(Self.display(path)): input, \(tasks) mocked task\(tasks == 1 ? "" : "s"), "
                + "expects \(observation.status.rawValue) — stepwise test \(Self.display(path))"
        ])
        return .succeeded
    }
}
