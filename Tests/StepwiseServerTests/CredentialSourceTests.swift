import AWSSigV4
import StepwiseServer
import Testing

/// The `KEY:SECRET` lists of `--require-credentials-file` and `STEPWISE_REQUIRE_CREDENTIALS`.
@Suite struct CredentialSourceTests {
    @Test func pairsAreReadFromLinesAndWordsSkippingCommentsAndBlankLines() throws {
        let text = """
            # the team's keys
            AKIDONE:secret/one+x=

              AKIDTWO:two:with:colons   AKIDTHREE:three
            """
        let pairs = try CredentialPolicy.keyPairs(in: text, source: "keys.txt")
        #expect(pairs.map(\.accessKeyId) == ["AKIDONE", "AKIDTWO", "AKIDTHREE"])
        #expect(pairs.map(\.secretAccessKey) == ["secret/one+x=", "two:with:colons", "three"])
    }

    @Test(arguments: [("no-colon-secret", 1), (":secret", 1), ("AKID:", 1), ("AKIDOK:fine\nAKIDNOSECRET", 2)])
    func aMalformedPairNamesTheSourceAndLineButNotTheSecret(_ text: String, line: Int) {
        #expect(throws: CredentialFormatError(description: "keys.txt, line \(line): expected KEY:SECRET (the secret is not shown)")) {
            try CredentialPolicy.keyPairs(in: text, source: "keys.txt")
        }
    }

    @Test func noPairsMeansAcceptAnyAndConflictingSecretsAreRefused() throws {
        guard case .acceptAny = try CredentialPolicy.requiring([]) else { Issue.record("expected acceptAny"); return }
        let one = SigningCredentials(accessKeyId: "AKID", secretAccessKey: "one")
        guard case .require(let pairs) = try CredentialPolicy.requiring([one, one]) else { Issue.record("expected require"); return }
        #expect(pairs.count == 2)
        #expect(throws: CredentialFormatError.self) {
            try CredentialPolicy.requiring([one, SigningCredentials(accessKeyId: "AKID", secretAccessKey: "two")])
        }
    }
}
