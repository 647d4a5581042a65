import Foundation
import StepFunctions

// Versions (`<machine>:N`, immutable snapshots of a revision) and aliases (`<machine>:NAME`,
// routing executions to one or two versions by weight), with AWS's semantics.

extension Engine {
    struct Version {
        var record: StateMachineVersionRecord
        var graph: CompiledGraph
        var timeoutSeconds: Int?
    }

    /// What StartExecution runs for an ARN: a machine's current revision, a version, or the
    /// version an alias picked.
    struct Runnable {
        let stateMachineArn: String
        let name: String
        let definition: String
        let roleArn: String
        let type: StateMachineType
        let graph: CompiledGraph
        let timeoutSeconds: Int?
        let revisionId: String?
        var versionArn: String?
        var aliasArn: String?
    }

    /// The most versions and aliases a machine may have (AWS's default quotas).
    static let versionQuota = 1000
    static let aliasQuota = 100

    // MARK: - Resolving qualified ARNs

    /// A machine ARN's qualifier, when it has one: a version number or an alias name (which
    /// can never be all digits).
    enum Qualifier {
        case version(Int)
        case alias(String)

        init?(_ arn: ARN) {
            guard arn.resourceType == .stateMachine, arn.resource.count == 2 else { return nil }
            let text = arn.resource[1]
            if let number = Int(text), text.utf8.allSatisfy({ (0x30...0x39).contains($0) }) {
                self = .version(number)
            } else {
                self = .alias(text)
            }
        }
    }

    /// The unqualified machine ARN of a version or alias ARN.
    static func unqualified(_ arn: ARN) -> String {
        ARN(partition: arn.partition, region: arn.region, account: arn.account, resourceType: .stateMachine, resource: [arn.resource[0]]).description
    }

    func runnable(_ arn: String) throws(StepFunctionsError) -> Runnable {
        let parsed = try ARN.parse(arn, expecting: [.stateMachine])
        switch Qualifier(parsed) {
        case nil:
            let machine = try machine(arn)
            let record = machine.record
            return Runnable(
                stateMachineArn: record.arn, name: record.name, definition: record.definition, roleArn: record.roleArn, type: record.type,
                graph: machine.graph, timeoutSeconds: machine.timeoutSeconds, revisionId: record.revisionId)
        case .version:
            return try runnable(version: version(arn))
        case .alias:
            guard let alias = aliases[arn] else {
                throw StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
            }
            var picked = try runnable(version: version(Self.pick(alias.routingConfiguration)))
            picked.aliasArn = arn
            return picked
        }
    }

    private func runnable(version: Version) -> Runnable {
        let record = version.record
        return Runnable(
            stateMachineArn: record.stateMachineArn, name: ARN.parseName(record.stateMachineArn), definition: record.definition,
            roleArn: record.roleArn, type: record.type, graph: version.graph, timeoutSeconds: version.timeoutSeconds,
            revisionId: record.revisionId, versionArn: record.arn)
    }

    /// Chooses a version by weight, at random as AWS does.
    static func pick(_ routing: [RoutingConfigurationListItem]) -> String {
        var roll = Int.random(in: 0..<100)
        for route in routing {
            if roll < route.weight { return route.stateMachineVersionArn }
            roll -= route.weight
        }
        return routing.last!.stateMachineVersionArn
    }

    func version(_ arn: String) throws(StepFunctionsError) -> Version {
        guard let version = versions[arn] else {
            throw StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
        }
        return version
    }

    // MARK: - Versions

    /// Publishes the machine's current revision, or answers with the version already published
    /// from it. Changes the registries at once and returns the writes that store the change, so
    /// that CreateStateMachine and UpdateStateMachine commit it with their own.
    func publishCurrentRevision(of arn: String, description: String?) throws(StepFunctionsError) -> (StateMachineVersionRecord, [StoreWrite]) {
        var machine = try machine(arn)
        let ofMachine = versions.values.map(\.record).filter { $0.stateMachineArn == arn }
        if let existing = ofMachine.filter({ $0.revisionId == machine.record.revisionId }).max(by: { $0.version < $1.version }) {
            return (existing, [])
        }
        guard ofMachine.count < Self.versionQuota else {
            throw StepFunctionsError(.serviceQuotaExceeded, "Maximum number of versions (\(Self.versionQuota)) reached for state machine '\(arn)'")
        }
        let number = (machine.record.lastVersion ?? 0) + 1
        let record = machine.record
        let version = StateMachineVersionRecord(
            arn: "\(arn):\(number)", stateMachineArn: arn, version: number, definition: record.definition, roleArn: record.roleArn,
            type: record.type, loggingConfiguration: record.loggingConfiguration, tracingConfiguration: record.tracingConfiguration,
            revisionId: record.revisionId, description: description, creationDate: clock.now())
        machine.record.lastVersion = number
        machines[arn] = machine
        versions[version.arn] = Version(record: version, graph: machine.graph, timeoutSeconds: machine.timeoutSeconds)
        return (version, [.saveStateMachine(machine.record), .saveStateMachineVersion(version)])
    }

    /// AWS refuses a version description without `publish`.
    static func checkPublishing(_ publish: Bool?, versionDescription: String?) throws(StepFunctionsError) {
        if versionDescription != nil, publish != true {
            throw StepFunctionsError(.validation, "Version description can only be set when publish is true")
        }
    }

    public func publishStateMachineVersion(_ input: PublishStateMachineVersionInput) async throws -> PublishStateMachineVersionOutput {
        try input.checkLimits()
        let current = try machine(input.stateMachineArn).record.revisionId
        // `INITIAL` names the revision a machine was created with, which has no id.
        if let expected = input.revisionId, expected != (current ?? "INITIAL") {
            throw StepFunctionsError(
                .conflict,
                "Failed to publish the State Machine version for revision \(expected). The current State Machine revision is \(current ?? "INITIAL").")
        }
        let (version, writes) = try publishCurrentRevision(of: input.stateMachineArn, description: input.description)
        try await persist(writes)
        return PublishStateMachineVersionOutput(creationDate: version.creationDate, stateMachineVersionArn: version.arn)
    }

    public func listStateMachineVersions(_ input: ListStateMachineVersionsInput) async throws -> ListStateMachineVersionsOutput {
        let arn = try ARN.parse(input.stateMachineArn, expecting: [.stateMachine])
        guard Qualifier(arn) == nil else { throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(input.stateMachineArn)'") }
        // Newest first; AWS lists no error for an unknown machine, which simply has no versions.
        let sorted = versions.values.map(\.record).filter { $0.stateMachineArn == input.stateMachineArn }
            .sorted { ($0.creationDate, $0.version) > ($1.creationDate, $1.version) }
        let (page, next) = try Paging.page(sorted, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListStateMachineVersionsOutput(
            stateMachineVersions: page.map { StateMachineVersionListItem(stateMachineVersionArn: $0.arn, creationDate: $0.creationDate) },
            nextToken: next)
    }

    /// Deleting a version that does not exist succeeds, as on AWS; one an alias routes to does not.
    public func deleteStateMachineVersion(_ input: DeleteStateMachineVersionInput) async throws -> EmptyOutput {
        let arn = input.stateMachineVersionArn
        guard case .version? = Qualifier(try ARN.parse(arn, expecting: [.stateMachine])) else {
            throw StepFunctionsError(.validation, "The ARN is not a state machine version ARN: '\(arn)'")
        }
        guard versions[arn] != nil else { return EmptyOutput() }
        let routing = aliases.values.filter { $0.routingConfiguration.contains { $0.stateMachineVersionArn == arn } }.map(\.name).sorted()
        guard routing.isEmpty else {
            throw StepFunctionsError(
                .conflict,
                "Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [\(routing.joined(separator: ", "))]")
        }
        versions.removeValue(forKey: arn)
        try await persist([.deleteStateMachineVersion(arn: arn)])
        return EmptyOutput()
    }

    // MARK: - Aliases

    /// Checks a routing configuration as AWS does and returns the machine its versions belong to.
    private func routedMachine(_ routing: [RoutingConfigurationListItem]) throws(StepFunctionsError) -> String {
        let arns = routing.map(\.stateMachineVersionArn)
        let received = "[\(arns.joined(separator: ", "))]"
        func invalid(_ message: String) -> StepFunctionsError {
            StepFunctionsError(.validation, message, reason: "INVALID_ROUTING_CONFIGURATION")
        }
        var parsed: [ARN] = []
        for text in arns {
            guard let arn = try? ARN.parse(text, expecting: [.stateMachine]), case .version? = Qualifier(arn) else {
                throw invalid("Routing configuration must contain state machine version ARNs. Received: \(received)")
            }
            parsed.append(arn)
        }
        guard Set(arns).count == arns.count else {
            throw invalid("Routing configuration must contain distinct state machine version ARNs. Received: \(received)")
        }
        guard routing.reduce(0, { $0 + $1.weight }) == 100 else {
            throw invalid("Sum of routing configuration weights must equal 100. Received: [\(routing.map { String($0.weight) }.joined(separator: ", "))]")
        }
        let machines = Set(parsed.map(Self.unqualified))
        guard machines.count == 1, let machine = machines.first else {
            throw invalid("Routing configuration must contain versions of the same state machine. Received: \(received)")
        }
        for arn in arns where versions[arn] == nil {
            throw StepFunctionsError(.resourceNotFound, "Request references a resource that does not exist: '\(arn)'")
        }
        return machine
    }

    func alias(_ arn: String) throws(StepFunctionsError) -> StateMachineAliasRecord {
        guard case .alias? = Qualifier(try ARN.parse(arn, expecting: [.stateMachine])) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(arn)'")
        }
        guard let alias = aliases[arn] else {
            throw StepFunctionsError(.resourceNotFound, "Request references a resource that does not exist.")
        }
        return alias
    }

    public func createStateMachineAlias(_ input: CreateStateMachineAliasInput) async throws -> CreateStateMachineAliasOutput {
        try input.checkLimits()
        let machine = try routedMachine(input.routingConfiguration)
        let arn = "\(machine):\(input.name)"
        if let existing = aliases[arn] {
            // Idempotent for the same routing and description.
            guard existing.routingConfiguration == input.routingConfiguration, existing.description == input.description else {
                throw StepFunctionsError(
                    .conflict, "Failed to create alias because an alias with the same name and a different routing configuration already exists.")
            }
            return CreateStateMachineAliasOutput(stateMachineAliasArn: arn, creationDate: existing.creationDate)
        }
        guard aliases.values.filter({ $0.stateMachineArn == machine }).count < Self.aliasQuota else {
            throw StepFunctionsError(.serviceQuotaExceeded, "Maximum number of aliases (\(Self.aliasQuota)) reached for state machine '\(machine)'")
        }
        let now = clock.now()
        let record = StateMachineAliasRecord(
            arn: arn, stateMachineArn: machine, name: input.name, description: input.description,
            routingConfiguration: input.routingConfiguration, creationDate: now, updateDate: now)
        aliases[arn] = record
        try await persist([.saveStateMachineAlias(record)])
        return CreateStateMachineAliasOutput(stateMachineAliasArn: arn, creationDate: now)
    }

    public func describeStateMachineAlias(_ input: DescribeStateMachineAliasInput) async throws -> DescribeStateMachineAliasOutput {
        let record = try alias(input.stateMachineAliasArn)
        return DescribeStateMachineAliasOutput(
            stateMachineAliasArn: record.arn, name: record.name, description: record.description,
            routingConfiguration: record.routingConfiguration, creationDate: record.creationDate, updateDate: record.updateDate)
    }

    public func updateStateMachineAlias(_ input: UpdateStateMachineAliasInput) async throws -> UpdateStateMachineAliasOutput {
        try input.checkLimits()
        guard input.description != nil || input.routingConfiguration != nil else {
            throw StepFunctionsError(
                .validation, "Either the description or the routingConfiguration must be specified", reason: "MISSING_REQUIRED_PARAMETER")
        }
        var record = try alias(input.stateMachineAliasArn)
        if let routing = input.routingConfiguration {
            guard try routedMachine(routing) == record.stateMachineArn else {
                throw StepFunctionsError(
                    .validation, "Routing configuration must contain versions of the alias's state machine '\(record.stateMachineArn)'",
                    reason: "INVALID_ROUTING_CONFIGURATION")
            }
            record.routingConfiguration = routing
        }
        if let description = input.description { record.description = description }
        record.updateDate = clock.now()
        aliases[record.arn] = record
        try await persist([.saveStateMachineAlias(record)])
        return UpdateStateMachineAliasOutput(updateDate: record.updateDate)
    }

    /// Deleting an alias that does not exist succeeds, as on AWS.
    public func deleteStateMachineAlias(_ input: DeleteStateMachineAliasInput) async throws -> EmptyOutput {
        guard case .alias? = Qualifier(try ARN.parse(input.stateMachineAliasArn, expecting: [.stateMachine])) else {
            throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(input.stateMachineAliasArn)'")
        }
        if aliases.removeValue(forKey: input.stateMachineAliasArn) != nil {
            try await persist([.deleteStateMachineAlias(arn: input.stateMachineAliasArn)])
        }
        return EmptyOutput()
    }

    /// The aliases of a machine, or those routing to a version, newest first.
    public func listStateMachineAliases(_ input: ListStateMachineAliasesInput) async throws -> ListStateMachineAliasesOutput {
        let arn = input.stateMachineArn
        let matching: [StateMachineAliasRecord]
        switch Qualifier(try ARN.parse(arn, expecting: [.stateMachine])) {
        case nil:
            _ = try machine(arn)
            matching = aliases.values.filter { $0.stateMachineArn == arn }
        case .version:
            guard versions[arn] != nil else {
                throw StepFunctionsError(.resourceNotFound, "Request references a resource that does not exist.")
            }
            matching = aliases.values.filter { $0.routingConfiguration.contains { $0.stateMachineVersionArn == arn } }
        case .alias:
            throw StepFunctionsError(.invalidArn, "Invalid Arn: '\(arn)'")
        }
        let sorted = matching.sorted { ($0.creationDate, $0.name) > ($1.creationDate, $1.name) }
        let (page, next) = try Paging.page(sorted, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListStateMachineAliasesOutput(
            stateMachineAliases: page.map { StateMachineAliasListItem(stateMachineAliasArn: $0.arn, creationDate: $0.creationDate) },
            nextToken: next)
    }

    /// DescribeStateMachine of a version ARN: the version as it was published.
    func describe(version arn: String) throws(StepFunctionsError) -> DescribeStateMachineOutput {
        let record = try version(arn).record
        var output = DescribeStateMachineOutput(
            stateMachineArn: record.arn, name: ARN.parseName(record.stateMachineArn), status: .active, definition: record.definition,
            roleArn: record.roleArn, type: record.type, creationDate: record.creationDate, loggingConfiguration: record.loggingConfiguration,
            tracingConfiguration: record.tracingConfiguration, revisionId: record.revisionId)
        output.description = record.description
        return output
    }

    /// What DeleteStateMachine removes with the machine: its versions and aliases.
    func removeVersionsAndAliases(of machineArn: String) -> [StoreWrite] {
        let doomedVersions = versions.values.map(\.record).filter { $0.stateMachineArn == machineArn }.map(\.arn)
        let doomedAliases = aliases.values.filter { $0.stateMachineArn == machineArn }.map(\.arn)
        for arn in doomedVersions { versions.removeValue(forKey: arn) }
        for arn in doomedAliases { aliases.removeValue(forKey: arn) }
        return doomedAliases.sorted().map { .deleteStateMachineAlias(arn: $0) } + doomedVersions.sorted().map { .deleteStateMachineVersion(arn: $0) }
    }
}
