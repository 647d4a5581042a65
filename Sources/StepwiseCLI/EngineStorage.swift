import Foundation
import StepwiseEngine

/// Where `stepwise serve` keeps the engine's state.
enum EngineStorage: CustomStringConvertible {
    case inMemory
    case directory(String)

    static func open(inMemory: Bool, dataDirectory: String) throws -> EngineStorage {
        if inMemory { return .inMemory }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        return .directory(dataDirectory)
    }

    func engine(configuration: Engine.Configuration) async throws -> Engine {
        Engine(configuration: configuration)
    }

    var description: String {
        switch self {
        case .inMemory: "in memory"
        case .directory(let path): path.hasSuffix("/") ? path : path + "/"
        }
    }
}
