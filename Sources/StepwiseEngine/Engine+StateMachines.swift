import Foundation
import StatesLanguage
import StepFunctions
import StepwiseJSON

extension Engine {
    /// Parses and validates an ASL JSON definition, as CreateStateMachine does on AWS.
    static func compile(_ definition: String) throws(StepFunctionsError) -> (machine: StateMachine, graph: CompiledGraph) {
        let document: JSONValue
        do {
            document = try JSONParser.parse(definition)
        } catch {
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: \(error.message) at \(error.location)'")
        }
        let (machine, diagnostics) = Validator.validate(document: document)
        guard let machine, diagnostics.isEmpty else {
            let text = diagnostics.map { "\($0.code): \($0.message) at \($0.path.isEmpty ? "/" : $0.path)" }.joined(separator: ", ")
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: '\(text)'")
        }
        do {
            return (machine, try CompiledGraph(machine, inherited: .jsonPath))
        } catch {
            throw StepFunctionsError(.invalidDefinition, "Invalid State Machine Definition: '\(error.cause)'")
        }
    }

    public func createStateMachine(_ input: CreateStateMachineInput) async throws -> CreateStateMachineOutput {
        try ResourceName.validate(input.name)
        try input.checkLimits()
        try Self.checkPublishing(input.publish, versionDescription: input.versionDescription)
        guard !input.roleArn.isEmpty else {
            throw StepFunctionsError(.validation, "1 validation error detected: Value at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 1")
        }
        let definition = input.definition
        let (machine, graph) = try await threads.run { () throws(StepFunctionsError) in try Self.compile(definition) }
        let arn = ARN.stateMachine(region: configuration.region, account: configuration.account, name: input.name).description
        let type = input.type ?? .standard
        let logging = input.loggingConfiguration ?? LoggingConfiguration()
        let tracing = input.tracingConfiguration ?? TracingConfiguration()
        if let existing = machines[arn] {
            // Idempotent when definition, type, logging and tracing match, as on AWS; a different
            // role or tags are ignored (and not applied). With `publish`, the current revision
            // must have been published with the same description.
            let record = existing.record
            let published = versions.values.map(\.record).filter { $0.stateMachineArn == arn && $0.revisionId == record.revisionId }
                .max { $0.version < $1.version }
            guard record.definition == input.definition, record.type == type, record.loggingConfiguration == logging,
                record.tracingConfiguration == tracing, input.publish != true || published?.description == input.versionDescription
            else {
                throw StepFunctionsError(.stateMachineAlreadyExists, "State Machine Already Exists: '\(arn)'")
            }
            return CreateStateMachineOutput(
                stateMachineArn: arn, creationDate: record.creationDate, stateMachineVersionArn: input.publish == true ? published?.arn : nil)
        }
        let now = clock.now()
        let record = StateMachineRecord(
            arn: arn, name: input.name, definition: input.definition, roleArn: input.roleArn, type: type,
            creationDate: now, updateDate: now, revisionId: nil,
            loggingConfiguration: logging, tracingConfiguration: tracing, tags: input.tags ?? [])
        machines[arn] = Machine(record: record, graph: graph, timeoutSeconds: machine.timeoutSeconds)
        var writes: [StoreWrite] = [.saveStateMachine(record)]
        var version: StateMachineVersionRecord?
        if input.publish == true {
            let (published, publishing) = try publishCurrentRevision(of: arn, description: input.versionDescription)
            version = published
            writes += publishing
        }
        try await persist(writes)
        return CreateStateMachineOutput(stateMachineArn: arn, creationDate: now, stateMachineVersionArn: version?.arn)
    }

    func machine(_ arn: String) throws(StepFunctionsError) -> Machine {
        _ = try ARN.parse(arn, expecting: [.stateMachine])
        guard let machine = machines[arn] else {
            throw StepFunctionsError(.stateMachineDoesNotExist, "State Machine Does Not Exist: '\(arn)'")
        }
        return machine
    }

    /// A new revision when something changes (an update that changes nothing keeps the revision,
    /// as on AWS); with `publish`, the revision is published too (or its version returned).
    public func updateStateMachine(_ input: UpdateStateMachineInput) async throws -> UpdateStateMachineOutput {
        _ = try machine(input.stateMachineArn)
        try input.checkLimits()
        try Self.checkPublishing(input.publish, versionDescription: input.versionDescription)
        guard input.definition != nil || input.roleArn != nil || input.loggingConfiguration != nil || input.tracingConfiguration != nil else {
            throw StepFunctionsError(.missingRequiredParameter, "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified")
        }
        var compiled: (machine: StateMachine, graph: CompiledGraph)?
        if let definition = input.definition {
            compiled = try await threads.run { () throws(StepFunctionsError) in try Self.compile(definition) }
        }
        // Read again: the machine may have changed (or gone) while the definition compiled.
        var machine = try machine(input.stateMachineArn)
        let before = machine.record
        if let definition = input.definition, let (parsed, graph) = compiled {
            machine.graph = graph
            machine.timeoutSeconds = parsed.timeoutSeconds
            machine.record.definition = definition
        }
        if let roleArn = input.roleArn { machine.record.roleArn = roleArn }
        if let logging = input.loggingConfiguration { machine.record.loggingConfiguration = logging }
        if let tracing = input.tracingConfiguration { machine.record.tracingConfiguration = tracing }
        var writes: [StoreWrite] = []
        if machine.record != before {
            machine.record.updateDate = clock.now()
            machine.record.revisionId = UUID().uuidString.lowercased()
            machines[input.stateMachineArn] = machine
            writes.append(.saveStateMachine(machine.record))
        }
        var version: StateMachineVersionRecord?
        if input.publish == true {
            let (published, publishing) = try publishCurrentRevision(of: input.stateMachineArn, description: input.versionDescription)
            version = published
            writes += publishing
        }
        try await persist(writes)
        return UpdateStateMachineOutput(
            updateDate: machine.record.updateDate, revisionId: machine.record.revisionId, stateMachineVersionArn: version?.arn)
    }

    public func deleteStateMachine(_ input: DeleteStateMachineInput) async throws -> EmptyOutput {
        _ = try ARN.parse(input.stateMachineArn, expecting: [.stateMachine])
        // Running executions keep their compiled definition and finish normally. The machine's
        // versions and aliases go with it.
        if machines.removeValue(forKey: input.stateMachineArn) != nil {
            try await persist(removeVersionsAndAliases(of: input.stateMachineArn) + [.deleteStateMachine(arn: input.stateMachineArn)])
        }
        return EmptyOutput()
    }

    public func describeStateMachine(_ input: DescribeStateMachineInput) async throws -> DescribeStateMachineOutput {
        if case .version? = Qualifier(try ARN.parse(input.stateMachineArn, expecting: [.stateMachine])) {
            return try describe(version: input.stateMachineArn)
        }
        let record = try machine(input.stateMachineArn).record
        return DescribeStateMachineOutput(
            stateMachineArn: record.arn, name: record.name, status: .active, definition: record.definition, roleArn: record.roleArn,
            type: record.type, creationDate: record.creationDate, loggingConfiguration: record.loggingConfiguration,
            tracingConfiguration: record.tracingConfiguration, revisionId: record.revisionId)
    }

    /// The definition an execution runs (the revision or version it started with); for a
    /// child workflow execution of a Map Run, its parent's, with the Map Run and label.
    public func describeStateMachineForExecution(_ input: DescribeStateMachineForExecutionInput) async throws -> DescribeStateMachineForExecutionOutput {
        let child = try await mapRunChild(input.executionArn)
        let record = try await record(of: child?.parentArn ?? input.executionArn)
        let machine = machines[record.stateMachineArn]?.record
        var output = DescribeStateMachineForExecutionOutput(
            stateMachineArn: record.stateMachineArn, name: machine?.name ?? ARN.parseName(record.stateMachineArn),
            definition: record.definition, roleArn: record.roleArn, updateDate: machine?.updateDate ?? record.startDate,
            loggingConfiguration: machine?.loggingConfiguration ?? LoggingConfiguration(),
            tracingConfiguration: machine?.tracingConfiguration ?? TracingConfiguration(), revisionId: record.revisionId)
        output.mapRunArn = child?.record.mapRunArn
        output.label = child.map { MapRunRegistry.label(ofMapRun: $0.record.mapRunArn) }
        return output
    }

    public func listStateMachines(_ input: ListStateMachinesInput) async throws -> ListStateMachinesOutput {
        let sorted = machines.values.map(\.record).sorted { ($0.creationDate, $0.name) < ($1.creationDate, $1.name) }
        let (page, next) = try Paging.page(sorted, maxResults: input.maxResults, nextToken: input.nextToken)
        return ListStateMachinesOutput(
            stateMachines: page.map { StateMachineListItem(stateMachineArn: $0.arn, name: $0.name, type: $0.type, creationDate: $0.creationDate) },
            nextToken: next)
    }

    public func validateStateMachineDefinition(_ input: ValidateStateMachineDefinitionInput) async throws -> ValidateStateMachineDefinitionOutput {
        let definition = input.definition
        let diagnostics = await threads.run { () -> [Diagnostic] in
            do throws(JSONParseError) {
                return Validator.check(document: try JSONParser.parse(definition)).diagnostics
            } catch {
                return [Diagnostic(code: "INVALID_JSON_DESCRIPTION", path: "", message: error.description)]
            }
        }
        let limit = input.maxResults.map { $0 == 0 ? 100 : $0 } ?? 100
        let shown = diagnostics.prefix(limit).map {
            ValidateStateMachineDefinitionDiagnostic(
                severity: $0.severity == .error ? "ERROR" : "WARNING", code: $0.code, message: $0.message, location: $0.path.isEmpty ? nil : $0.path)
        }
        return ValidateStateMachineDefinitionOutput(
            result: diagnostics.contains { $0.severity == .error } ? "FAIL" : "OK", diagnostics: Array(shown), truncated: diagnostics.count > limit)
    }

    // MARK: - Tags

    public func tagResource(_ input: TagResourceInput) async throws -> EmptyOutput {
        try input.checkLimits()
        try await updateTags(input.resourceArn) { tags in
            for tag in input.tags {
                tags.removeAll { $0.key == tag.key }
                tags.append(tag)
            }
        }
        return EmptyOutput()
    }

    public func untagResource(_ input: UntagResourceInput) async throws -> EmptyOutput {
        try input.checkLimits()
        try await updateTags(input.resourceArn) { tags in tags.removeAll { input.tagKeys.contains($0.key ?? "") } }
        return EmptyOutput()
    }

    public func listTagsForResource(_ input: ListTagsForResourceInput) async throws -> ListTagsForResourceOutput {
        let arn = try ARN.parse(input.resourceArn, expecting: [.stateMachine, .activity])
        switch arn.resourceType {
        case .activity: return ListTagsForResourceOutput(tags: try activity(input.resourceArn).tags)
        default: return ListTagsForResourceOutput(tags: try machine(input.resourceArn).record.tags)
        }
    }

    private func updateTags(_ resourceArn: String, _ change: (inout [Tag]) -> Void) async throws(StepFunctionsError) {
        let arn = try ARN.parse(resourceArn, expecting: [.stateMachine, .activity])
        if arn.resourceType == .activity {
            var record = try activity(resourceArn)
            change(&record.tags)
            activities[resourceArn] = record
            try await persist([.saveActivity(record)])
        } else {
            var machine = try machine(resourceArn)
            change(&machine.record.tags)
            machines[resourceArn] = machine
            try await persist([.saveStateMachine(machine.record)])
        }
    }
}
