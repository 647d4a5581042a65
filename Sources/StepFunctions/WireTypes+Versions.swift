import Foundation

// Versions and aliases: request and response shapes as the API reference gives them.

// MARK: - Versions

public struct PublishStateMachineVersionInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    /// Publish only if the machine's current revision is this one (`INITIAL` for a machine
    /// never updated).
    public var revisionId: String?
    public var description: String?
    public init(stateMachineArn: String, revisionId: String? = nil, description: String? = nil) {
        self.stateMachineArn = stateMachineArn
        self.revisionId = revisionId
        self.description = description
    }
}

public struct PublishStateMachineVersionOutput: Codable, Sendable, Hashable {
    public var creationDate: Date
    public var stateMachineVersionArn: String
    public init(creationDate: Date, stateMachineVersionArn: String) {
        self.creationDate = creationDate
        self.stateMachineVersionArn = stateMachineVersionArn
    }
}

public struct ListStateMachineVersionsInput: Codable, Sendable, Hashable {
    public var stateMachineArn: String
    public var nextToken: String?
    public var maxResults: Int?
    public init(stateMachineArn: String, nextToken: String? = nil, maxResults: Int? = nil) {
        self.stateMachineArn = stateMachineArn
        self.nextToken = nextToken
        self.maxResults = maxResults
    }
}

public struct StateMachineVersionListItem: Codable, Sendable, Hashable {
    public var stateMachineVersionArn: String
    public var creationDate: Date
    public init(stateMachineVersionArn: String, creationDate: Date) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.creationDate = creationDate
    }
}

public struct ListStateMachineVersionsOutput: Codable, Sendable, Hashable {
    public var stateMachineVersions: [StateMachineVersionListItem]
    public var nextToken: String?
    public init(stateMachineVersions: [StateMachineVersionListItem], nextToken: String?) {
        self.stateMachineVersions = stateMachineVersions
        self.nextToken = nextToken
    }
}

public struct DeleteStateMachineVersionInput: Codable, Sendable, Hashable {
    public var stateMachineVersionArn: String
    public init(stateMachineVersionArn: String) { self.stateMachineVersionArn = stateMachineVersionArn }
}

// MARK: - Aliases

/// One version an alias routes to, with the percentage of executions it gets.
public struct RoutingConfigurationListItem: Codable, Sendable, Hashable {
    public var stateMachineVersionArn: String
    public var weight: Int
    public init(stateMachineVersionArn: String, weight: Int) {
        self.stateMachineVersionArn = stateMachineVersionArn
        self.weight = weight
    }
}

public struct CreateStateMachineAliasInput: Codable, Sendable, Hashable {
    public var description: String?
    public var name: String
    public var routingConfiguration: [RoutingConfigurationListItem]
    public init(name: String, routingConfiguration: [RoutingConfigurationListItem], description: String? = nil) {
        self.name = name
        self.routingConfiguration = routingConfiguration
        self.description = description
    }
}

public struct CreateStateMachineAliasOutput: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String
    public var creationDate: Date
    public init(stateMachineAliasArn: String, creationDate: Date) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.creationDate = creationDate
    }
}

public struct DescribeStateMachineAliasInput: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String
    public init(stateMachineAliasArn: String) { self.stateMachineAliasArn = stateMachineAliasArn }
}

public struct DescribeStateMachineAliasOutput: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String?
    public var name: String?
    public var description: String?
    public var routingConfiguration: [RoutingConfigurationListItem]?
    public var creationDate: Date?
    public var updateDate: Date?
    public init(
        stateMachineAliasArn: String, name: String, description: String?, routingConfiguration: [RoutingConfigurationListItem],
        creationDate: Date, updateDate: Date
    ) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.name = name
        self.description = description
        self.routingConfiguration = routingConfiguration
        self.creationDate = creationDate
        self.updateDate = updateDate
    }
}

public struct UpdateStateMachineAliasInput: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String
    public var description: String?
    public var routingConfiguration: [RoutingConfigurationListItem]?
    public init(stateMachineAliasArn: String, description: String? = nil, routingConfiguration: [RoutingConfigurationListItem]? = nil) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.description = description
        self.routingConfiguration = routingConfiguration
    }
}

public struct UpdateStateMachineAliasOutput: Codable, Sendable, Hashable {
    public var updateDate: Date
    public init(updateDate: Date) { self.updateDate = updateDate }
}

public struct DeleteStateMachineAliasInput: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String
    public init(stateMachineAliasArn: String) { self.stateMachineAliasArn = stateMachineAliasArn }
}

public struct ListStateMachineAliasesInput: Codable, Sendable, Hashable {
    /// A state machine ARN, or a version ARN for the aliases that route to that version.
    public var stateMachineArn: String
    public var nextToken: String?
    public var maxResults: Int?
    public init(stateMachineArn: String, nextToken: String? = nil, maxResults: Int? = nil) {
        self.stateMachineArn = stateMachineArn
        self.nextToken = nextToken
        self.maxResults = maxResults
    }
}

public struct StateMachineAliasListItem: Codable, Sendable, Hashable {
    public var stateMachineAliasArn: String
    public var creationDate: Date
    public init(stateMachineAliasArn: String, creationDate: Date) {
        self.stateMachineAliasArn = stateMachineAliasArn
        self.creationDate = creationDate
    }
}

public struct ListStateMachineAliasesOutput: Codable, Sendable, Hashable {
    public var stateMachineAliases: [StateMachineAliasListItem]
    public var nextToken: String?
    public init(stateMachineAliases: [StateMachineAliasListItem], nextToken: String?) {
        self.stateMachineAliases = stateMachineAliases
        self.nextToken = nextToken
    }
}
