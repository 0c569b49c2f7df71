/// One problem found in a scenario, with where it is and what was expected.
///
/// Rendered like a compiler message so editors can jump to it:
/// `FILE:LINE:COLUMN: error: KEYPATH: MESSAGE`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    /// Display path of the scenario file, or `--set PATH` for an override value.
    public let file: String
    /// 1-based line, when the problem has a place in a file.
    public let line: Int?
    /// 1-based column (counted in Unicode scalars), when known.
    public let column: Int?
    /// Where in the document, e.g. `network.flows[2].rate`; `""` for the document root.
    public let keyPath: String
    /// What is wrong and what was expected.
    public let message: String

    public init(file: String, line: Int?, column: Int?, keyPath: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
        self.message = message
    }

    /// `FILE:LINE:COLUMN: error: KEYPATH: MESSAGE`, leaving out missing parts,
    /// on one line: control characters from the input are shown as escapes
    /// (`TextCharacters.escaped`).
    public var description: String {
        var location = TextCharacters.escaped(file)
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        let subject = keyPath.isEmpty ? "" : "\(TextCharacters.escaped(keyPath)): "
        return "\(location): error: \(subject)\(TextCharacters.escaped(message))"
    }
}
