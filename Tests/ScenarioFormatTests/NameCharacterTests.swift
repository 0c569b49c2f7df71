import Testing
@testable import ScenarioFormat

/// Control characters in names and other text values (`TextCharacters`):
/// refused at their key and line at every declaration, so no name can break
/// the CSV, SVG or terminal output it is written to; and shown as escapes in
/// every message.
@Suite("control characters in names")
struct NameCharacterTests {
    /// Names as written in a double-quoted YAML value, as read, and the character each holds.
    static let names: [(yaml: String, name: String, character: String)] = [
        ("\"bl\\x07ood\"", "bl\u{7}ood", "U+0007"), ("\"a\\tb\"", "a\tb", "U+0009"), ("\"a\\x1b[31mb\"", "a\u{1B}[31mb", "U+001B"),
        ("\"a\\nb\"", "a\nb", "U+000A"), ("\"a\\0b\"", "a\u{0}b", "U+0000"), ("\"a\\u2028b\"", "a\u{2028}b", "U+2028"),
        ("\"a\\x85b\"", "a\u{85}b", "U+0085"),
    ]

    /// Checks that `text` gives one diagnostic, at `line` (and `column`) and
    /// `keyPath`, naming `character`, whose rendering holds no control character.
    static func expectRefused(_ text: String, line: Int, column: Int? = nil, keyPath: String, character: String,
                              sourceLocation: SourceLocation = #_sourceLocation) {
        let found = diagnostics(text, sourceLocation: sourceLocation)
        guard found.count == 1, let d = found.first else {
            Issue.record("expected one diagnostic, got \(found.map(\.description))", sourceLocation: sourceLocation)
            return
        }
        #expect(d.line == line && (column == nil || d.column == column) && d.keyPath == keyPath, "\(d)", sourceLocation: sourceLocation)
        #expect(d.message.contains(character) && d.message.contains("control character"), "\(d)", sourceLocation: sourceLocation)
        #expect(!d.description.unicodeScalars.contains(where: TextCharacters.isForbidden),
                "the rendering shows the character as an escape: \(d.description)", sourceLocation: sourceLocation)
        #expect(d.description.hasPrefix("test.yaml:\(line):"), "\(d)", sourceLocation: sourceLocation)
    }

    @Test("refused at each biology-level declaration, at the name, naming the character",
          arguments: ReservedNameTests.biologySites, 0..<names.count)
    func biologyDeclaration(site: ReservedNameTests.Site, index: Int) {
        let entry = Self.names[index]
        let (text, line, column) = site.filled(entry.yaml)
        Self.expectRefused(text, line: line, column: column, keyPath: site.keyPath.replacingOccurrences(of: "NAME", with: entry.name),
                           character: entry.character)
    }

    @Test("refused in a compartment name, the scenario's name and a reference", arguments: 0..<names.count)
    func network(index: Int) {
        let entry = Self.names[index]
        Self.expectRefused(scenario(network: "compartments:\n  - { name: \(entry.yaml), initial: 5 }"), line: 6,
                           keyPath: "network.compartments[0].name", character: entry.character)
        Self.expectRefused("name: \(entry.yaml)\n" + twoCompartments("").split(separator: "\n", maxSplits: 1)[1], line: 1,
                           keyPath: "name", character: entry.character)
        Self.expectRefused(twoCompartments("flows:\n  - { from: \(entry.yaml), to: out, rate: 1 /day }"), line: 9,
                           keyPath: "network.flows[0].from", character: entry.character)
    }

    @Test("a description may hold tabs and line breaks, not other control characters")
    func description() throws {
        let body = twoCompartments("").split(separator: "\n", maxSplits: 1)[1]
        _ = try model("name: x\ndescription: \"a\\tb\\r\\nc\"\n" + body)
        Self.expectRefused("name: x\ndescription: \"a\\x1bb\"\n" + body, line: 2, keyPath: "description", character: "U+001B")
    }

    @Test("an unknown key with control characters is shown escaped, on one line")
    func unknownKey() throws {
        let found = diagnostics(twoCompartments("\"fl\\x1b[2Jows\": []"))
        let d = try #require(found.first)
        #expect(found.count == 1 && d.line == 8 && d.keyPath == "network.fl\u{1B}[2Jows", "\(found)")
        #expect(d.description.contains("network.fl\\x1B[2Jows: unknown key 'fl\\x1B[2Jows'"), "\(d.description)")
        #expect(!d.description.unicodeScalars.contains(where: TextCharacters.isForbidden))
    }

    @Test("text written back as YAML quotes what YAML would read as a line break or a byte order mark")
    func writtenBack() {
        let position = SourcePosition.file("t.yaml", line: 1, column: 1)
        for (text, written) in [("a\u{85}b", "\"a\\x85b\""), ("a\u{2028}b", "\"a\\u2028b\""), ("\u{FEFF}a", "\"\\uFEFFa\""), ("plain", "plain")] {
            #expect(YAMLNode(content: .scalar(text, isPlain: true), position: position).yamlText() == written + "\n")
        }
    }

    @Test("the escapes messages use")
    func escapes() {
        #expect(TextCharacters.escaped("a\u{7}b\tc\n\u{0}\u{2028}\u{9F}é") == "a\\x07b\\tc\\n\\0\\u2028\\x9Fé")
        #expect(TextCharacters.describe("\u{1B}") == "U+001B ('\\x1B')")
        #expect(TextCharacters.escaped("plain text, ünïcode") == "plain text, ünïcode")
    }
}
