import StepwiseAWS

/// Clients that own connections and must be shut down before they are released.
protocol ShutsDown: Sendable {
    func shutdown() async throws
}

extension AWSStepFunctionsClient: ShutsDown {}
extension S3Client: ShutsDown {}

/// Runs `body` with `client`, then shuts the client down, whether `body` succeeded or not.
@discardableResult
func using<Client: ShutsDown, T>(_ client: Client, _ body: (Client) async throws -> T) async throws -> T {
    do {
        let result = try await body(client)
        try await client.shutdown()
        return result
    } catch {
        try? await client.shutdown()
        throw error
    }
}
