/// RFC 4180 quoting of a single CSV field.
public enum CSVField {
    /// The field as written: unchanged unless it holds a comma, a quote, a
    /// carriage return or a newline, in which case it is wrapped in double
    /// quotes with inner quotes doubled.
    ///
    /// The text is read as Unicode scalars, not characters: a quote followed
    /// by a combining mark, or `\r\n`, is one `Character` in Swift but still
    /// a quote or a line break to every CSV reader.
    public static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        var out = String.UnicodeScalarView()
        out.append("\"")
        for scalar in text.unicodeScalars {
            out.append(scalar)
            if scalar == "\"" { out.append("\"") }
        }
        out.append("\"")
        return String(out)
    }
}
