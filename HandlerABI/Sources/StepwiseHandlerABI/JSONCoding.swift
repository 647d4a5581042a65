// FoundationEssentials carries JSONEncoder/JSONDecoder without the rest of Foundation, which
// keeps handler libraries and the handler host small and quick to load.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Between `Codable` values and the UTF-8 JSON bytes that cross the C ABI.
enum JSONCoding {
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try JSONDecoder().decode(type, from: Data(bytes))
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }
}
