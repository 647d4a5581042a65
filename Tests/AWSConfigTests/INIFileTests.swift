import Testing
@testable import AWSConfig

@Suite("INI parser")
struct INIFileTests {
    func parse(_ text: String) throws -> INIFile { try INIFile.parse(text, path: "/cfg") }

    func properties(_ text: String, section: Int = 0) throws -> [String: String] {
        try parse(text).sections[section].properties.mapValues(\.value)
    }

    @Test("comments: whole lines, after headers, and after values only when preceded by whitespace")
    func comments() throws {
        let file = try parse("""
            # leading comment
            ; another
            [profile foo] # trailing
            name = value # comment with # sign
            other = value ; comment
            adjacent = value;kept
            pound = value#kept
              # indented comment line
            [profile bar];adjacent
            """)
        #expect(file.sections.map(\.header) == ["profile foo", "profile bar"])
        #expect(file.sections[0].properties.mapValues(\.value) == [
            "name": "value", "other": "value", "adjacent": "value;kept", "pound": "value#kept",
        ])
    }

    @Test("whitespace: headers, keys and values are trimmed; CRLF line ends; keys are case-insensitive")
    func whitespace() throws {
        let file = try parse("[   profile foo    ]\r\n  \t\r\nName \t=  \tvalue \t\r\nNAME2=x=y\r\nempty =\r\n")
        #expect(file.sections[0].header == "profile foo")
        #expect(file.sections[0].properties.mapValues(\.value) == ["name": "value", "name2": "x=y", "empty": ""])
    }

    @Test("the last duplicate key wins; names with spaces are skipped")
    func duplicates() throws {
        #expect(try properties("[a]\nk = 1\nK = 2\nin valid = 3") == ["k": "2"])
    }

    @Test("an indented line continues the value on a new line")
    func continuation() throws {
        #expect(try properties("[a]\nk = value\n -continued # not a comment\n\t-more \t") == ["k": "value\n-continued # not a comment\n-more"])
    }

    @Test("under an empty value, indented lines are sub-properties, blank lines between them allowed")
    func subProperties() throws {
        let file = try parse("[services local]\nsfn =\n  endpoint_url = http://127.0.0.1:8083\n\n  Other = x\ns3 =\n  endpoint_url = http://127.0.0.1:9000")
        let properties = file.sections[0].properties
        #expect(properties["sfn"]?.subProperties == ["endpoint_url": "http://127.0.0.1:8083", "other": "x"])
        #expect(properties["s3"]?.subProperties == ["endpoint_url": "http://127.0.0.1:9000"])
        #expect(properties["sfn"]?.value == "")
    }

    @Test("malformed lines are errors naming the file and line", arguments: [
        ("name = value", 1, "property 'name = value' is outside of any [section]"),
        ("[profile foo", 1, "section header must end with ']'"),
        ("[a]\n[b] junk", 2, "unexpected 'junk' after the section header"),
        ("[]", 1, "empty section header '[]'"),
        ("[a]\nkey : value", 2, "expected 'name = value', got 'key : value'"),
        ("[a]\n= value", 2, "property has no name before '='"),
        ("[a]\n  -continued", 2, "indented line '-continued' continues no property"),
        ("[a]\nk = v\n[a]\n  -continued", 4, "indented line '-continued' continues no property"),
        ("  -continued", 1, "expected a [section] before this indented line"),
        ("[a]\ns3 =\n  invalid", 3, "expected 'name = value' in the sub-properties of 's3'"),
        ("[a]\ns3 =\n  = value", 3, "a sub-property of 's3' has no name"),
    ])
    func malformed(text: String, line: Int, message: String) {
        #expect(throws: AWSConfigError.malformedFile(path: "/cfg", line: line, message: message)) { try parse(text) }
    }
}

@Suite("Profile files")
struct ProfileFileTests {
    func config(_ text: String) throws -> ProfileFile { ProfileFile(try INIFile.parse(text, path: "c"), kind: .config) }
    func credentials(_ text: String) throws -> ProfileFile { ProfileFile(try INIFile.parse(text, path: "k"), kind: .credentials) }

    @Test("config file: [profile NAME] and [default] are profiles; other sections are not")
    func configSections() throws {
        let file = try config("[profile dev]\na = 1\n[default]\nb = 2\n[plain]\nc = 3\n[profilefoo]\nd = 4\n[sso-session s]\ne = 5\n[services local]\nsfn =\n  endpoint_url = http://x")
        #expect(Set(file.profiles.keys) == ["dev", "default"])
        #expect(Set(file.services.keys) == ["local"])
    }

    @Test("config file: [profile default] wins over [default] wherever it appears")
    func prefixedDefault() throws {
        let file = try config("[profile default]\nname = value\n[default]\nname2 = value2\n[profile default]\nname3 = value3")
        #expect(file.profiles["default"]?.mapValues(\.value) == ["name": "value", "name3": "value3"])
        let reversed = try config("[default]\nname2 = value2\n[profile default]\nname = value")
        #expect(reversed.profiles["default"]?.mapValues(\.value) == ["name": "value"])
    }

    @Test("credentials file: [NAME] is a profile, [profile NAME] is not; repeated sections merge")
    func credentialsSections() throws {
        let file = try credentials("[dev]\na = 1\n[profile other]\nb = 2\n[dev]\na = 3\nc = 4")
        #expect(Set(file.profiles.keys) == ["dev"])
        #expect(file.profiles["dev"]?.mapValues(\.value) == ["a": "3", "c": "4"])
    }
}
