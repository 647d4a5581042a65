/// One header line. Requests keep headers as an ordered list because SigV4 joins the values of
/// repeated names in the order they appear.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// The values of every header called `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        let lowered = name.lowercased()
        return filter { $0.name.lowercased() == lowered }.map(\.value)
    }

    /// The first value of the header called `name` (case-insensitive).
    public func first(named name: String) -> String? { values(for: name).first }
}
