import StepwiseJSON

extension SugaredEDN {
    /// EDN data as JSON, converted exactly as payload templates are (keywords become strings
    /// with their full name, `#inst` and `#uuid` become strings); values without a JSON form
    /// are reported as diagnostics.
    public static func jsonData(from value: EDNValue, positions: EDNPositions? = nil) throws(DefinitionError) -> JSONValue {
        var desugarer = Desugarer(file: nil)
        let json = desugarer.data(value, positions, at: SourceMap.root)
        guard desugarer.diagnostics.isEmpty, let json else { throw DefinitionError(desugarer.diagnostics) }
        return json
    }

    /// JSON data as EDN, as the sugar prints it: object keys become keywords when they read
    /// back unchanged, other keys stay strings.
    public static func ednData(from value: JSONValue) -> EDNValue {
        Resugarer().data(value)
    }
}
