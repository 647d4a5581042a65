import Foundation
import OrderedCollections
import StatesLanguage
import Stepwise
import StepwiseEngine
import StepwiseJSON

/// A mock configuration file (AWS's `MockConfigFile.json`, as Step Functions Local and
/// LocalStack read it), with where each of its values is, so that every problem found in it —
/// when reading it, or when a test case is checked against a definition — names its line.
public struct MockFile: Sendable {
    public var path: String
    public var configuration: MockConfiguration
    let sourceMap: SourceMap

    /// The environment variable Step Functions Local and LocalStack take the mock file from.
    public static let environmentVariable = "SFN_MOCK_CONFIG"

    /// Reads and checks a mock file; throws every problem found.
    public static func load(_ path: String) throws(FileProblems) -> MockFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw FileProblems([FileProblem(file: path, message: "cannot read the mock file: \(error.localizedDescription)")])
        }
        return try read(text, path: path)
    }

    /// A mock file's text; `path` names it in problems.
    public static func read(_ text: String, path: String) throws(FileProblems) -> MockFile {
        // The configuration's own problems carry exact locations only; a missing member is
        // placed at its nearest ancestor, from this map.
        let sourceMap = (try? JSONParser.parse(text, recordingLocations: true))?.sourceMap ?? SourceMap()
        do {
            return MockFile(path: path, configuration: try MockConfiguration.parse(text), sourceMap: sourceMap)
        } catch {
            throw FileProblems(error.problems.map { FileProblem($0, file: path, sourceMap: sourceMap) })
        }
    }

    /// Checks that the test case exists for the machine and mocks only its Task states.
    public func check(_ selection: MockConfiguration.Selection, against machine: StateMachine) throws(FileProblems) {
        do {
            try configuration.check(selection, states: machine.allStateTypes)
        } catch {
            throw FileProblems(error.problems.map { FileProblem($0, file: path, sourceMap: sourceMap) })
        }
    }
}

extension FileProblem {
    /// A problem of a mock configuration, placed in `file` by its pointer.
    init(_ problem: MockConfiguration.Problem, file: String, sourceMap: SourceMap) {
        self.init(
            file: file, location: problem.location ?? sourceMap.nearestLocation(to: problem.path), pointer: problem.path, message: problem.message)
    }
}

extension StateMachine {
    /// Every state, those of Parallel branches and Map item processors included: name → type,
    /// as `MockConfiguration.check` takes them.
    var allStateTypes: [String: String] {
        var types: [String: String] = [:]
        for (name, state) in states {
            types[name] = state.type.rawValue
            for nested in (state.branches ?? []) + (state.mapProcessor.map { [$0] } ?? []) {
                types.merge(nested.allStateTypes) { first, _ in first }
            }
        }
        return types
    }

    /// The states whose resource is an activity named by keyword (created with the machine):
    /// state name → activity name, in document order. Nothing in a test run takes their tasks
    /// unless they are mocked.
    var activityStates: OrderedDictionary<String, String> {
        var found: OrderedDictionary<String, String> = [:]
        for (name, state) in states {
            if let activity = state.resource.flatMap(SugaredEDN.activityName(fromPlaceholderARN:)) { found[name] = activity }
            for nested in (state.branches ?? []) + (state.mapProcessor.map { [$0] } ?? []) {
                found.merge(nested.activityStates) { first, _ in first }
            }
        }
        return found
    }
}

extension Definition {
    /// The activity states whose tasks nothing takes when the states in `mocked` are mocked,
    /// each with its activity as written (`make-dough (:activity/make-dough)`).
    public func unmockedActivityStates(mocked: Set<String>) -> [String] {
        let keywords = Dictionary(activities.map { ($0.activityName, ":\($0.keyword)") }) { first, _ in first }
        return loaded.machine.activityStates.filter { !mocked.contains($0.key) }.map { "\($0.key) (\(keywords[$0.value] ?? $0.value))" }
    }
}
