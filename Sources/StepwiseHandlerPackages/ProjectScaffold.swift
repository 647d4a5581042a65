import Foundation

/// Why a project folder was not created.
public struct ScaffoldError: Error, CustomStringConvertible {
    public var description: String
}

/// A new project folder, as `stepwise init DIR` and `stepwise-repl --new DIR` create it: a
/// definition whose Task a Swift handler serves, the handler package (building against the
/// handler contract of the installation that created it), a README and a `.gitignore`.
public struct ProjectScaffold: Sendable {
    /// The folder, as an absolute path.
    public let directory: String
    /// The state machine's name, and its definition file's (`<machine>.edn`): the folder's
    /// name, kept to the characters AWS allows in a machine name.
    public let machine: String
    /// The handler package's name and its library's: `HelloHandlers` for `hello`.
    public let packageName: String
    /// The StepwiseHandlerABI package the handler package falls back to when no
    /// `$STEPWISE_HANDLER_ABI` names one.
    public let handlerABI: String

    /// The shell command that runs the new workflow, for the README and the commands' closing words.
    public var firstRun: String { #":run \#(machine) {:name "Ada"}"# }

    public init(directory: String, handlerABI: String?) throws(ScaffoldError) {
        guard let handlerABI else {
            throw ScaffoldError(
                description: "cannot find StepwiseHandlerABI for the handler package: install Stepwise with `make install`, "
                    + "or set \(HandlerEnvironment.handlerABIVariable) to its HandlerABI folder")
        }
        let absolute = URL(fileURLWithPath: (directory as NSString).expandingTildeInPath).standardizedFileURL.path
        self.directory = absolute
        self.handlerABI = handlerABI
        machine = Self.machineName((absolute as NSString).lastPathComponent)
        packageName = Self.typeName(machine) + "Handlers"
    }

    /// Creates the folder (and its parents) with every file; refuses a folder that exists and
    /// is not empty, so nothing of the user's is overwritten. Returns the files, relative to
    /// the folder.
    @discardableResult
    public func create() throws(ScaffoldError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw ScaffoldError(description: "\(directory) exists and is not a folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: directory)) ?? []
            guard entries.isEmpty else {
                throw ScaffoldError(
                    description: "\(directory) is not empty (\(entries.sorted().prefix(3).joined(separator: ", "))\(entries.count > 3 ? ", …" : "")): "
                        + "a new project needs a new or empty folder")
            }
        }
        let files = self.files
        do {
            for (path, contents) in files {
                let url = URL(fileURLWithPath: directory).appendingPathComponent(path)
                try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, atomically: true, encoding: .utf8)
            }
        } catch {
            throw ScaffoldError(description: "cannot create the project in \(directory): \(error.localizedDescription)")
        }
        return files.map(\.path)
    }

    /// AWS allows letters, digits, `-` and `_` in a machine name, 80 at most.
    static func machineName(_ folder: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        let name = String(folder.map { allowed.contains($0) ? $0 : "-" }).trimmingCharacters(in: CharacterSet(charactersIn: "-"))
        return name.isEmpty ? "flow" : String(name.prefix(80))
    }

    /// `order-flow` → `OrderFlow`; a name starting with a digit gets `Flow` first.
    static func typeName(_ machine: String) -> String {
        let words = machine.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let joined = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        return joined.first?.isLetter == true ? joined : "Flow" + joined
    }

    var files: [(path: String, contents: String)] {
        let sources = "Handlers/Sources/\(packageName)/Handlers.swift"
        return [
            ("\(machine).edn", definition(sources: sources)),
            ("Handlers/Package.swift", manifest),
            (sources, handlers),
            ("README.md", readme(sources: sources)),
            (".gitignore", ".build/\n.swiftpm/\nPackage.resolved\n"),
        ]
    }

    private func definition(sources: String) -> String {
        """
        ;; \(machine): one Task, served by the Swift handler `greet` in \(sources).
        {:comment "Greets someone by name"
         :start-at :greet
         :states {:greet {:type :task
                          :resource :activity/greet
                          :end true}}}

        """
    }

    private var manifest: String {
        """
        // swift-tools-version: 6.0
        // The handlers of \(machine).edn: a dynamic library that links only StepwiseHandlerABI, built and
        // reloaded by stepwise-repl (and `stepwise run --handlers`) whenever a source changes.
        import PackageDescription

        // The handler contract. stepwise-repl and `stepwise run --handlers` name the copy their handler
        // host was built with in STEPWISE_HANDLER_ABI; other builds (an editor's) use the copy of the
        // installation that created this folder.
        let handlerABI = Context.environment["STEPWISE_HANDLER_ABI"] ?? "\(handlerABI)"

        let package = Package(
            name: "\(packageName)",
            platforms: [.macOS(.v15)],
            products: [
                .library(name: "\(packageName)", type: .dynamic, targets: ["\(packageName)"])
            ],
            dependencies: [
                .package(name: "StepwiseHandlerABI", path: handlerABI)
            ],
            targets: [
                .target(name: "\(packageName)", dependencies: [.product(name: "StepwiseHandlerABI", package: "StepwiseHandlerABI")])
            ],
            swiftLanguageModes: [.v6]
        )

        """
    }

    private var handlers: String {
        #"""
        import StepwiseHandlerABI

        /// The input of the `:activity/greet` task.
        struct GreetInput: Codable, Sendable {
            var name: String
        }

        /// What the task returns: the execution's output.
        struct Greeting: Codable, Sendable {
            var greeting: String
        }

        @Sendable func greet(_ input: GreetInput) async throws -> Greeting {
            Greeting(greeting: "Hello, \(input.name)!")
        }

        /// The package's entry point: the handler host calls it once after loading the library.
        /// Each handler is registered under what it serves: an activity keyword without its colon,
        /// `.lambda("function-name", …)` for a Lambda function, `.integration("dynamodb:putItem", …)`.
        @_cdecl("stepwise_handlers")
        public func stepwiseHandlers() -> UnsafeMutableRawPointer {
            HandlerRegistry()
                .register("activity/greet", greet)
                .exported()
        }

        """#
    }

    private func readme(sources: String) -> String {
        """
        # \(machine)

        A Stepwise workflow: `\(machine).edn` is the state machine, `\(sources)` the Swift handler behind its Task.
        Open it in the shell with `stepwise-repl .` and type `\(firstRun)` (the shell rebuilds the handlers
        whenever they change), or run it once with `stepwise run \(machine).edn --handlers Handlers --input '{"name": "Ada"}'`.

        """
    }
}
