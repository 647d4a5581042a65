import StatesLanguage
import StepFunctions
import Stepwise
import StepwiseHandlerABI
import StepwiseJSON

/// The handler packages a shell or a `stepwise run` serves, and how their handlers reach the
/// executions: activities through workers bound for each run (`activityTargets(for:)`), Lambda
/// functions, integrations and exact resources as task handlers of the engine, registered
/// whenever a package has built — so a reload serves what the package serves now and no
/// longer what it dropped.
public actor HandlerPackageSet {
    public nonisolated let environment: HandlerEnvironment
    /// Where Lambda function and integration handlers are registered (nil: a backend that runs
    /// no Swift task handlers; activities are still served, by workers).
    private let hosting: (any TaskHandlerHosting)?
    private var packages: [String: HandlerPackage] = [:]
    private var registered: Set<TaskHandlerKey> = []
    /// The registration under way: the next waits for it, so that an older one never lands last.
    private var registration: Task<Void, Never>?
    /// The definitions whose Task states bound the calls of the engine's task handlers.
    private var definitions: [Definition] = []

    public init(environment: HandlerEnvironment, hosting: (any TaskHandlerHosting)?) {
        self.environment = environment
        self.hosting = hosting
    }

    /// The packages by directory; later ones win when two serve one key.
    public var all: [HandlerPackage] { packages.values.sorted { $0.directory < $1.directory } }

    /// The package in `directory`, made on first use.
    public func package(at directory: String) -> HandlerPackage {
        if let known = packages[directory] { return known }
        let package = HandlerPackage(directory: directory, environment: environment)
        packages[directory] = package
        return package
    }

    /// The package a file belongs to, if any.
    public func package(containing path: String) -> HandlerPackage? {
        packages.first { path.hasPrefix($0.key + "/") }?.value
    }

    /// Builds and loads `package`; once it has built, the engine serves its task handlers.
    @discardableResult
    public func build(_ package: HandlerPackage) async -> HandlerPackage.BuildRecord {
        let record = await package.build()
        if record.succeeded { await registerTaskHandlers() }
        return record
    }

    /// The Task states of `definitions` bound the calls of the engine's task handlers from now
    /// on (see `CallLimit`).
    public func bindCalls(to definitions: [Definition]) {
        self.definitions = definitions
    }

    /// Registers every package's Lambda function, integration and resource handlers with the
    /// engine, and removes those no package serves any more. A handler calls its package, which
    /// always runs its latest build.
    private func registerTaskHandlers() async {
        let previous = registration
        let next = Task {
            await previous?.value
            await self.applyRegistration()
        }
        registration = next
        await next.value
    }

    private func applyRegistration() async {
        guard let hosting else { return }
        var wanted: [TaskHandlerKey: (HandlerPackage, HandlerKey)] = [:]
        for package in all {
            for key in await package.keys {
                if let taskKey = key.taskHandlerKey { wanted[taskKey] = (package, key) }
            }
        }
        for stale in registered where wanted[stale] == nil { await hosting.removeTaskHandler(stale) }
        for (taskKey, (package, key)) in wanted {
            await hosting.registerTaskHandler(taskKey) { request in
                try await package.call(key, input: request.input, limit: await self.limit(for: key))
            }
        }
        registered = Set(wanted.keys)
    }

    private func limit(for key: HandlerKey) -> CallLimit {
        CallLimit.forHandler(key, in: definitions, fallback: environment.callTimeout)
    }

    /// Where the calls of every activity `definition` uses go (after any build in progress). An
    /// activity without a handler is an error — its task would wait for a worker forever —
    /// unless it is `optional` (keywords: activities whose tasks a test case answers).
    public func activityTargets(
        for definition: Definition, optional: Set<String> = []
    ) async throws(MissingActivityHandlers) -> [String: HandlerTarget] {
        var served: [String: HandlerPackage] = [:]
        for package in all {
            await package.waitForBuild()
            for key in await package.keys where key.kind == .activity { served[key.name] = package }
        }
        var targets: [String: HandlerTarget] = [:]
        var missing: [String] = []
        for activity in definition.activities {
            let keyword = activity.keyword.description
            guard let package = served[keyword] else {
                if !optional.contains(keyword) { missing.append(keyword) }
                continue
            }
            let key = HandlerKey(.activity, keyword)
            targets[keyword] = HandlerTarget(
                package: package, key: key, limit: CallLimit.forHandler(key, in: [definition], fallback: environment.callTimeout))
        }
        guard missing.isEmpty else { throw MissingActivityHandlers(activities: missing, packagesLoaded: !packages.isEmpty) }
        return targets
    }

    /// The task handlers the engine runs for `definition`'s Task states, with the bound on
    /// their calls (see `bindCalls`), and the Task states nothing here serves.
    public func coverage(of definition: Definition) async -> HandlerCoverage {
        var coverage = HandlerCoverage()
        var offered: [(HandlerPackage, HandlerKey, TaskHandlerKey)] = []
        for package in all {
            await package.waitForBuild()
            for key in await package.keys {
                if let taskKey = key.taskHandlerKey { offered.append((package, key, taskKey)) }
            }
        }
        for (name, state) in definition.loaded.machine.everyState {
            guard state.type == .task, let resource = state.resource else { continue }
            let parameters = state.parameters ?? state.arguments
            switch TaskResource(resource) {
            case .activity: continue
            case .integration(let integration) where integration.service == "states" && !integration.isSDK && integration.action == "startExecution":
                continue
            default: break
            }
            // Chosen as the engine chooses: an exact resource, else a Lambda function, else an
            // integration; a later package over an earlier one.
            let serving = offered.enumerated().filter { $0.element.2.serves(resource: resource, parameters: parameters) }
            if let (package, key, _) = serving.max(by: { (Self.rank($0.element.2), $0.offset) < (Self.rank($1.element.2), $1.offset) })?.element {
                if !coverage.served.contains(where: { $0.handler == key }) {
                    coverage.served.append(.init(handler: key, package: await package.displayName, limit: limit(for: key)))
                }
            } else {
                coverage.unserved.append(.init(state: name, resource: resource))
            }
        }
        return coverage
    }

    private static func rank(_ key: TaskHandlerKey) -> Int {
        switch key {
        case .resource: 2
        case .lambda: 1
        case .integration: 0
        }
    }

    /// Retires every package's hosts: each is stopped once its running calls end.
    public func shutdown() async {
        for package in packages.values { await package.shutdown() }
    }
}

/// Where one activity's calls go, and how long each may run.
public struct HandlerTarget: Sendable {
    public let package: HandlerPackage
    public let key: HandlerKey
    public let limit: CallLimit

    public func call(_ input: JSONValue) async throws -> JSONValue {
        try await package.call(key, input: input, limit: limit)
    }

    /// The target as an activity worker's handler.
    public var handler: Handler {
        Handler(withContext: { input, _ in try await call(input) })
    }
}

/// Activities that no loaded package serves.
public struct MissingActivityHandlers: Error, Sendable, CustomStringConvertible {
    /// Keywords without the colon.
    public var activities: [String]
    public var packagesLoaded: Bool

    public var description: String {
        let names = activities.map { ":" + $0 }.joined(separator: ", ")
        guard packagesLoaded else { return "no handler for \(names): no handler package is loaded" }
        return "no handler for \(names): register them in a handler package: HandlerRegistry().register(\"\(activities[0])\", …)"
    }
}

/// How a definition's Task states other than activities and nested executions are served.
public struct HandlerCoverage: Sendable {
    public struct Served: Sendable {
        public var handler: HandlerKey
        public var package: String
        public var limit: CallLimit
    }

    public struct Unserved: Sendable {
        public var state: String
        public var resource: String
    }

    public var served: [Served] = []
    /// Task states no package serves: they fail when they run, unless something else serves them.
    public var unserved: [Unserved] = []
}
