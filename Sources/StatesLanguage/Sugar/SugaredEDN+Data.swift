import StepwiseJSON

extension SugaredEDN {
    /// EDN data as JSON, converted exactly as payload templates are (keywords become strings
    /// with their full name, `#inst` and `#uuid` become strings); values without a JSON form
    /// are reported as diagnostics.
    public static func jsonData(from value: EDNValue, positions: EDNPositions? = nil) throws(DefinitionError) -> JSONValue {
        try converted(value, positions, file: nil).value
    }

    /// EDN data text as JSON, with where each value came from: data files written in EDN (a
    /// `stepwise test` file) are read like their JSON and YAML forms. A syntax error or a
    /// value without a JSON form is a diagnostic.
    public static func jsonData(text: String, file: String? = nil) throws(DefinitionError) -> (value: JSONValue, sourceMap: SourceMap) {
        let value: EDNValue
        let positions: EDNPositions
        do {
            (value, positions) = try EDNReader.readWithPositions(text)
        } catch {
            throw DefinitionError([Diagnostic(code: "EDN_SYNTAX", path: "", message: error.message, file: file, location: error.location)])
        }
        return try converted(value, positions, file: file)
    }

    private static func converted(_ value: EDNValue, _ positions: EDNPositions?, file: String?) throws(DefinitionError) -> (value: JSONValue, sourceMap: SourceMap) {
        var desugarer = Desugarer(file: file)
        let json = desugarer.data(value, positions, at: SourceMap.root)
        guard desugarer.diagnostics.isEmpty, let json else { throw DefinitionError(desugarer.diagnostics) }
        return (json, desugarer.sourceMap)
    }

    /// JSON data as EDN, as the sugar prints it: object keys become keywords when they read
    /// back unchanged, other keys stay strings.
    public static func ednData(from value: JSONValue) -> EDNValue {
        Resugarer().data(value)
    }
}
