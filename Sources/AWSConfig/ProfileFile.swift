/// The profiles of one shared file, after the SDK naming rules: in the config file profiles are
/// `[profile NAME]` (and `[default]`), in the credentials file plain `[NAME]`.
struct ProfileFile {
    /// Which of the two shared files this is; they name their sections differently.
    enum Kind {
        case config
        case credentials
    }

    var path: String
    /// Settings by profile name; sections repeated in the file are merged, later keys winning.
    var profiles: [String: [String: INIFile.Property]]
    /// `[services NAME]` sections (config file only).
    var services: [String: [String: INIFile.Property]]

    init(path: String, profiles: [String: [String: INIFile.Property]] = [:], services: [String: [String: INIFile.Property]] = [:]) {
        self.path = path
        self.profiles = profiles
        self.services = services
    }

    init(_ file: INIFile, kind: Kind) {
        self.init(path: file.path)
        // `[profile default]` beats `[default]` wherever each appears in the config file.
        let hasPrefixedDefault = kind == .config && file.sections.contains { ProfileFile.split($0.header) == ("profile", "default") }
        for section in file.sections {
            switch (kind, ProfileFile.split(section.header)) {
            case (.config, ("profile", let name?)):
                merge(section, into: \.profiles, name: name)
            case (.config, ("services", let name?)):
                merge(section, into: \.services, name: name)
            case (.config, ("default", nil)) where !hasPrefixedDefault:
                merge(section, into: \.profiles, name: "default")
            case (.credentials, (let name, nil)):
                merge(section, into: \.profiles, name: name)
            default:
                // Config sections without a `profile ` prefix, `sso-session` sections, and
                // credentials sections with spaces in their name are not profiles.
                continue
            }
        }
    }

    private mutating func merge(_ section: INIFile.Section, into table: WritableKeyPath<ProfileFile, [String: [String: INIFile.Property]]>, name: String) {
        self[keyPath: table][name, default: [:]].merge(section.properties) { _, later in later }
    }

    /// `profile dev` → (`profile`, `dev`); `default` → (`default`, nil); more than two words,
    /// or a name that is not a valid profile name, → (`""`, nil), which matches nothing.
    private static func split(_ header: String) -> (String, String?) {
        let words = header.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        switch words.count {
        case 1: return (words[0], nil)
        case 2: return (words[0], words[1])
        default: return ("", nil)
        }
    }

    func value(_ key: String, profile: String) -> String? {
        guard let value = profiles[profile]?[key]?.value, !value.isEmpty else { return nil }
        return value
    }
}
