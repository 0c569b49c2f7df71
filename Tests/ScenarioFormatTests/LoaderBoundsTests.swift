import Testing
@testable import ScenarioFormat

/// The loader's bounds on a document, aliases expanded (`YAMLBounds`): values,
/// nesting depth and scalar text; each is reported at the place it is passed,
/// before anything exponential happens.
@Suite("YAML bounds: alias bombs, deep nesting, huge documents")
struct LoaderBoundsTests {
    /// `levels` lines, each a list of `width` aliases of the line before: width^levels values.
    static func aliasBomb(levels: Int, width: Int, asKey: Bool = false) -> String {
        var lines = ["l0: &l0 [" + Array(repeating: "\"lol\"", count: width).joined(separator: ",") + "]"]
        for level in 1..<levels {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: width).joined(separator: ",") + "]")
        }
        if asKey { lines.append("? [" + Array(repeating: "*l\(levels - 1)", count: 10).joined(separator: ", ") + "]\n: x") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The single diagnostic of text that must be rejected.
    static func single(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let found = diagnostics(text, sourceLocation: sourceLocation)
        #expect(found.count == 1, "\(found.map(\.description))", sourceLocation: sourceLocation)
        return found.first
    }

    @Test("a billion laughs (9 levels of 9 aliases, 1 KB) stops at the alias that passes the bound")
    func billionLaughs() throws {
        let text = Self.aliasBomb(levels: 9, width: 9)
        #expect(text.utf8.count < 1000)
        let d = try #require(Self.single(text))
        // l4 names 66,430 values: the 7th '*l4' on line 6 passes the bound of 500,000 (l8 would name 4.8·10^8).
        #expect(d.line == 6)
        #expect(d.message.contains("more than \(YAMLBounds.maximumValues) values") && d.message.contains("alias '*l4'"), "\(d)")
        #expect(d.message.contains("billion laughs"), "\(d)")
        #expect(d.keyPath == "l5[6]", "\(d)")
    }

    @Test("an alias bomb used as a mapping key is caught before Yams hashes the key")
    func bombAsKey() throws {
        // 4 levels of 15: about 58,000 values, and the key of the last line names ten times 54,241.
        let d = try #require(Self.single(Self.aliasBomb(levels: 4, width: 15, asKey: true)))
        #expect(d.line == 5 && d.message.contains("alias '*l3'"), "\(d)")
    }

    @Test("100 or 100,000 nested '[' (or '{', or '- '): the depth bound, at the first level too deep")
    func deepNesting() throws {
        for open in ["[", "{"] {
            // 100 levels: at the 65th. 100,000: libyaml's scanner reads ahead past its own
            // limit of 1000 before the first level is parsed, so at the first.
            for (count, column) in [(100, 65), (100_000, 1)] {
                let d = try #require(Self.single(String(repeating: open, count: count)))
                #expect(d.line == 1 && d.column == column, "\(d)")
                #expect(d.message.contains("more than \(YAMLBounds.maximumDepth) levels"), "\(d)")
            }
        }
        let block = (0..<100).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: "\n") + "x\n"
        let d = try #require(Self.single(block))
        #expect(d.line == 65 && d.message.contains("levels"), "\(d)")
    }

    @Test("aliases that nest deeper than the bound, each shallow on its own")
    func deepThroughAliases() throws {
        var lines = ["a0: &a0 " + String(repeating: "[", count: 10) + "1" + String(repeating: "]", count: 10)]
        for i in 1..<10 {
            lines.append("a\(i): &a\(i) " + String(repeating: "[", count: 9) + "*a\(i - 1)" + String(repeating: "]", count: 9))
        }
        let d = try #require(Self.single(lines.joined(separator: "\n")))
        #expect(d.message.contains("levels") && d.message.contains("alias '*a"), "\(d)")
    }

    @Test("a document of more values than the bound, without aliases")
    func tooManyValues() throws {
        let text = "a: [" + Array(repeating: "1", count: YAMLBounds.maximumValues + 10).joined(separator: ",") + "]\n"
        let d = try #require(Self.single(text))
        #expect(d.line == 1 && d.message.contains("more than \(YAMLBounds.maximumValues) values"), "\(d)")
        #expect(!d.message.contains("billion"), "no alias here: \(d)")
    }

    @Test("aliases of a long scalar that expand past the text bound")
    func tooMuchText() throws {
        let long = String(repeating: "x", count: (1 << 20) - 10)
        let text = "a: &a \(long)\nb: [" + Array(repeating: "*a", count: 20).joined(separator: ", ") + "]\n"
        let d = try #require(Self.single(text))
        #expect(d.line == 2 && d.message.contains(SourceText.maximumBytesDescription), "\(d)")
        #expect(d.keyPath == "b[15]", "\(d)")
    }

    @Test("aliases within the bounds still work, as copies of what they name")
    func ordinaryAliases() throws {
        let text = scenario(network: """
        compartments:
          - { name: a, initial: &n 5 }
          - { name: b, initial: *n }
        flows:
          - &loss { from: a, to: out, rate: 0.1 /day }
        """)
        let m = try model(text)
        #expect(m.compartments.map(\.initial) == [5, 5])
    }

    @Test("many duplicate keys in a large document: reported, with a bounded number of re-reads")
    func manyDuplicates() throws {
        let keys = (0..<300).map { "k\($0 % 150): 1" }.joined(separator: "\n")
        let text = keys + "\nbig: [" + Array(repeating: "1", count: 100_000).joined(separator: ",") + "]\n"
        let found = diagnostics(text)
        #expect(found.contains { $0.message.contains("duplicate key") }, "\(found.prefix(3))")
    }

    @Test("a bomb in a --set value is reported on the override")
    func bombInOverride() throws {
        let value = "[" + Self.aliasBomb(levels: 9, width: 9).split(separator: "\n").map { line in
            let parts = line.split(separator: " ", maxSplits: 1)
            return String(parts[1])
        }.joined(separator: ", ") + "]"
        let found = diagnostics(twoCompartments(""), overrides: [SetOverride(path: "description", value: value)])
        #expect(found.count == 1 && found[0].file == "--set description" && found[0].message.contains("values"), "\(found)")
    }
}
