import StepwiseJSON

/// Something wrong in a file (a test file, a mock file), and where: printed as
/// `file:line:column: /json/pointer: message`, the pointer naming the value at fault.
public struct FileProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var location: SourceLocation?
    /// A JSON pointer into the file's document; empty for the file as a whole.
    public var pointer: String
    public var message: String

    public init(file: String, location: SourceLocation? = nil, pointer: String = "", message: String) {
        self.file = file
        self.location = location
        self.pointer = pointer
        self.message = message
    }

    public var description: String {
        file + (location.map { ":\($0)" } ?? "") + ": " + (pointer.isEmpty ? "" : pointer + ": ") + message
    }
}

/// Every problem found in a file (or in the files a test file names).
public struct FileProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]

    public init(_ problems: [FileProblem]) { self.problems = problems }

    /// One problem per line.
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
