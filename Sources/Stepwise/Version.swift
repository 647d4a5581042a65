extension Stepwise {
    /// This release of Stepwise, as `stepwise --version` and `stepwise-repl --version` print it.
    public static let version = "0.1.0"
}
