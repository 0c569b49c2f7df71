import Foundation
import Reporting
import Testing

/// Whatever text reaches the writers (names are checked at validation, but a
/// writer must not rely on it), SVG stays well-formed XML, a CSV field stays
/// one field, and JSON stays valid JSON.
@Suite("escaping in the SVG, CSV and JSON writers")
struct OutputEscapingTests {
    /// Text that has broken, or could break, one of the formats.
    static let hostile: [String] = [
        "bl\u{7}ood", "a\u{0}b", "\u{1B}[31mred", "<\u{338}", "&\u{301}amp;", "\"\u{301}", "'\u{301}", "a\r\nb", "\r", "\u{FFFE}\u{FFFF}",
        "</text><script>x</script>", "]]>", "\u{85}\u{2028}\u{2029}", "tab\there", "e\u{301}, \"quoted\", commas",
    ]

    @Test("SVG text, titles and attributes stay well-formed XML for any text", arguments: hostile)
    func svg(text: String) throws {
        var document = SVGDocument(width: 100, height: 50)
        document.beginGroup(title: text, ["class": text])
        document.text(text, x: 1, y: 2)
        document.endGroup()
        let parsed = try #require(SVGElements.parse(document.render()), "not well-formed: \(document.render())")
        let drawn = try #require(parsed.named("text").first?.text)
        // Characters XML cannot hold become U+FFFD; an XML reader reads any line break as \n.
        var expected = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            expected.append((v < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || v == 0xFFFE || v == 0xFFFF ? "\u{FFFD}" : scalar)
        }
        let normalized = String(expected).unicodeScalars.split(separator: "\r", omittingEmptySubsequences: false)
            .map { String(String.UnicodeScalarView($0)) }.enumerated()
            .map { i, part in i == 0 || !part.unicodeScalars.starts(with: ["\n"]) ? part : String(String.UnicodeScalarView(part.unicodeScalars.dropFirst())) }
            .joined(separator: "\n")
        #expect(Array(drawn.unicodeScalars) == Array(normalized.unicodeScalars), "\(drawn.debugDescription)")
    }

    @Test("a CSV field with a quote, comma or line break (even inside a grapheme) is quoted, quotes doubled", arguments: hostile)
    func csv(text: String) throws {
        let field = CSVField.escape(text)
        let needsQuotes = text.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        if needsQuotes {
            #expect(field.unicodeScalars.first == "\"" && field.unicodeScalars.last == "\"")
            // Read back as a CSV reader does, scalar by scalar: inside quotes, "" is one quote and a lone quote ends the field.
            var read = String.UnicodeScalarView()
            var inner = Array(field.unicodeScalars.dropFirst().dropLast())[...]
            while let scalar = inner.popFirst() {
                if scalar == "\"" {
                    #expect(inner.popFirst() == "\"", "a lone quote inside the field: \(field.debugDescription)")
                }
                read.append(scalar)
            }
            #expect(String(read) == text)
        } else {
            #expect(field == text)
        }
    }

    @Test("JSON strings with control characters are escaped and read back", arguments: hostile)
    func json(text: String) throws {
        struct Box: Codable, Equatable { let name: String }
        let encoded = JSONText.encode(Box(name: text))
        #expect(!encoded.dropLast().unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != " " }, "\(encoded)")
        let object = try JSONSerialization.jsonObject(with: Data(encoded.utf8)) as? [String: String]
        #expect(object?["name"] == text)
        #expect(try JSONText.decode(Box.self, from: encoded) == Box(name: text))
    }
}
