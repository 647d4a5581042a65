import Foundation
import StepwiseJSON
import Testing
@testable import StatesLanguage

@Suite struct EDNReaderTests {
    func read(_ text: String) throws -> EDNValue { try EDNReader.read(text) }

    func keyword(_ text: String) throws -> EDNValue { try #require(EDNValue.keyword(text)) }

    func symbol(_ text: String) throws -> EDNValue { .symbol(try #require(EDNName.symbol(text))) }

    @Test func scalars() throws {
        #expect(try read("nil") == .null)
        #expect(try read("true") == .bool(true))
        #expect(try read("false") == .bool(false))
        #expect(try read("truex") == (try symbol("truex")))
        #expect(try read("nil?") == (try symbol("nil?")))
    }

    @Test func stringsWithEscapes() throws {
        #expect(try read(#""a\"b\\c\nd\te\rf\bg\fh""#) == .string("a\"b\\c\nd\te\rf\u{08}g\u{0C}h"))
        #expect(try read(#""\u00e9\u20AC""#) == .string("é€"))
        #expect(try read(#""\ud83d\ude00""#) == .string("😀"))
        #expect(try read("\"spans\nlines\"") == .string("spans\nlines"))
        #expect(try read("\"😀 raw\"") == .string("😀 raw"))
    }

    @Test(arguments: [
        (#"\a"#, "a"), (#"\newline"#, "\n"), (#"\space"#, " "), (#"\tab"#, "\t"), (#"\return"#, "\r"),
        (#"\formfeed"#, "\u{0C}"), (#"\backspace"#, "\u{08}"), (#"\u0041"#, "A"), (#"\u00E9"#, "é"),
        (#"\("#, "("), (#"\\"#, "\\"), (#"\""#, "\""), (#"\,"#, ","), (#"\n"#, "n"), (#"\u"#, "u"), (#"\é"#, "é"),
    ] as [(String, Character)])
    func characters(text: String, expected: Character) throws {
        #expect(try read(text) == .character(expected))
        #expect(try read(EDNPrinter.compact(.character(expected))) == .character(expected))
    }

    @Test func charactersEndAtDelimiters() throws {
        #expect(try read(#"[\a\b \c]"#) == .vector([.character("a"), .character("b"), .character("c")]))
        #expect(try read(#"(\))"#) == .list([.character(")")]))
    }

    @Test func integersKeepTheirLiteral() throws {
        for text in ["0", "42", "-7", "+1", "-0", "123456789012345678901234567890", "9223372036854775808", "12N", "-99N"] {
            let value = try read(text)
            guard case .integer(let int) = value else {
                Issue.record("\(text) read as \(value)")
                continue
            }
            #expect(int.literal == text)
            #expect(EDNPrinter.compact(value) == text)
        }
        #expect(try read("-0") == read("0"))
        #expect(try read("+1") == read("1"))
        #expect(try read("1N") == read("1"))
        #expect(EDNInteger(literal: "+1")?.jsonLiteral == "1")
        #expect(EDNInteger(literal: "12N")?.intValue == 12)
        #expect(EDNInteger(literal: "123456789012345678901234567890")?.intValue == nil)
    }

    @Test func floatsKeepTheirLiteral() throws {
        for text in ["1.5", "1.5M", "1M", "-0.0", "+2.25", "1e10", "1E-5", "6.02e+23", "1.50", "0.1e1M"] {
            let value = try read(text)
            guard case .float(let float) = value else {
                Issue.record("\(text) read as \(value)")
                continue
            }
            #expect(float.literal == text)
            #expect(EDNPrinter.compact(value) == text)
        }
        #expect(try read("1.5M") != read("1.5"))
        #expect(try read("1.50M") == read("1.5M"))
        #expect(try read("1.0") != read("1"))
        #expect(EDNFloat(literal: "1.5M")?.jsonLiteral == "1.5")
        #expect(EDNFloat(literal: "+1e3")?.jsonLiteral == "1e3")
        #expect(EDNFloat(literal: "1") == nil)
    }

    @Test func keywordsAndSymbols() throws {
        #expect(try read(":a") == .keyword(EDNName(name: "a")))
        #expect(try read(":my.app/oops") == .keyword(EDNName(namespace: "my.app", name: "oops")))
        #expect(try read(":sum.$") == .keyword(EDNName(name: "sum.$")))
        #expect(try read(":<=") == .keyword(EDNName(name: "<=")))
        #expect(try read(":present?") == .keyword(EDNName(name: "present?")))
        for text in ["foo", "a.b", "*earmuffs*", "swap!", "+", "-", ".", "/", "->x", "ns/name", "a#b", "a'b", "a:b", "<=>", "$x", "%&", "café", "λ"] {
            #expect(try read(text) == (try symbol(text)), "\(text)")
            #expect(EDNPrinter.compact(try read(text)) == text)
        }
        #expect(try read("ns/name") == .symbol(EDNName(namespace: "ns", name: "name")))
        #expect(try read("-a") == .symbol(EDNName(name: "-a")))
    }

    @Test func collections() throws {
        #expect(try read("(1 :a \"s\")") == .list([.integer(1), try keyword("a"), .string("s")]))
        #expect(try read("[1, 2 ,3]") == .vector([.integer(1), .integer(2), .integer(3)]))
        #expect(try read("[]") == .vector([]))
        let map = try read(#"{:a 1, "b" [2], [3] {nil true}}"#)
        guard case .map(let entries) = map else { throw ReadFailure("not a map: \(map)") }
        #expect(entries.keys.map(\.typeName) == ["keyword", "string", "vector"])
        #expect(entries[.vector([.integer(3)])] == .map([.null: .bool(true)]))
        #expect(try read("#{1 :a [2]}") == .set([.integer(1), try keyword("a"), .vector([.integer(2)])]))
        // Order is kept for display but ignored by equality.
        #expect(try read("{:a 1 :b 2}") == read("{:b 2 :a 1}"))
        #expect(try read("#{1 2}") == read("#{2 1}"))
        #expect(EDNPrinter.compact(try read("{:z 1 :a 2}")) == "{:z 1 :a 2}")
        #expect(try read("(1 2)") == read("[1 2]"))
    }

    @Test func taggedElements() throws {
        let instant = try read(#"#inst "1985-04-12T23:20:50.52Z""#)
        #expect(instant == .instant(try #require(EDNInstant("1985-04-12T23:20:50.52Z"))))
        #expect(try read(#"#inst "1985-04-12T23:20:50.520Z""#) == instant)
        #expect(try read(#"#inst "1985-04-13T01:20:50.52+02:00""#) == instant)
        #expect(try read(#"#inst "1985-04-12T23:20:51Z""#) != instant)
        #expect(try read(#"#inst "2024""#) == read(#"#inst "2024-01-01T00:00:00Z""#))
        #expect(EDNInstant("2023-02-29T00:00:00Z") == nil)
        #expect(EDNInstant("2024-02-29T00:00:00Z") != nil)
        let uuid = try read(#"#uuid "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6""#)
        #expect(EDNPrinter.compact(uuid) == #"#uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6""#)
        #expect(try read(#"#myapp/Person {:first "Fred"}"#) == .tagged(EDNName(namespace: "myapp", name: "Person"), .map([try keyword("first"): .string("Fred")])))
        #expect(try read("#a #b 1") == .tagged(EDNName(name: "a"), .tagged(EDNName(name: "b"), .integer(1))))
        #expect(try read("#tag ;comment\n #_ skipped 1") == .tagged(EDNName(name: "tag"), .integer(1)))
    }

    @Test func commentsDiscardsAndWhitespace() throws {
        #expect(try read("; leading\n[a b #_foo 42] ; trailing without newline") == .vector([try symbol("a"), try symbol("b"), .integer(42)]))
        #expect(try read("[1 #_ #_ 2 3 4]") == .vector([.integer(1), .integer(4)]))
        #expect(try read("[1 #_[2 #_3 (4)] 5]") == .vector([.integer(1), .integer(5)]))
        #expect(try read("#_ {:a 1} :kept") == (try keyword("kept")))
        #expect(try read(":kept #_ :gone") == (try keyword("kept")))
        #expect(try read("{:a #_:b 1}") == .map([try keyword("a"): .integer(1)]))
        #expect(try read(",,, 1 ,,,") == .integer(1))
        #expect(try read("1 ;") == .integer(1))
        #expect(try read("\t\r\n1\u{0C}") == .integer(1))
    }

    @Test func positionsFollowTheValueShape() throws {
        let text = """
        {:a 1
         :b [x
             "y"]}
        """
        let (_, positions) = try EDNReader.readWithPositions(text)
        #expect(positions.location == SourceLocation(line: 1, column: 1))
        #expect(positions.entry(0).key?.location == SourceLocation(line: 1, column: 2))
        #expect(positions.entry(0).value?.location == SourceLocation(line: 1, column: 5))
        #expect(positions.entry(1).key?.location == SourceLocation(line: 2, column: 2))
        let vector = try #require(positions.entry(1).value)
        #expect(vector.location == SourceLocation(line: 2, column: 5))
        #expect(vector.children.map(\.location) == [SourceLocation(line: 2, column: 6), SourceLocation(line: 3, column: 6)])
    }

    @Test(arguments: [
        ("", "1:1"), ("   ", "1:4"), ("[1 2", "1:5"), ("(1 2]", "1:5"), (")", "1:1"), ("{:a}", "1:2"),
        ("{:a 1 :a 2}", "1:7"), ("#{1 1}", "1:5"), ("\"abc", "1:1"), (#""a\qb""#, "1:3"), (#""\u12G4""#, "1:6"),
        ("\\", "1:2"), ("\\ ", "1:2"), (#"\foo"#, "1:1"), (#"\uD800"#, "1:1"), ("01", "1:1"), ("1.", "1:1"),
        ("1e", "1:1"), ("1/2", "1:1"), ("0x1F", "1:1"), ("::a", "1:1"), (":", "1:1"), (":a/", "1:1"),
        ("a/b/c", "1:1"), (":/", "1:1"), ("#", "1:2"), ("#!foo", "1:2"), ("#_", "1:3"), ("[#_]", "1:4"),
        (#"#inst "nope""#, "1:7"), ("#uuid 42", "1:7"), ("#foo", "1:5"), ("1 2", "1:3"), ("{:a 1\n :b}", "2:2"),
        ("[1\n2\n(3]", "3:3"), ("-1a", "1:1"), (#""\ud83d""#, "1:2"), (".5", "1:1"), ("a\\b", "1:2"),
        ("{[1] 2 [1] 3}", "1:8"), (String(repeating: "[", count: 600), "1:513"), ("#{", "1:3"), ("[:a :1]", "1:5"),
        ("#inst 2024", "1:7"), ("#_ #_ 1", "1:8"), ("{1 2 3}", "1:6"), ("\"\\", "1:3"), ("#1", "1:2"),
    ])
    func malformedInputGivesPositionedErrors(input: String, location: String) {
        do {
            let value = try EDNReader.read(input)
            Issue.record("expected an error for \(input), read \(value)")
        } catch {
            #expect(error.location.description == location, "\(input.debugDescription): \(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func errorsSayWhatWasExpected() {
        #expect(message("[1 2") == "expected ']' to close the vector that starts at 1:1, found end of input")
        #expect(message("(1 2]") == "expected ')' to close the list that starts at 1:1, found ']'")
        #expect(message("{:a}") == "the map that starts at 1:1 has a key without a value")
        #expect(message("{:a 1 :a 2}") == "duplicate key :a in the map that starts at 1:1")
        #expect(message("01")?.contains("no integer other than 0 may begin with 0") == true)
        #expect(message(#""a\qb""#)?.contains("invalid escape '\\q'") == true)
    }

    func message(_ text: String) -> String? {
        do {
            _ = try EDNReader.read(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func hostileNestingIsAnErrorNotACrash() {
        for text in [
            String(repeating: "[", count: 100_000), String(repeating: "(", count: 100_000) + String(repeating: ")", count: 100_000),
            String(repeating: "#_", count: 100_000) + "1", String(repeating: "#a ", count: 100_000) + "1",
            String(repeating: "{:a ", count: 100_000), String(repeating: "#{", count: 100_000),
        ] {
            #expect(throws: EDNSyntaxError.self) { try EDNReader.read(text) }
        }
        let deepButAllowed = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? EDNReader.read(deepButAllowed)) != nil)
    }
}

struct ReadFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
