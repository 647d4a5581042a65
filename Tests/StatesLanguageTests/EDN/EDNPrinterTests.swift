import Foundation
import Testing
@testable import StatesLanguage

@Suite struct EDNPrinterTests {
    static let samples = [
        "nil", "[true false]", #""quote \" backslash \\ newline \n tab \t bell \u0007 zero-width \u200b é 😀""#,
        #"[\a \newline \space \tab \return \formfeed \backspace \u0000 \u00a0 \( \é \😀]"#,
        "[0 -0 +1 12N 123456789012345678901234567890 1.5 1.5M 1M -2.5e-3 6.02E+23]",
        "[:a :ns/b :sum.$ :<= sym ns/sym / . + - *x* swap! a#b]",
        "(1 (2 (3)))", #"{:a 1 "b" [2] [3] {nil true} #{1 2} (x)}"#, "#{:a [1 2] {:b 3}}",
        #"#inst "1985-04-12T23:20:50.52Z""#, #"#uuid "f81d4fae-7dec-11d0-a765-00a0c91e6bf6""#,
        #"#myapp/Person {:first "Fred" :last "Mertz" :tags #{:x :y}}"#, "{}", "[]", "()", "#{}",
    ]

    @Test(arguments: samples)
    func compactAndPrettyReadBackEqual(text: String) throws {
        let value = try EDNReader.read(text)
        #expect(try EDNReader.read(EDNPrinter.compact(value)) == value)
        for width in [0, 10, 40, 80] {
            let pretty = EDNPrinter.pretty(value, width: width)
            #expect(try EDNReader.read(pretty) == value, "width \(width):\n\(pretty)")
        }
    }

    @Test func compactFormIsOneLineAndKeepsOrder() throws {
        let value = try EDNReader.read("{:z 1,\n :a [1 2]\n :m {\"k\" nil}}")
        #expect(EDNPrinter.compact(value) == #"{:z 1 :a [1 2] :m {"k" nil}}"#)
        #expect(value.description == EDNPrinter.compact(value))
    }

    @Test func prettyFormFitsWhatFitsOnOneLine() throws {
        let value = try EDNReader.read("{:type :task :end true}")
        #expect(EDNPrinter.pretty(value) == "{:type :task :end true}")
    }

    @Test func prettyMapsPutOneEntryPerLineAndAlignLeafValues() throws {
        let value = try EDNReader.read("""
        {:comment "Adds two numbers and reports the sum" :start-at :add
         :states {:add {:type :task :resource :activity/add :next :done} :done {:type :succeed}}}
        """)
        let expected = """
        {:comment "Adds two numbers and reports the sum"
         :start-at :add
         :states {:add  {:type :task :resource :activity/add :next :done}
                  :done {:type :succeed}}}
        """
        #expect(EDNPrinter.pretty(value) == expected)
        let leaf = try EDNReader.read(#"{:type :task :resource :activity/add :timeout-seconds 30 :comment "calls the adder"}"#)
        let expectedLeaf = """
        {:type            :task
         :resource        :activity/add
         :timeout-seconds 30
         :comment         "calls the adder"}
        """
        #expect(EDNPrinter.pretty(leaf) == expectedLeaf)
    }

    @Test func prettyOperatorVectorsKeepTheOperatorFirst() throws {
        let value = try EDNReader.read(#"[:and [:= "$.kind" "premium-customer"] [:>= "$.total" 100] [:present? "$.coupon"]]"#)
        let expected = """
        [:and [:= "$.kind" "premium-customer"]
              [:>= "$.total" 100]
              [:present? "$.coupon"]]
        """
        #expect(EDNPrinter.pretty(value, width: 50) == expected)
        // A short vector of scalars runs past the width rather than stacking.
        let short = try EDNReader.read("{:k [:alpha :beta :gamma] :z 1}")
        #expect(EDNPrinter.pretty(short, width: 40) == "{:k [:alpha :beta :gamma] :z 1}")
        #expect(EDNPrinter.pretty(short, width: 30) == "{:k [:alpha :beta :gamma]\n :z 1}")
        #expect(EDNPrinter.pretty(short, width: 10) == "{:k [:alpha\n     :beta\n     :gamma]\n :z 1}")
    }

    @Test func longKeysAreNotAligned() throws {
        let key = String(repeating: "k", count: 30)
        let value = try EDNReader.read("{:\(key) 1 :b 2 :c \"\(String(repeating: "x", count: 60))\"}")
        let lines = EDNPrinter.pretty(value).split(separator: "\n")
        #expect(lines == ["{:\(key) 1", " :b 2", " :c \"\(String(repeating: "x", count: 60))\"}"])
    }

    @Test func nonFiniteDoublesAreNotEDN() {
        #expect(EDNFloat(.infinity) == nil)
        #expect(EDNFloat(.nan) == nil)
        #expect(EDNFloat(2.5)?.literal == "2.5")
        #expect(EDNFloat(3)?.literal == "3.0")
    }
}
