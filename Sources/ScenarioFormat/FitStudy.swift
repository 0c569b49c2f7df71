/// One study of a fit: a scenario (the study design and its assays) and the
/// observations it is confronted with.
public struct FitStudy: Sendable {
    /// The study's name: unique in the fit file and a safe file name (ASCII
    /// letters, digits, `-`, `_`, `.`, not starting with `.`), since
    /// `fitted/<name>.yaml` is written.
    public let name: String
    /// The scenario file, resolved relative to the fit file's folder (an absolute path stays absolute).
    public let scenarioPath: String
    /// The data file, resolved the same way; also its display path in diagnostics.
    public let dataPath: String
    /// The data file's exact bytes (for its SHA-256).
    public let dataBytes: [UInt8]
    /// The data file's rows, in file order; never empty.
    public let observations: [Observation]
    /// Where the study's entry starts in the fit file (1-based line and column).
    public let line: Int, column: Int

    public init(name: String, scenarioPath: String, dataPath: String, dataBytes: [UInt8], observations: [Observation], line: Int, column: Int) {
        self.name = name
        self.scenarioPath = scenarioPath
        self.dataPath = dataPath
        self.dataBytes = dataBytes
        self.observations = observations
        self.line = line
        self.column = column
    }
}
