import Foundation

/// Decoding of response bodies. AWS sends timestamps as epoch seconds, but emulators are not
/// all faithful (moto sends some as ISO 8601 strings, as boto3 happily parses both), so dates
/// are read from either form.
enum ResponseDecoding {
    static func decode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom(decodeDate)
        return try decoder.decode(type, from: data.isEmpty ? Data("{}".utf8) : data)
    }

    static func decodeDate(_ decoder: any Decoder) throws -> Date {
        let container = try decoder.singleValueContainer()
        if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSince1970: seconds) }
        let text = try container.decode(String.self)
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        if let date = parseISO8601(text) { return date }
        throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is neither epoch seconds nor an ISO 8601 timestamp")
    }

    /// ISO 8601 with or without fractional seconds; a missing zone means UTC, and a space may
    /// stand for the `T` (Python's `str(datetime)`).
    static func parseISO8601(_ text: String) -> Date? {
        var normalized = text.replacingOccurrences(of: " ", with: "T")
        let hasZone = normalized.hasSuffix("Z") || normalized.range(of: #"[+-]\d{2}:?\d{2}$"#, options: .regularExpression) != nil
        if !hasZone { normalized += "Z" }
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: normalized) { return date }
        }
        return nil
    }
}
