import Foundation
import StepFunctions
import StepwiseHandlerABI
import StepwiseJSON

/// A handler package: built with `swift build`, its library copied to a fresh path and served
/// by a handler host process. A rebuild starts a new host on the new copy and retires the old
/// one, which finishes the calls it is running. A host that dies, or is retired after a call
/// overran or was cancelled, is started again on the next call.
public actor HandlerPackage {
    public nonisolated let directory: String
    public nonisolated let name: String
    private let builder: PackageBuilder
    private let environment: HandlerEnvironment
    private var product: PackageBuilder.Product?
    private var manifestDate: Date?
    private var library: String?
    private var host: HandlerHost?
    private var retiredHosts: [HandlerHost] = []
    /// What the loaded build serves.
    public private(set) var keys: [HandlerKey] = []
    private(set) var lastBuild: BuildRecord?
    private var building: Task<BuildRecord, Never>?
    private var buildAgain = false
    private var restarts = 0
    private var starting: Task<HandlerHost, any Error>?

    /// What the last build did.
    public struct BuildRecord: Sendable {
        public var date: Date
        public var succeeded: Bool
        public var buildSeconds: Double
        public var loadSeconds: Double
        public var errors: [String]
    }

    init(directory: String, environment: HandlerEnvironment) {
        self.directory = directory
        self.name = (directory as NSString).lastPathComponent
        self.environment = environment
        builder = PackageBuilder(packageDirectory: directory, scratchRoot: environment.scratchRoot, handlerABI: environment.handlerABI)
    }

    public var isLoaded: Bool { library != nil }
    public var displayName: String { product?.packageName ?? name }

    /// Builds and loads the package. A build asked for while one runs is done right after
    /// it, and both callers get that later build's record. On failure the previous build
    /// stays in use.
    /// Cancelling the caller (Ctrl-C during `:load`) stops the build.
    @discardableResult
    func build() async -> BuildRecord {
        if let building {
            buildAgain = true
            return await Self.value(of: building)
        }
        let task = Task { await self.buildRounds() }
        building = task
        return await Self.value(of: task)
    }

    private static func value(of task: Task<BuildRecord, Never>) async -> BuildRecord {
        await withTaskCancellationHandler { await task.value } onCancel: { task.cancel() }
    }

    private func buildRounds() async -> BuildRecord {
        var record = await buildOnce()
        while buildAgain, !Task.isCancelled {
            buildAgain = false
            record = await buildOnce()
        }
        buildAgain = false
        building = nil
        return record
    }

    /// Waits for a build in progress, if any.
    func waitForBuild() async {
        if let building { _ = await building.value }
    }

    private func buildOnce() async -> BuildRecord {
        let started = Date()
        let report = environment.report
        func failed(_ messages: [String], _ buildSeconds: Double = 0) -> BuildRecord {
            let record = BuildRecord(date: started, succeeded: false, buildSeconds: buildSeconds, loadSeconds: 0, errors: messages)
            lastBuild = record
            return record
        }
        do {
            let product = try await currentProduct()
            let package = product.packageName
            report(.buildStarted(package: package))
            let built: String
            do {
                defer { report(.buildFinished(package: package)) }
                built = try await builder.build(product) { line in
                    if line.hasPrefix("[") { report(.buildStep(package: package, step: line)) }
                }
            }
            let buildSeconds = Date().timeIntervalSince(started)
            let loadStarted = Date()
            let copy = try environment.copyLibrary(built, product: product.name)
            let newHost = try await HandlerHost.start(
                executable: environment.hostExecutable, library: copy, memoryLimit: environment.memoryLimit,
                log: environment.hostLog(product.packageName))
            host.map { old in
                old.retire()
                retiredHosts.append(old)
            }
            retiredHosts.removeAll { !$0.isRunning }
            host = newHost
            library = copy
            keys = newHost.keys
            let record = BuildRecord(
                date: started, succeeded: true, buildSeconds: buildSeconds, loadSeconds: Date().timeIntervalSince(loadStarted), errors: [])
            lastBuild = record
            return record
        } catch let failure as BuildFailure {
            return failed(failure.messages, Date().timeIntervalSince(started))
        } catch {
            return failed(["\(error)"], Date().timeIntervalSince(started))
        }
    }

    private func currentProduct() async throws(BuildFailure) -> PackageBuilder.Product {
        let manifest = (directory as NSString).appendingPathComponent("Package.swift")
        let date = (try? FileManager.default.attributesOfItem(atPath: manifest)[.modificationDate]) as? Date
        if let product, date == manifestDate { return product }
        let found = try await builder.product()
        product = found
        manifestDate = date
        return found
    }

    /// Calls the handler for `handler`, bounded by `limit`. Every failure is a
    /// `HandlerCallError`, except cancellation.
    func call(_ handler: HandlerKey, input: JSONValue, limit: CallLimit) async throws -> JSONValue {
        let text = JSONSerializer.string(input)
        while true {
            let host = try await liveHost()
            do {
                return try Self.value(of: try await host.call(handler, input: text, limit: limit), handler: handler)
            } catch HostFailure.retired {
                // A rebuild or an overrun retired the host on the way in: its successor takes the call.
                continue
            } catch let failure as HostFailure {
                throw HandlerCallError(failure)
            }
        }
    }

    private static func value(of outcome: HandlerOutcome, handler: HandlerKey) throws(HandlerCallError) -> JSONValue {
        switch outcome {
        case .output(let bytes):
            do {
                return try JSONParser.parse(bytes)
            } catch {
                throw HandlerCallError(
                    errorName: HandlerCallError.invalidOutput, cause: "the handler for \(handler) returned output that is not JSON: \(error)")
            }
        case .failure(let error):
            throw HandlerCallError(errorName: error.name, cause: error.cause)
        }
    }

    /// The current host, started again on the current library if it died or was retired. One
    /// start at a time: calls arriving meanwhile wait for it.
    private func liveHost() async throws -> HandlerHost {
        if let host, host.isAlive { return host }
        if let starting { return try await starting.value }
        guard let library else {
            throw HandlerCallError(
                errorName: HandlerCallError.noHandlers, cause: "the handler package \(displayName) has not been built successfully yet")
        }
        if let old = host {
            retiredHosts.append(old)
            host = nil
        }
        let environment = self.environment
        let log = environment.hostLog(displayName)
        let task = Task { () throws -> HandlerHost in
            do {
                return try await HandlerHost.start(
                    executable: environment.hostExecutable, library: library, memoryLimit: environment.memoryLimit, log: log)
            } catch {
                throw HandlerCallError(errorName: HandlerCallError.crashed, cause: "the handler host could not be restarted: \(error)")
            }
        }
        starting = task
        defer { starting = nil }
        let fresh = try await task.value
        // A build may have installed a host on newer code meanwhile: that one serves.
        if let current = host, current.isAlive {
            fresh.retire()
            return current
        }
        restarts += 1
        host = fresh
        return fresh
    }

    /// Retires every host: each is stopped once its running calls end.
    func shutdown() {
        host?.retire()
        retiredHosts.forEach { $0.retire() }
    }

    /// For `:workers`.
    public func status() -> WorkerStatus {
        retiredHosts.removeAll { !$0.isRunning }
        return WorkerStatus(
            name: displayName, directory: directory, keys: keys, building: building != nil, lastBuild: lastBuild,
            hostPID: host.flatMap { $0.isAlive ? $0.process.pid : nil }, calls: host?.callCount ?? 0, restarts: restarts,
            draining: retiredHosts.filter { $0.runningCalls > 0 }.count, memoryLimit: environment.memoryLimit)
    }
}

/// A handler call's failure as the task's failure: the error name Retry and Catch match, and a
/// cause. Every way a call can fail is named here, once, for activity workers and the engine's
/// task handlers alike.
struct HandlerCallError: NamedTaskError, CustomStringConvertible {
    static let crashed = "Stepwise.HandlerCrashed"
    static let timedOut = "Stepwise.HandlerTimedOut"
    static let outOfMemory = "Stepwise.HandlerOutOfMemory"
    static let invalidOutput = "Stepwise.InvalidOutput"
    static let noHandlers = "Stepwise.NoHandlers"

    var errorName: String
    var cause: String
    var description: String { "\(errorName): \(cause)" }

    init(errorName: String, cause: String) {
        self.errorName = errorName
        self.cause = cause
    }

    init(_ failure: HostFailure) {
        func withWords(_ text: String, _ lines: [String]) -> String {
            lines.isEmpty ? text : text + ":\n" + lines.joined(separator: "\n")
        }
        switch failure {
        case .unavailable(let why):
            self.init(errorName: Self.crashed, cause: why)
        case .retired:
            self.init(errorName: Self.crashed, cause: "the handler host was retired")
        case .crashed(let handler, let termination, let lines):
            self.init(
                errorName: Self.crashed, cause: withWords("the handler host stopped with \(termination) while running \(handler)", lines))
        case .outOfMemory(let handler, let limit, let lines):
            self.init(
                errorName: Self.outOfMemory,
                cause: withWords(
                    "the handler host ran out of memory while running \(handler) (its limit is \(limit), --handler-memory-limit)", lines))
        case .timedOut(let handler, let limit, let lines):
            self.init(
                errorName: Self.timedOut, cause: withWords("the handler for \(handler) ran past its limit of \(limit) and was stopped", lines))
        }
    }
}

/// What `:workers` shows about a package.
public struct WorkerStatus: Sendable {
    public var name: String
    public var directory: String
    public var keys: [HandlerKey]
    public var building: Bool
    public var lastBuild: HandlerPackage.BuildRecord?
    public var hostPID: Int32?
    public var calls: Int
    public var restarts: Int
    public var draining: Int
    public var memoryLimit: MemorySize
}
