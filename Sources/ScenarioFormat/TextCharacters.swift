/// The characters no name or other text value of an input may hold, and how
/// messages show them.
///
/// Control characters (U+0000–U+001F, U+007F–U+009F), the line and paragraph
/// separators U+2028 and U+2029, and the noncharacters U+FFFE and U+FFFF would
/// make the SVG that shows a name invalid XML, split a CSV row or a message
/// line, or drive the terminal; so the decoder rejects them in names and
/// references (and all but tab and line breaks in `description:`), and
/// messages show any that reach them as the escapes a double-quoted YAML
/// value would use (`\t`, `\x07`, `\u2028`).
enum TextCharacters {
    /// Whether `scalar` may not appear in a name or other text value.
    static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// `scalar` as written in a message: `U+0007` with its escape, e.g. `U+0007 ('\x07')`.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + " ('" + escape(scalar) + "')"
    }

    /// `text` with every forbidden character replaced by its escape.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isForbidden) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isForbidden(scalar) { out += escape(scalar) } else { out.unicodeScalars.append(scalar) }
        }
        return out
    }

    /// The YAML double-quoted escape of a forbidden character.
    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\0": return "\\0"
        case "\t": return "\\t"
        case "\n": return "\\n"
        case "\r": return "\\r"
        default:
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return scalar.value <= 0xFF
                ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
                : "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
