import Foundation
import StepwiseJSON

/// A `${Name}` placeholder in a string: what deploy tools fill in (SAM and CloudFormation
/// `DefinitionSubstitutions`, Terraform `templatefile`, the CDK).
public struct TemplatePlaceholder: Sendable, Hashable {
    /// The name between the braces, without surrounding blanks (`${ Fn }` names `Fn`).
    public var name: String
    /// Where `${…}` stands in the string, braces included.
    public var range: Range<String.Index>
}

/// Reads `${Name}` placeholders. A name is any text up to the closing brace without braces,
/// quotes or line breaks — CloudFormation's names (`Fn`, `AWS::Region`) and Terraform's
/// expressions (`var.arn`) alike. `${!Literal}` (CloudFormation) and `$${…}` (Terraform) are
/// their tools' escapes for literal text, and `${}` is no placeholder (`States.Format` text).
public enum TemplatePlaceholders {
    /// The placeholders of `text`, in order.
    public static func scan(_ text: String) -> [TemplatePlaceholder] {
        // Most strings hold no `${`: answer those without building anything, with one memchr
        // (YAML aliases can repeat a long key thousands of times).
        let mayHold = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { memchr($0, Int32(UInt8(ascii: "{")), bytes.count) != nil } ?? false
        } ?? text.utf8.contains(UInt8(ascii: "{"))
        guard mayHold else { return [] }
        var found: [TemplatePlaceholder] = []
        var i = text.startIndex
        var previous: Character?
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            guard c == "$", previous != "$", next < text.endIndex, text[next] == "{" else {
                previous = c
                i = next
                continue
            }
            let nameStart = text.index(after: next)
            guard let close = text[nameStart...].firstIndex(where: { $0 == "}" || isExcluded($0) }), text[close] == "}" else {
                previous = c
                i = next
                continue
            }
            let name = text[nameStart..<close].trimmingBlanks
            if !name.isEmpty, !name.hasPrefix("!") {
                found.append(TemplatePlaceholder(name: String(name), range: i..<text.index(after: close)))
            }
            previous = "}"
            i = text.index(after: close)
        }
        return found
    }

    /// Whether `text` holds a placeholder.
    public static func contains(_ text: String) -> Bool { !scan(text).isEmpty }

    /// The name when `text` is exactly one placeholder (`"${Timeout}"`), else nil.
    public static func whole(_ text: String) -> String? {
        let found = scan(text)
        guard found.count == 1, found[0].range == text.startIndex..<text.endIndex else { return nil }
        return found[0].name
    }

    /// The distinct placeholder names of a document's strings and keys, in document order, with
    /// the JSON pointer of the first value holding one (nil when there is none).
    public static func names(in document: JSONValue) -> (names: [String], firstPointer: String?) {
        var names: [String] = []
        var seen = Set<String>()
        var first: String?
        // Depth first with an explicit stack (documents built in code may nest arbitrarily); a
        // member's key is read when the member is, to keep document order.
        var stack: [(value: JSONValue, trail: PointerTrail, key: String?)] = [(document, .start(""), nil)]
        while let (value, trail, key) = stack.popLast() {
            var texts: [String] = key.map { [$0] } ?? []
            switch value {
            case .string(let text):
                texts.append(text)
            case .object(let object):
                for (key, member) in object.reversed() { stack.append((member, .member(trail, key), key)) }
            case .array(let items):
                for (index, item) in items.enumerated().reversed() { stack.append((item, .element(trail, index), nil)) }
            case .null, .bool, .number:
                break
            }
            for text in texts {
                let found = scan(text)
                guard !found.isEmpty else { continue }
                if first == nil { first = trail.pointer }
                for placeholder in found where seen.insert(placeholder.name).inserted { names.append(placeholder.name) }
            }
        }
        return (names, first)
    }

    private static func isExcluded(_ c: Character) -> Bool {
        c == "{" || c == "\"" || c == "'" || c.isNewline
    }
}

extension Substring {
    var trimmingBlanks: Substring {
        var result = self
        while result.first == " " || result.first == "\t" { result.removeFirst() }
        while result.last == " " || result.last == "\t" { result.removeLast() }
        return result
    }
}

extension TemplatePlaceholders {
    /// Whether the value at `pointer` is a placeholder's doing: a string holding one, or a value
    /// under a key holding one.
    static func isPlaceholder(at pointer: String, in document: JSONValue) -> Bool {
        var node = document
        for token in jsonPointerTokens(pointer) {
            switch node {
            case .object(let object):
                if contains(token) { return true }
                guard let member = object[token] else { return false }
                node = member
            case .array(let items):
                guard let index = Int(token), items.indices.contains(index) else { return false }
                node = items[index]
            case .null, .bool, .number, .string:
                return false
            }
        }
        return node.stringValue.map(contains) ?? false
    }
}
