import Foundation
import OrderedCollections
import StatesLanguage
import Stepwise
import StepwiseEngine
import StepwiseJSON

/// A test file with what it names — the definition, the mock file — read and checked against
/// each other: every case knows the mocks its execution runs with.
public struct TestSuite: Sendable {
    public let path: String
    public let file: TestFile
    public let definition: Definition
    /// The cases, in the file's order, with their mocks.
    let plans: [CasePlan]

    /// One case and the mock configuration (and test case in it) its execution runs with.
    struct CasePlan: Sendable {
        var testCase: TestCase
        var mocks: MockConfiguration?
        var selection: String?

        /// The states whose tasks the mocks answer.
        var mockedStates: Set<String> {
            guard let mocks, let selection else { return [] }
            return Set(mocks.stateMachines.values.compactMap { $0[selection] }.flatMap(\.keys))
        }
    }

    /// Reads a test file and what it names; throws every problem found in any of them.
    public static func load(_ path: String) throws(FileProblems) -> TestSuite {
        let (file, sourceMap) = try TestFile.loadLocated(path)
        let folder = (path as NSString).deletingLastPathComponent
        func resolved(_ relative: String) -> String {
            relative.hasPrefix("/") || folder.isEmpty ? relative : (folder as NSString).appendingPathComponent(relative)
        }
        func problem(_ pointer: String, _ message: String) -> FileProblem {
            FileProblem(file: path, location: sourceMap.nearestLocation(to: pointer), pointer: pointer, message: message)
        }

        var substitutions = DefinitionSubstitutions()
        switch file.substitutions {
        case .values(let values)?: substitutions = DefinitionSubstitutions(values)
        case .file(let name)?:
            do {
                substitutions = try DefinitionSubstitutions.load(contentsOf: resolved(name))
            } catch {
                throw FileProblems([problem("/substitutions", error.message)])
            }
        case nil: break
        }
        let definition: Definition
        do {
            definition = Definition(
                try DefinitionLoader.load(contentsOf: resolved(file.definition), options: LoadOptions(substitutions: substitutions, placeholders: .require)))
        } catch {
            throw FileProblems(
                error.diagnostics.map {
                    FileProblem(file: $0.file ?? resolved(file.definition), location: $0.location, pointer: $0.path, message: "\($0.code): \($0.message)")
                })
        }
        let mockFile = try file.mockConfig.map { name throws(FileProblems) in try MockFile.load(resolved(name)) }

        let machine = definition.loaded.machine
        let types = machine.allStateTypes
        var problems: [FileProblem] = []
        var plans: [CasePlan] = []
        for (index, testCase) in file.cases.enumerated() {
            let pointer = "/cases/\(index)"
            var mapping: [String: String] = [:]
            var responses = mockFile?.configuration.responses ?? [:]
            if let name = testCase.testCase {
                if let mockFile {
                    let selection = MockConfiguration.Selection(stateMachine: file.machineName, testCase: name)
                    do {
                        try mockFile.check(selection, against: machine)
                        mapping = mockFile.configuration.stateMachines[file.machineName]?[name] ?? [:]
                    } catch {
                        problems += error.problems
                    }
                } else {
                    problems.append(problem("\(pointer)/test-case", "names a test case, but the file gives no mock-config"))
                }
            }
            // The case's own answers, checked as a test case of their own would be.
            let inline = Dictionary(uniqueKeysWithValues: testCase.mocks.keys.map { ($0, "mocks/\($0)") })
            let own = MockConfiguration.Selection(stateMachine: file.machineName, testCase: testCase.name)
            do {
                try MockConfiguration(stateMachines: [own.stateMachine: [own.testCase: inline]], responses: [:]).check(own, states: types)
            } catch {
                let prefix = "/StateMachines/\(jsonPointerEscape(own.stateMachine))/TestCases/\(jsonPointerEscape(own.testCase))"
                problems += error.problems.map { problem("\(pointer)/mocks" + $0.path.dropFirst(prefix.count), $0.message) }
            }
            for (state, response) in testCase.mocks {
                mapping[state] = inline[state]
                responses[inline[state]!] = response
            }
            for (key, names) in [("visited", testCase.expect.visited), ("not-visited", testCase.expect.notVisited)] {
                for (at, state) in names.enumerated() where types[state] == nil {
                    problems.append(problem("\(pointer)/expect/\(key)/\(at)", "the definition has no state '\(state)'"))
                }
            }
            let selection = testCase.testCase ?? testCase.name
            plans.append(
                mapping.isEmpty
                    ? CasePlan(testCase: testCase)
                    : CasePlan(
                        testCase: testCase, mocks: MockConfiguration(stateMachines: [file.machineName: [selection: mapping]], responses: responses),
                        selection: selection))
        }
        guard problems.isEmpty else { throw FileProblems(problems) }
        return TestSuite(path: path, file: file, definition: definition, plans: plans)
    }
}
