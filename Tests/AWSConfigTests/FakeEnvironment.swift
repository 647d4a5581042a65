@testable import AWSConfig

/// An environment with the given variables and an in-memory file system; the home directory is
/// `/home/me` unless stated.
func fakeEnvironment(_ variables: [String: String] = [:], files: [String: String] = [:], home: String? = "/home/me") -> AWSConfigEnvironment {
    AWSConfigEnvironment(variables: variables, homeDirectory: home, readFile: { path in files[path] })
}

struct UnreadableFile: Error, CustomStringConvertible {
    var description: String { "permission denied" }
}

let credentialsPath = "/home/me/.aws/credentials"
let configPath = "/home/me/.aws/config"
