import StepwiseHandlerABI

/// DynamoDB PutItem's request, as the `save` state's Parameters resolve it.
struct PutItem: Codable, Sendable {
    var tableName: String
    var item: [String: [String: String]]

    enum CodingKeys: String, CodingKey {
        case tableName = "TableName"
        case item = "Item"
    }
}

/// PutItem answers with an empty object unless asked for the old item.
struct PutItemResponse: Codable, Sendable {}

/// Stands in for the orders table: accepts any item with an `id`.
@Sendable func putItem(_ request: PutItem) async throws -> PutItemResponse {
    guard request.item["id"]?["S"] != nil else {
        throw HandlerError("DynamoDB.AmazonDynamoDBException", cause: "One or more parameter values were invalid: Missing the key id in the item")
    }
    return PutItemResponse()
}

/// SQS SendMessage's request: the message for the warehouse carries the task token, which
/// the warehouse sends back with SendTaskSuccess once the order is picked.
struct SendMessage: Codable, Sendable {
    struct Body: Codable, Sendable {
        var order: String
        var token: String
    }

    var queueUrl: String
    var messageBody: Body

    enum CodingKeys: String, CodingKey {
        case queueUrl = "QueueUrl"
        case messageBody = "MessageBody"
    }
}

/// SendMessage and Publish answer with the new message's id.
struct MessageSent: Codable, Sendable {
    var messageId: String

    enum CodingKeys: String, CodingKey {
        case messageId = "MessageId"
    }
}

/// Stands in for the warehouse queue. Nothing answers the callback here: the shell does
/// (`:tasks` shows the token, `:succeed TOKEN {:picked true}` answers it).
@Sendable func sendMessage(_ message: SendMessage) async throws -> MessageSent {
    MessageSent(messageId: "warehouse-\(message.messageBody.order)")
}

/// SNS Publish's request: the customer's notification.
struct Publish: Codable, Sendable {
    struct Notification: Codable, Sendable {
        var order: String
        var status: String
        var tracking: String
    }

    var topicArn: String
    var message: Notification

    enum CodingKeys: String, CodingKey {
        case topicArn = "TopicArn"
        case message = "Message"
    }
}

/// Stands in for the order-updates topic.
@Sendable func publish(_ request: Publish) async throws -> MessageSent {
    MessageSent(messageId: "\(request.message.status.lowercased())-\(request.message.order)")
}
