/// How to fix the YAML syntax errors users meet most, added to libyaml's and
/// Yams' own words (which say what is wrong, but not what to do).
extension YAMLReader {
    /// The advice for `problem` found at 1-based `line` and `column` of
    /// `text`, starting with "; ", or `""` when there is none to add.
    static func hint(for problem: String, line: Int, column: Int, in text: String) -> String {
        let here = character(atLine: line, column: column, in: text)
        switch problem {
        case "found undefined alias":
            let name = String(rest(atLine: line, column: column, in: text).dropFirst().prefix { !" \t,]}#".contains($0) })
            return "; the alias '*\(name)' names no anchor: an alias must come after its anchor ('&\(name)' in front of a value "
                + "above it), in the same file; write the anchor, or the value itself"
        case "but found another document":
            return "; a scenario is one YAML document, and a line '---' (or '...') starts another: remove it, or move the second "
                + "document to a file of its own"
        case "mapping values are not allowed in this context":
            return "; a ':' followed by a space starts a key here: quote the value if the colon belongs to it (name: \"a: b\"), "
                + "or check the indentation of this line"
        case "control characters are not allowed":
            return "; remove the control character here (text holds no control characters but tabs and line breaks)"
        default:
            if problem.contains("tab character") || (problem.hasPrefix("found character that cannot start any token") && here == "\t") {
                return "; YAML indents with spaces, never tabs: replace the tab here by spaces"
            }
            if problem.hasPrefix("found character that cannot start any token"), let here, here == "@" || here == "`" {
                return "; '\(here)' is reserved in YAML and cannot start a plain value: put the value in quotes"
            }
            return ""
        }
    }

    /// The character at a 1-based line and column (counted in Unicode scalars, as libyaml does), if any.
    private static func character(atLine line: Int, column: Int, in text: String) -> Unicode.Scalar? {
        rest(atLine: line, column: column, in: text).unicodeScalars.first
    }

    /// The text of `line` from `column` on (columns in Unicode scalars).
    private static func rest(atLine line: Int, column: Int, in text: String) -> String {
        var scalars = text.unicodeScalars[...]
        for _ in 1..<max(1, line) {
            guard let newline = scalars.firstIndex(of: "\n") else { return "" }
            scalars = scalars[scalars.index(after: newline)...]
        }
        let tail = scalars.prefix { $0 != "\n" && $0 != "\r" }.dropFirst(max(0, column - 1))
        return String(String.UnicodeScalarView(tail))
    }
}
