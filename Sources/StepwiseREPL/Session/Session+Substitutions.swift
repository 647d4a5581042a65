import Foundation
import StatesLanguage
import Stepwise

extension Session {
    /// The file names beside a definition `NAME.EXT` that give its placeholders values.
    static let substitutionsSuffixes = [".substitutions.json", ".substitutions.yaml", ".substitutions.yml"]

    /// `:subst [NAME=VALUE]` — a value for `${NAME}` in every definition, over the values of
    /// substitutions files; the machines are read again. Without an argument, the values and
    /// the placeholders still unfilled.
    func substitute(_ assignment: String?) throws -> CommandResult {
        guard let assignment else { return showSubstitutions() }
        do {
            try substitutions.add(assignment: assignment)
        } catch {
            throw InputError("\(error.message) — usage: :subst NAME=VALUE")
        }
        var ok = true
        for entry in machines.values.sorted(by: { $0.name < $1.name }) { ok = loadDefinition(entry.file) && ok }
        return ok ? .succeeded : .failed
    }

    func showSubstitutions() -> CommandResult {
        var lines = substitutions.values.map { "  ${\($0.key)} = \($0.value)" }
        if lines.isEmpty { lines.append("no values given with :subst") }
        for entry in machines.values.sorted(by: { $0.name < $1.name }) {
            if let file = Self.substitutionsFile(beside: entry.file) { lines.append("\(entry.name): values from \(Self.display(file))") }
            if let unfilled = entry.definition?.unfilledPlaceholders { lines.append("\(entry.name): \(unfilled.message)") }
        }
        say(lines)
        return .succeeded
    }

    /// The substitutions file beside a definition file (`orders.edn` → `orders.substitutions.json`,
    /// `.yaml` or `.yml`), if there is one.
    static func substitutionsFile(beside definition: String) -> String? {
        let base = (definition as NSString).deletingPathExtension
        return substitutionsSuffixes.map { base + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Whether `path` is (or was) the substitutions file beside `definition`.
    static func isSubstitutionsFile(_ path: String, of definition: String) -> Bool {
        let base = (definition as NSString).deletingPathExtension
        return substitutionsSuffixes.contains { base + $0 == path }
    }

    /// How to fill in the placeholders of machine `name`.
    static func substitutionAdvice(for name: String) -> String {
        "give values with :subst NAME=VALUE, or in \(name).substitutions.json (or .yaml) beside the definition"
    }

    /// How a definition file is read: its substitutions file's values, then `:subst`'s over them;
    /// placeholders left unfilled are a warning (`:run` refuses them).
    func loadOptions(for definition: String) throws(DefinitionError) -> LoadOptions {
        var values = DefinitionSubstitutions()
        if let file = Self.substitutionsFile(beside: definition) {
            do {
                values = try DefinitionSubstitutions.load(contentsOf: file)
            } catch {
                // The message names the file.
                throw DefinitionError([Diagnostic(code: "INVALID_SUBSTITUTIONS", path: "", message: error.message)])
            }
        }
        return LoadOptions(substitutions: values.merging(substitutions), placeholders: .warn)
    }
}

extension Definition {
    /// The warning that names the template placeholders left without a value, if any are.
    var unfilledPlaceholders: Diagnostic? { loaded.warnings.first { $0.code == "UNFILLED_PLACEHOLDER" } }
}
