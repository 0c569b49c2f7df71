/// A fit file (FITFILE of `microchimera fit`): the studies, each a scenario and
/// its data file, and the free parameters to estimate; see docs/fit.md.
public struct FitFile: Sendable {
    /// Display path of the fit file, as given.
    public let file: String
    /// The fit file's exact bytes (for its SHA-256).
    public let sourceBytes: [UInt8]
    /// The fit's name.
    public let name: String
    /// The studies, in file order; at least one, names unique.
    public let studies: [FitStudy]
    /// The free parameters, in file order; at least one.
    public let free: [FreeParameter]
    /// Values fixed in every study's scenario (`set:`), applied before the command line's `--set`.
    public let set: [SetOverride]
    /// `method:` as written (`moments`, `fast`, `exact` or `auto`); `nil` when absent (moments).
    public let method: String?

    /// Reads the fit file at `path` and every study's data file.
    ///
    /// The fit file is read like a scenario (YAML through the same reader:
    /// duplicate and unknown keys, positions); data files as RFC 4180 CSV.
    /// Every problem found is thrown together in one `.invalid`: the fit
    /// file's diagnostics first, then each data file's, each in file order.
    /// An unreadable fit file throws `.unreadable` (exit code 66 in the CLI),
    /// one that is not UTF-8 `.invalid` at its first invalid byte.
    /// Checks that need a scenario (assay names, times in the horizon, free
    /// paths) are left to the caller.
    public static func load(path: String) throws(ScenarioError) -> FitFile {
        let source: SourceText
        do {
            source = try SourceText.read(path: path)
        } catch {
            throw ScenarioError(error, file: path, what: "fit file")
        }
        var decoder = ScenarioDecoder()
        let root = YAMLReader.read(source.text, origin: .file(path), sink: &decoder.sink)
        guard decoder.sink.isEmpty else { throw .invalid(decoder.sink.sorted) }
        guard let root, !root.isNull else {
            throw .invalid([Diagnostic(file: path, line: 1, column: 1, keyPath: "",
                                       message: "the fit file is empty; expected a mapping with keys \(ScenarioDecoder.fitFileKeys.joined(separator: ", "))")])
        }
        root.reportDuplicateKeys(path: .root, sink: &decoder.sink)
        let fields = decoder.fitFile(root, file: path)
        var studies: [FitStudy] = []
        var dataProblems: [Diagnostic] = []
        for entry in fields.studies {
            let data: SourceText
            do {
                data = try SourceText.read(path: entry.dataPath)
            } catch {
                let hint = error == .unreadable(reason: InputFile.noSuchFile) ? " (paths are relative to the fit file's folder)" : ""
                decoder.sink.report("cannot read the data file '\(entry.dataPath)': \(error.reason)\(hint)",
                                    at: entry.dataNode.position, path: entry.dataKeyPath)
                continue
            }
            var reader = ScenarioDecoder()
            let observations = reader.observations(CSVTable(text: data.text), file: entry.dataPath)
            dataProblems += reader.sink.sorted
            studies.append(FitStudy(
                name: entry.name, scenarioPath: entry.scenarioPath, dataPath: entry.dataPath, dataBytes: data.bytes,
                observations: observations, line: entry.position.line ?? 0, column: entry.position.column ?? 0))
        }
        let problems = decoder.sink.sorted + dataProblems
        guard problems.isEmpty, let name = fields.name else { throw .invalid(problems) }
        return FitFile(file: path, sourceBytes: source.bytes, name: name, studies: studies, free: fields.free, set: fields.set,
                       method: fields.method)
    }
}
