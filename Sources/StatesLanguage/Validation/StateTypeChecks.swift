/// What Task, Wait and Parallel states require beyond the field table.
extension ValidationRun {
    mutating func checkTask(_ s: StateScope) {
        let state = s.state
        if let resource = state.resource {
            if !isARN(resource) {
                report(.invalidResource, s.at("Resource"),
                       "Resource of \(s.title) is \"\(resource)\"; it must be an ARN such as arn:aws:states:us-east-1:123456789012:activity:name or arn:aws:states:::lambda:invoke")
            }
        } else {
            report(.missingField, s.path, "\(s.title) has no \"Resource\"; name the activity, Lambda function or service integration it runs")
        }
        if let credentials = state.credentials, credentials.objectValue == nil,
           !(s.isJSONata && credentials.stringValue?.isJSONataExpression == true) {
            report(.wrongType, s.at("Credentials"),
                   "Credentials of \(s.title) must be an object naming the role to assume, such as {\"RoleArn\": \"arn:aws:iam::123456789012:role/Name\"}, found \(credentials.typeName)")
        }
        checkRange(state.timeoutSeconds, 1...maxSeconds, at: s.at("TimeoutSeconds"), what: "TimeoutSeconds of \(s.title)")
        checkRange(state.heartbeatSeconds, 1...maxSeconds, at: s.at("HeartbeatSeconds"), what: "HeartbeatSeconds of \(s.title)")
        if case .value(let heartbeat)? = state.heartbeatSeconds, case .value(let timeout)? = state.timeoutSeconds,
           heartbeat >= timeout {
            report(.outOfRange, s.at("HeartbeatSeconds"),
                   "HeartbeatSeconds of \(s.title) is \(heartbeat), not less than its TimeoutSeconds \(timeout); the heartbeat interval must be shorter than the timeout")
        }
    }

    mutating func checkWait(_ s: StateScope) {
        let state = s.state
        let waits: [ASLField] = [.seconds, .secondsPath, .timestamp, .timestampPath]
        let present = waits.filter { $0.isPresent(in: state) }
        if present.isEmpty {
            report(.missingField, s.path, "\(s.title) says neither how long nor until when to wait; add one of Seconds, SecondsPath, Timestamp or TimestampPath")
        }
        for extra in present.dropFirst() {
            report(.conflictingFields, s.at(extra.key),
                   "\(s.title) has \(listing(present.map(\.key))); a Wait state takes exactly one of Seconds, SecondsPath, Timestamp or TimestampPath")
        }
        checkRange(state.seconds, 0...maxSeconds, at: s.at("Seconds"), what: "Seconds of \(s.title)")
        if let timestamp = state.timestamp, !timestamp.isJSONataExpression, Timestamp(rfc3339: timestamp) == nil {
            report(.invalidTimestamp, s.at("Timestamp"),
                   "Timestamp of \(s.title) is \"\(timestamp)\"; it must be an RFC 3339 date-time such as 2016-03-14T01:59:00Z")
        }
    }

    mutating func checkParallel(_ s: StateScope) {
        guard let branches = s.state.branches else {
            report(.missingField, s.path, "\(s.title) has no \"Branches\"; add an array of state machines to run in parallel")
            return
        }
        if branches.isEmpty {
            report(.emptyArray, s.at("Branches"), "Branches of \(s.title) is empty; a Parallel state needs at least one branch")
        }
    }

    /// ARNs have at least six colon-separated parts (`arn:aws:states:::lambda:invoke`), the
    /// partition and the service being non-empty.
    private func isARN(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count >= 6 && parts[0] == "arn" && !parts[1].isEmpty && !parts[2].isEmpty
    }
}
