/// The top of a fit file (`name`, `studies`, `free`, `set`, `method`) and its studies.
///
/// Uses the scenario schema walk's readers, so a fit file's errors read like
/// a scenario's: file, line, column, key path, and every problem at once.
extension ScenarioDecoder {
    /// Keys of a fit file.
    static let fitFileKeys = ["name", "studies", "free", "set", "method"]
    /// Keys of one study.
    static let fitStudyKeys = ["name", "scenario", "data"]
    /// The values `method:` accepts.
    static let fitMethods = ["moments", "fast", "exact", "auto"]
    /// Longest study name: `fitted/<name>.yaml` must stay a valid file name.
    static let maximumStudyNameLength = 200

    /// A study entry as written, its paths resolved, before its data file is read.
    struct FitStudyEntry {
        var name: String
        var scenarioPath: String
        var dataPath: String
        /// The `data:` value, where a data file that cannot be read is reported.
        var dataNode: YAMLNode
        var dataKeyPath: NodePath
        /// Where the entry starts.
        var position: SourcePosition
        /// The `name:` value and its key path, where a repeated name is reported.
        var namePosition: SourcePosition
        var namePath: NodePath
    }

    /// What the fit file itself says; `nil` parts were reported.
    struct FitFileFields {
        var name: String?
        var studies: [FitStudyEntry] = []
        var free: [FreeParameter] = []
        var set: [SetOverride] = []
        var method: String?
    }

    /// Decodes the fit file's tree; `file` is its display path, against whose
    /// folder the scenario and data paths are resolved.
    mutating func fitFile(_ root: YAMLNode, file: String) -> FitFileFields {
        var result = FitFileFields()
        guard let top = fields(root, path: .root, expected: "a fit file", keys: Self.fitFileKeys) else { return result }
        result.name = top.require("name", hint: "the fit's name", in: &self).flatMap { text($0, path: .root.key("name")) }
        if let node = top.require("studies", hint: "a list of '- { name: ..., scenario: FILE.yaml, data: FILE.csv }'", in: &self) {
            result.studies = fitStudies(node, path: .root.key("studies"), file: file)
        }
        if let node = top.require("free", hint: "the parameters to estimate, e.g. 'PATH: { min: 1 day, max: 1 year, scale: log }'", in: &self) {
            result.free = freeParameters(node, path: .root.key("free"))
        }
        if let node = top["set"] { result.set = fixedValues(node, path: .root.key("set")) }
        if let node = top["method"] {
            result.method = choice(node, path: .root.key("method"), noun: "method", options: Self.fitMethods.map { ($0, $0) })
        }
        return result
    }

    /// `set: { PATH: VALUE, ... }`: values fixed in every study's scenario,
    /// as `--set PATH=VALUE` would (the command line's `--set` comes after
    /// them, so it wins); each path a valid key path and each value a scalar.
    private mutating func fixedValues(_ node: YAMLNode, path: NodePath) -> [SetOverride] {
        guard let entries = node.entries else {
            sink.report("expected the values to fix as a mapping 'PATH: VALUE' (e.g. 'cell_types.progenitor.niche.shared: false'), "
                        + "got \(node.kindDescription)", at: node.position, path: path)
            return []
        }
        return entries.compactMap { entry -> SetOverride? in
            guard let value = scalarText(entry.value, path: path.key(entry.key), expected: "a single value as in --set PATH=VALUE") else { return nil }
            do throws(OverridePath.SyntaxError) {
                _ = try OverridePath(parsing: entry.key)
            } catch {
                sink.report("not a valid override path: \(error.reason)", at: entry.keyPosition, path: path.key(entry.key))
                return nil
            }
            return SetOverride(path: entry.key, value: value)
        }
    }

    /// The `studies:` list: at least one, names safe and unique.
    private mutating func fitStudies(_ node: YAMLNode, path: NodePath, file: String) -> [FitStudyEntry] {
        let before = sink.count
        let studies = items(node, path: path, expected: "studies") { decoder, item, itemPath in
            decoder.fitStudy(item, path: itemPath, file: file)
        }
        if sink.count == before, node.items?.isEmpty ?? true {
            sink.report("at least one study is needed: a list of '- { name: ..., scenario: FILE.yaml, data: FILE.csv }'",
                        at: node.position, path: path)
        }
        var seen: [String: SourcePosition] = [:]
        for study in studies {
            if let first = seen[study.name.lowercased()] {
                sink.report("the study name '\(study.name)' is already used at \(first.place); study names must be unique "
                                + "(ignoring case), since each gives the file fitted/<name>.yaml",
                            at: study.namePosition, path: study.namePath)
            } else {
                seen[study.name.lowercased()] = study.namePosition
            }
        }
        return studies
    }

    /// One study entry, its scenario file checked to exist.
    private mutating func fitStudy(_ node: YAMLNode, path: NodePath, file: String) -> FitStudyEntry? {
        guard let fields = fields(node, path: path, expected: "a study", keys: Self.fitStudyKeys) else { return nil }
        let name = fields.require("name", hint: "a name usable as a file name, e.g. 'evans-1999'", in: &self)
            .flatMap { studyName($0, path: path.key("name")) }
        let scenario = fields.require("scenario", hint: "the study's scenario file, e.g. 'evans-1999.yaml'", in: &self)
            .flatMap { filePath($0, path: path.key("scenario"), relativeTo: file) }
        let dataNode = fields.require("data", hint: "the study's data file, e.g. 'evans-1999.csv'", in: &self)
        let data = dataNode.flatMap { filePath($0, path: path.key("data"), relativeTo: file) }
        if let scenario, let scenarioNode = fields["scenario"], let problem = InputFile.problem(at: scenario) {
            sink.report(problem == InputFile.noSuchFile
                            ? "cannot find the scenario file '\(scenario)' (paths are relative to the fit file's folder)"
                            : "cannot read the scenario file '\(scenario)': \(problem)",
                        at: scenarioNode.position, path: path.key("scenario"))
        }
        guard let name, let nameNode = fields["name"], let scenario, let data, let dataNode else { return nil }
        return FitStudyEntry(name: name, scenarioPath: scenario, dataPath: data, dataNode: dataNode, dataKeyPath: path.key("data"),
                             position: node.position, namePosition: nameNode.position, namePath: path.key("name"))
    }

    /// A study name that is a safe file name: ASCII letters, digits, `-`, `_`, `.`, not starting with `.`.
    private mutating func studyName(_ node: YAMLNode, path: NodePath) -> String? {
        guard let name = text(node, path: path) else { return nil }
        let safe = name.unicodeScalars.allSatisfy { c in
            c.isASCII && (c.properties.isAlphabetic || ("0"..."9").contains(c) || "-_.".unicodeScalars.contains(c))
        }
        if !safe || name.hasPrefix(".") || name.count > Self.maximumStudyNameLength {
            sink.report("the study name '\(name)' must be a safe file name, since fitted/<name>.yaml is written: ASCII letters, "
                            + "digits, '-', '_' and '.', not starting with '.', at most \(Self.maximumStudyNameLength) characters",
                        at: node.position, path: path)
            return nil
        }
        return name
    }

    /// A file path, resolved against the folder of `file` unless absolute.
    private mutating func filePath(_ node: YAMLNode, path: NodePath, relativeTo file: String) -> String? {
        text(node, path: path).map { Self.resolve($0, relativeTo: file) }
    }

    /// `path` as seen from the folder holding `file`: `path` itself when it is
    /// absolute or `file` has no folder, else the folder, `/`, and `path`.
    static func resolve(_ path: String, relativeTo file: String) -> String {
        guard !path.hasPrefix("/"), let slash = file.lastIndex(of: "/") else { return path }
        return String(file[...slash]) + path
    }
}
