/// Escaping and number text for the XML that `SBMLExport` writes.
enum XMLText {
    /// `text` safe inside an attribute value or element content: `&`, `<`,
    /// `>`, `"` and `'` as entities; control characters that XML 1.0 cannot
    /// hold (all below U+0020 except tab, newline and carriage return) as a space,
    /// tab, newline and carriage return as character references.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\u{FFFE}", "\u{FFFF}": out += " "
            default:
                if scalar.value < 0x20 { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// The shortest decimal text that reads back (by `strtod`, as libSBML
    /// reads attributes and `<cn>`) to exactly `x`: Swift's `description`,
    /// which is a shortest round-trip algorithm (`0.1`, `1e-05`, `1e+20`),
    /// with integers written without `.0` and `-0` as `0`.
    ///
    /// - Precondition: `x` is finite (every rate and time of a valid network is).
    static func number(_ x: Double) -> String {
        precondition(x.isFinite, "SBML numbers must be finite, got \(x)")
        if x == 0 { return "0" }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return x.description
    }
}
