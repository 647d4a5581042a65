import Foundation
import StepFunctions
import StepwiseEngine

/// A backend that answers the tasks of executions started with a test case from the mock
/// configuration it holds (AWS's mock file format, as Step Functions Local reads it): the
/// embedded engine.
public protocol TestCaseMocking: Sendable {
    /// Replaces the mock configuration; nil unloads it. Running executions answer their next
    /// tasks from the new one.
    func useMocks(_ configuration: MockConfiguration?) async
    /// Starts an execution whose tasks the selected test case answers; the selection names the
    /// machine as the mock file does, whatever the machine started is called.
    func startExecution(_ input: StartExecutionInput, testCase selection: MockConfiguration.Selection) async throws -> StartExecutionOutput
}

extension Engine: TestCaseMocking {}

extension Stepwise.Backend {
    /// The embedded engine answering the tasks of executions started with a test case
    /// (`startExecution(_:testCase:)`) from the mock file at `path` (AWS's MockConfigFile.json
    /// format), and with `virtualTime`, waits, backoffs and timeouts that take no real time.
    public static func local(mockFile path: String, virtualTime: Bool = false) throws(StepwiseError) -> Stepwise.Backend {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .invalidMockFile(path: path, problems: error.localizedDescription)
        }
        do {
            return .local(mocks: try MockConfiguration.parse(text), virtualTime: virtualTime)
        } catch {
            throw .invalidMockFile(path: path, problems: error.description)
        }
    }
}
