import Foundation
import Stepwise
import StepwiseJSON

/// Runs the cases of test files side by side, each on an embedded engine of its own (in
/// virtual time unless told otherwise), and checks what each execution came to.
public struct TestRunner: Sendable {
    /// Waits, retry intervals and timeouts take no real time (see `VirtualClock`).
    public var virtualTime: Bool
    /// How many cases run at once.
    public var jobs: Int

    public init(virtualTime: Bool = true, jobs: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.virtualTime = virtualTime
        self.jobs = max(1, jobs)
    }

    /// How far a run has come: told after each case.
    public struct Progress: Sendable {
        public var done: Int
        public var total: Int
        public var last: CaseResult
    }

    /// Runs every case of every file (files that cannot be read are reported, not run).
    public func run(_ paths: [String], progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> TestReport {
        let started = ContinuousClock.now
        var files: [FileResult] = []
        var suites: [(file: Int, suite: TestSuite)] = []
        for path in paths {
            do {
                let suite = try TestSuite.load(path)
                suites.append((files.count, suite))
                files.append(FileResult(path: path))
            } catch {
                files.append(FileResult(path: path, problems: error.problems))
            }
        }
        let jobs = suites.flatMap { entry in entry.suite.plans.indices.map { (entry.file, entry.suite, $0) } }
        var done = 0
        await withTaskGroup(of: (Int, CaseResult).self) { group in
            var next = 0
            func startNext() {
                guard next < jobs.count else { return }
                let (file, suite, index) = jobs[next]
                next += 1
                group.addTask { (file, await run(suite, index)) }
            }
            for _ in 0..<min(self.jobs, jobs.count) { startNext() }
            while let (file, result) = await group.next() {
                files[file].cases.append(result)
                done += 1
                progress(Progress(done: done, total: jobs.count, last: result))
                startNext()
            }
        }
        // Reported in the files' order, whatever order the cases ended in.
        for (file, suite) in suites {
            let order = Dictionary(uniqueKeysWithValues: suite.plans.enumerated().map { ($0.element.testCase.name, $0.offset) })
            files[file].cases.sort { order[$0.name]! < order[$1.name]! }
        }
        return TestReport(files: files, duration: ContinuousClock.now - started)
    }

    /// Runs one case of a suite on an engine of its own.
    func run(_ suite: TestSuite, _ index: Int) async -> CaseResult {
        let plan = suite.plans[index]
        let started = ContinuousClock.now
        func result(_ outcome: CaseResult.Outcome, _ observation: Observation? = nil) -> CaseResult {
            CaseResult(
                file: suite.path, name: plan.testCase.name, duration: ContinuousClock.now - started, outcome: outcome, observation: observation)
        }
        let unmocked = suite.definition.unmockedActivityStates(mocked: plan.mockedStates)
        if !virtualTime, !unmocked.isEmpty {
            return result(
                .error(
                    "nothing takes the tasks of the activity states \(unmocked.joined(separator: ", ")) (no mock answers them), so in real time "
                        + "they wait for ever or until their timeout: mock them, or run in virtual time (without --real-time), where timeouts pass at once"))
        }
        do {
            let stepwise = Stepwise(backend: .local(mocks: plan.mocks, virtualTime: virtualTime))
            let machine = try await MachineUnderTest.create(suite.definition, name: suite.file.machineName, on: stepwise, virtualTime: virtualTime)
            let observation = try await machine.run(input: plan.testCase.input, testCase: plan.selection)
            let mismatches = plan.testCase.expect.mismatches(observation)
            return result(mismatches.isEmpty ? .passed : .failed(mismatches), observation)
        } catch let stuck as ExecutionNeverEnds {
            return result(.error(stuck.description), stuck.observation)
        } catch {
            return result(.error("\(error)"))
        }
    }
}
