import Foundation
import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseHandlerPackages
import StepwiseJSON

/// A machine the shell knows: the file it comes from and its last good definition.
struct MachineEntry: Sendable {
    var name: String
    var file: String
    /// The last version that loaded cleanly (nil if the file never did).
    var definition: Definition?
    /// What is wrong with the file as it is now on disk (empty when it loads).
    var problems: [Diagnostic] = []

    var stateNames: [String] {
        definition?.loaded.machine.everyState.map(\.name) ?? []
    }
}

/// One `:run` of this session.
struct RunRecord: Sendable {
    var number: Int
    /// The name the user ran (`adder`).
    var machine: String
    /// The snapshot machine the run used (`adder-1764003091234`).
    var snapshot: String
    var executionArn: String
    /// The definition it started with: what a redrive runs (as on AWS), and so which
    /// activities `:redrive` serves, even once the file is edited or gone.
    var definition: Definition
    var backendName: String
    /// The backend it ran on, to read its history later even after `:backend` switched.
    var stepwise: Stepwise
    var input: JSONValue
    /// The mock file's test case that answered its tasks (`:run NAME#CASE`).
    var testCase: String?
    /// The states the test case mocks, with the mocked response of each.
    var mocked: [String: String]
    var result: ExecutionResult?

    var executionName: String { (try? ARN.parse(executionArn, expecting: [.execution, .express]))?.name ?? executionArn }
}

/// What `execute` tells the loop.
public enum CommandResult: Sendable, Hashable {
    case succeeded
    case failed
    case quit
}
