import ArgumentParser
import Foundation
import StepFunctions
import Stepwise
import StepwiseHandlerPackages
import StepwiseJSON

/// `stepwise run FILE --handlers DIR`: a handler package, built and hosted exactly as
/// stepwise-repl does, serves the definition's activities (through workers), Lambda functions
/// and integrations (on the embedded engine).
struct RunHandlerOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "A handler package (a folder with a Package.swift, as stepwise-repl loads) that serves the definition's activities, Lambda functions and integrations.",
            valueName: "dir"))
    var handlers: String?

    @OptionGroup(title: "Handler packages")
    var package: HandlerPackageOptions

    /// Runs `body` (which runs the definition) with the package's handlers serving.
    func serving<T>(_ definition: Definition, on stepwise: Stepwise, _ body: () async throws -> T) async throws -> T {
        guard let handlers else { return try await body() }
        let libraries = (NSTemporaryDirectory() as NSString).appendingPathComponent("stepwise-run-\(getpid())")
        defer { try? FileManager.default.removeItem(atPath: libraries) }
        let environment = HandlerEnvironment(
            hostExecutable: HandlerEnvironment.defaultHostExecutable(), memoryLimit: package.handlerMemoryLimit,
            callTimeout: package.handlerTimeout, scratchRoot: package.buildRoot(), libraryDirectory: libraries, report: Self.report)
        let packages = HandlerPackageSet(environment: environment, hosting: stepwise.backend.taskHandlers)
        let directory = URL(fileURLWithPath: handlers).standardizedFileURL.path
        let handlerPackage = await packages.package(at: directory)
        let build = await packages.build(handlerPackage)
        guard build.succeeded else {
            printError("\(handlers) did not build:")
            build.errors.forEach { printError("  " + $0) }
            throw ExitCode(1)
        }
        let keys = await handlerPackage.keys
        if stepwise.backend.taskHandlers == nil, keys.contains(where: { $0.kind != .activity }) {
            printError("note: only the local backend runs Swift handlers for Lambda functions and integrations; activities are served by workers")
        }
        await packages.bindCalls(to: [definition])
        // Kept to stop the hosts before an error is rethrown.
        let result: Result<T, any Error>
        do {
            let workers = try await stepwise.startWorkers(try await packages.activityTargets(for: definition).mapValues(\.handler))
            do {
                result = .success(try await body())
            } catch {
                result = .failure(error)
            }
            await workers.kill()
        } catch let missing as MissingActivityHandlers {
            printError("\(missing) in \(handlers)")
            result = .failure(ExitCode(1))
        } catch {
            result = .failure(error)
        }
        await packages.shutdown()
        return try result.get()
    }

    /// Reports each task of the execution that waits for a callback: nothing in this process
    /// can answer it, so only its TimeoutSeconds or HeartbeatSeconds ends it.
    static func announceCallbacks(of executionArn: String, on stepwise: Stepwise) async {
        guard let listing = stepwise.backend.pendingCallbacks else { return }
        for task in await listing.waitForCallbacks(of: executionArn) {
            printError(
                "waiting for a callback: Task state \(task.stateName) (\(task.resource)), token \(task.taskToken). "
                    + "`stepwise run` cannot answer it: the execution waits until a TimeoutSeconds ends it (stepwise-repl answers with :succeed).")
        }
    }

    /// Builds announced, host output on stderr, marked with its package.
    @Sendable private static func report(_ report: HandlerPackageReport) {
        switch report {
        case .buildStarted(let package): printError("building \(package) …")
        case .buildStep, .buildFinished: break
        case .hostOutput(let package, let line): printError("[\(package)] \(line)")
        }
    }
}
