import Foundation
import StepwiseEngine
import StepwiseSQLite

/// Where `stepwise serve` keeps the engine's state: a SQLite database in a directory, from
/// which a restarted server resumes, or nothing beyond the process.
enum EngineStorage: CustomStringConvertible {
    case inMemory
    case directory(String, SQLiteEngineStore.Durability)

    init(inMemory: Bool, dataDirectory: String, durability: SQLiteEngineStore.Durability) {
        self = inMemory ? .inMemory : .directory(dataDirectory, durability)
    }

    /// The engine over this storage, with whatever an earlier run left recovered and resumed.
    func engine(configuration: Engine.Configuration, clock: any EngineClock) async throws -> (Engine, RecoveryReport?) {
        switch self {
        case .inMemory:
            return (Engine(configuration: configuration, clock: clock), nil)
        case .directory(let path, let durability):
            let store = try SQLiteEngineStore(directory: URL(fileURLWithPath: path, isDirectory: true), durability: durability)
            let engine = Engine(configuration: configuration, clock: clock, store: store)
            return (engine, try await engine.recover())
        }
    }

    var description: String {
        switch self {
        case .inMemory: "in memory"
        case .directory(let path, _): path.hasSuffix("/") ? path : path + "/"
        }
    }
}
