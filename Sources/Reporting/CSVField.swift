/// RFC 4180 quoting of a single CSV field.
public enum CSVField {
    /// The field as written: unchanged unless it holds a comma, a quote, a
    /// carriage return or a newline, in which case it is wrapped in double
    /// quotes with inner quotes doubled.
    public static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
