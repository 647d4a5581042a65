/// The operator keywords of sugared Choice conditions and the ASL comparison operators they
/// stand for. `:<=` infers the type from the value; `:numeric<=` names it (needed for
/// `{:path …}` operands); `:present?` and friends are the `Is…` tests.
enum ComparisonSugar {
    typealias Kind = ComparisonOperator.Kind
    typealias Relation = ComparisonOperator.Relation

    static let relations: [(symbol: String, relation: Relation)] = [
        ("=", .equals), ("<", .lessThan), ("<=", .lessThanEquals), (">", .greaterThan), (">=", .greaterThanEquals),
    ]

    static let kinds: [(prefix: String, kind: Kind)] = [
        ("string", .string), ("numeric", .numeric), ("boolean", .boolean), ("timestamp", .timestamp),
    ]

    static let tests: [(keyword: String, op: ComparisonOperator)] = [
        ("present?", .isPresent), ("null?", .isNull), ("string?", .isString), ("numeric?", .isNumeric),
        ("boolean?", .isBoolean), ("timestamp?", .isTimestamp),
    ]

    static let matches = "matches"

    static func test(named keyword: String) -> ComparisonOperator? {
        tests.first { $0.keyword == keyword }?.op
    }

    static func testKeyword(for op: ComparisonOperator) -> String? {
        tests.first { $0.op == op }?.keyword
    }

    /// `numeric<=` → (.numeric, .lessThanEquals); `<=` → (nil, .lessThanEquals).
    static func parse(_ op: String) -> (kind: Kind?, relation: Relation)? {
        for (symbol, relation) in relations {
            if op == symbol { return (nil, relation) }
            for (prefix, kind) in kinds where op == prefix + symbol { return (kind, relation) }
        }
        return nil
    }

    /// The keyword name of a comparison: `=` when the type is inferred, `numeric=` when named.
    static func keyword(kind: Kind?, relation: Relation) -> String? {
        guard let symbol = relations.first(where: { $0.relation == relation })?.symbol else { return nil }
        guard let kind else { return symbol }
        return kinds.first { $0.kind == kind }.map { $0.prefix + symbol }
    }

    static func symbol(of relation: Relation) -> String {
        relations.first { $0.relation == relation }?.symbol ?? relation.rawValue
    }

    /// Every operator keyword, for messages.
    static let operatorList: String = {
        var names = ["and", "or", "not"] + relations.map(\.symbol)
        for (prefix, _) in kinds { names += relations.map { prefix + $0.symbol } }
        names += [matches] + tests.map(\.keyword)
        return names.map { ":" + $0 }.joined(separator: " ")
    }()
}
