import StepwiseJSON

/// The cases of `conformance/cases.jsonl`, recorded against AWS, parsed once per test process
/// and looked up by id, so that suites can take the ids as test arguments (each case then
/// reports on its own). Such corpus tests are `.serialized`: a corpus runs one case at a time,
/// so its thousand cases do not queue up on the cooperative pool ahead of the tests that wait
/// for events (shells, servers, workers), which would then wait for the whole corpus.
public enum ConformanceRecords {
    /// How many cases the corpus holds: suites check it, so that a missing or unreadable
    /// corpus fails instead of running no case.
    public static let expectedCount = 912

    /// Every record in file order; empty when the shared folder is absent.
    public static let all: [JSONValue] = (SharedFixtures.conformanceLines() ?? []).compactMap { try? JSONParser.parse($0) }

    public static let ids: [String] = all.compactMap { $0["id"]?.stringValue }

    private static let byID = Dictionary(all.map { ($0["id"]?.stringValue ?? "", $0) }, uniquingKeysWith: { first, _ in first })

    public static func record(_ id: String) -> JSONValue? { byID[id] }

    /// The definition of the case `id`.
    public static func definition(_ id: String) -> JSONValue? { byID[id]?["definition"] }
}
