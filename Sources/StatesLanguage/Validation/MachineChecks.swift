/// The fields of a (sub)machine itself: `Version`, `TimeoutSeconds`, and what nested machines
/// may not declare.
extension ValidationRun {
    mutating func checkMachineFields(_ scope: MachineScope) {
        let machine = scope.machine
        if scope.isNested {
            // A nested machine inherits these from the top level; AWS rejects QueryLanguage on
            // an item processor, and the others would be silently meaningless.
            if machine.queryLanguage != nil {
                report(.fieldNotAllowed, scope.path + "/QueryLanguage",
                       "\(scope.description) cannot set QueryLanguage; its states inherit the top-level QueryLanguage, so set QueryLanguage on the individual states instead")
            }
            if machine.version != nil {
                report(.fieldNotAllowed, scope.path + "/Version", "\(scope.description) cannot set Version; only the top-level state machine has one")
            }
            if machine.timeoutSeconds != nil {
                report(.fieldNotAllowed, scope.path + "/TimeoutSeconds",
                       "\(scope.description) cannot set TimeoutSeconds; only the top-level state machine has one (set TimeoutSeconds on Task states, or on the execution)")
            }
        } else {
            if let version = machine.version, version != "1.0" {
                report(.invalidValue, "/Version", "Version is \"\(version)\"; the only States Language version is \"1.0\"")
            }
            if let timeout = machine.timeoutSeconds {
                checkRange(timeout, 1...maxSeconds, at: "/TimeoutSeconds", what: "TimeoutSeconds of the state machine")
            }
        }
        if machine.processorConfig != nil, !scope.isItemProcessor {
            report(.fieldNotAllowed, scope.path + "/ProcessorConfig", "\(scope.description) cannot have ProcessorConfig; only a Map state's ItemProcessor has one")
        }
    }
}
