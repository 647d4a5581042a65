import AWSSigV4
import Foundation
import StepFunctions

/// Applies the credential policy to a request, answering failures with the errors AWS's JSON
/// services send. Those services reject bad signatures with HTTP 400 (not 403, which the REST
/// services use), under the `com.amazon.coral.service` namespace.
struct RequestAuthenticator: Sendable {
    private let verifier: SigV4Verifier?

    init(_ policy: CredentialPolicy) {
        switch policy {
        case .acceptAny:
            verifier = nil
        case .require(let credentials):
            let secrets = Dictionary(credentials.map { ($0.accessKeyId, $0.secretAccessKey) }, uniquingKeysWith: { first, _ in first })
            verifier = SigV4Verifier(service: "states", allowsUnsignedPayload: false) { secrets[$0] }
        }
    }

    func check(_ request: WireRequest, now: Date) throws(StepFunctionsError) {
        guard let verifier else { return }
        let (path, query) = Self.split(request.target)
        let signed = SigningRequest(method: request.method, path: path, query: query, headers: request.headers, payload: .body(request.body))
        do {
            _ = try verifier.verify(signed, now: now)
        } catch {
            throw Self.awsError(for: error)
        }
    }

    static func split(_ target: String) -> (path: String, query: String) {
        guard let mark = target.firstIndex(of: "?") else { return (target.isEmpty ? "/" : target, "") }
        let path = String(target[..<mark])
        return (path.isEmpty ? "/" : path, String(target[target.index(after: mark)...]))
    }

    static func awsError(for failure: VerificationFailure) -> StepFunctionsError {
        switch failure {
        case .missingAuthentication:
            return StepFunctionsError(.missingAuthenticationToken, "Request is missing Authentication Token")
        case .unsupportedAlgorithm, .malformedAuthorization, .missingHeader, .missingQueryParameter, .invalidDate:
            return StepFunctionsError(.incompleteSignature, failure.description)
        case .unknownAccessKey:
            return StepFunctionsError(.unrecognizedClient, "The security token included in the request is invalid.")
        case .scopeMismatch, .clockSkew, .expired, .payloadHashMismatch, .payloadNotHashed, .signatureMismatch:
            return StepFunctionsError(.invalidSignature, failure.description)
        }
    }
}
