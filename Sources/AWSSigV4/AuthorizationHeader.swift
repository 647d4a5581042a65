/// The parsed `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct AuthorizationHeader {
    let credential: CredentialField
    let signedHeaders: [String]
    let signature: String

    /// Fails naming the part that is wrong.
    static func parse(_ value: String) -> Result<AuthorizationHeader, VerificationFailure> {
        let trimmed = value.trimmingWhitespace()
        guard let space = trimmed.firstIndex(of: " ") else {
            return .failure(.malformedAuthorization("expected '\(SigningScope.algorithm) Credential=…, SignedHeaders=…, Signature=…'"))
        }
        let algorithm = String(trimmed[..<space])
        guard algorithm == SigningScope.algorithm else { return .failure(.unsupportedAlgorithm(algorithm)) }

        var fields: [String: String] = [:]
        for part in trimmed[space...].split(separator: ",") {
            let field = part.trimmingWhitespace()
            guard let equals = field.firstIndex(of: "=") else {
                return .failure(.malformedAuthorization("'\(field)' is not a key=value pair"))
            }
            fields[String(field[..<equals])] = String(field[field.index(after: equals)...])
        }
        for required in ["Credential", "SignedHeaders", "Signature"] where fields[required, default: ""].isEmpty {
            return .failure(.malformedAuthorization("missing \(required)="))
        }
        return CredentialField.parse(fields["Credential", default: ""]).map { credential in
            AuthorizationHeader(
                credential: credential,
                signedHeaders: fields["SignedHeaders", default: ""].split(separator: ";").map { String($0) },
                signature: fields["Signature", default: ""]
            )
        }
    }
}

/// `AKID/20150830/us-east-1/service/aws4_request`.
struct CredentialField {
    let accessKeyId: String
    let scope: SigningScope

    static func parse(_ value: String) -> Result<CredentialField, VerificationFailure> {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 5, parts.allSatisfy({ !$0.isEmpty }), parts[4] == "aws4_request" else {
            return .failure(.malformedAuthorization("Credential must be <access key>/<yyyyMMdd>/<region>/<service>/aws4_request, got '\(value)'"))
        }
        return .success(CredentialField(
            accessKeyId: parts[0],
            scope: SigningScope(dateStamp: parts[1], region: parts[2], service: parts[3])
        ))
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
