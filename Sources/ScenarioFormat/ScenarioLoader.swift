import BiologyModel
import RateModel

/// Reads scenario files, network-level or biology-level, into validated models.
///
/// The pipeline: YAML text → `YAMLNode` tree (syntax errors stop here) →
/// `extends:` chain resolved and merged → `--set` overrides applied in order →
/// duplicate keys checked → schema walk of the document's level, which
/// reports every problem it finds. A biology-level document is then compiled
/// by `BiologyCompiler`, whose problems are mapped back to positions in the
/// tree (`ScenarioLoader+Biology.swift`). All diagnostics come back together,
/// in document order, in `ScenarioError.invalid`.
public enum ScenarioLoader {
    /// Reads and compiles the scenario file at `path`
    /// (`ScenarioTemplate(path:).load(overrides:)`).
    ///
    /// Throws `.unreadable` when the file cannot be read or is not UTF-8,
    /// `.badOverride` for a malformed override path, and `.invalid` for
    /// everything wrong in the document or in the override values.
    public static func load(path: String, overrides: [SetOverride] = []) throws(ScenarioError) -> LoadedScenario {
        try ScenarioTemplate(path: path).load(overrides: overrides)
    }

    /// Compiles scenario `text`; `file` is the display path used in diagnostics.
    /// `sourceBytes` of the result is the UTF-8 encoding of `text`.
    /// With `readsBases: false` (a text that came over the network, e.g. from
    /// the teaching page) an `extends:` key is an error at that key: the text
    /// may not make this process read files.
    public static func parse(text: String, file: String, overrides: [SetOverride] = [],
                             readsBases: Bool = true) throws(ScenarioError) -> LoadedScenario {
        try ScenarioTemplate(text: text, file: file, readsBases: readsBases).load(overrides: overrides)
    }

    /// What the pipeline produces, before it is wrapped with the file's bytes.
    struct Compiled {
        var model: NetworkModel
        var compiled: CompiledScenario?
        var cohort: CohortSpec?
        var description: String
        var bases: [(file: String, bytes: [UInt8])]

        func loaded(file: String, sourceBytes: [UInt8], overrides: [SetOverride]) -> LoadedScenario {
            LoadedScenario(model: model, file: file, sourceBytes: sourceBytes, overrides: overrides, bases: bases,
                           compiled: compiled, cohort: cohort, description: description)
        }
    }

    /// The document tree after `extends:` and `--set`, with the duplicate-key
    /// problems found so far (the schema walk adds to them).
    struct Tree: Sendable {
        var root: YAMLNode
        var sink: DiagnosticSink
        var bases: [(file: String, bytes: [UInt8])]
        /// Whether no mapping of `root` repeats a key (checked once, when the
        /// base is read, so that scalar overrides need no new scan).
        var hasNoDuplicateKeys = false
    }

    /// The pipeline from the tree (after `extends:` and `--set`) to the model, at the document's level.
    static func compile(_ tree: Tree) throws(ScenarioError) -> Compiled {
        var decoder = ScenarioDecoder(sink: tree.sink)
        switch ScenarioDecoder.level(of: tree.root) {
        case .network:
            let model = decoder.decode(tree.root)
            guard let model, decoder.sink.isEmpty else { throw .invalid(decoder.sink.sorted) }
            return Compiled(model: model, description: decoder.description, bases: tree.bases)
        case .biology:
            let decoded = decoder.decodeBiology(tree.root)
            guard let decoded, decoder.sink.isEmpty else { throw .invalid(decoder.sink.sorted) }
            let compiled = try compileBiology(decoded.scenario, root: tree.root, isCohortTemplate: decoded.cohort != nil)
            return Compiled(model: compiled.network, compiled: compiled, cohort: decoded.cohort,
                            description: decoded.scenario.description, bases: tree.bases)
        }
    }

    /// Reads `text`, resolves `extends:`, applies the overrides and checks
    /// duplicate keys. Throws `.invalid` for a syntax error, an empty document
    /// or a broken `extends:` chain.
    static func tree(text: String, file: String, overrides: [SetOverride]) throws(ScenarioError) -> Tree {
        try applying(overrides, to: base(text: text, file: file))
    }

    /// Reads `text` and resolves `extends:`: the tree every set of overrides starts from.
    static func base(text: String, file: String, readsBases: Bool = true) throws(ScenarioError) -> Tree {
        var sink = DiagnosticSink()
        let parsed = YAMLReader.read(text, origin: .file(file), sink: &sink)
        guard sink.isEmpty else { throw .invalid(sink.sorted) }
        guard var root = parsed, !root.isNull else {
            let position = parsed?.position ?? .file(file, line: 1, column: 1)
            sink.report("the scenario is empty; expected a mapping with keys \(ScenarioDecoder.topLevelKeysDescription)",
                        at: position, path: .root)
            throw .invalid(sink.sorted)
        }
        var inheritance = ScenarioInheritance()
        if !readsBases, let reference = root.value(forKey: ScenarioInheritance.key) {
            sink.report("this text cannot build on a file ('extends:' reads files where the tool runs, which a text sent "
                        + "to the teaching page may not do); remove 'extends:' and write the base scenario's keys into this text",
                        at: reference.position, path: NodePath.root.key(ScenarioInheritance.key))
            throw .invalid(sink.sorted)
        }
        if root.value(forKey: ScenarioInheritance.key) != nil {
            root.reportDuplicateKeys(path: .root, sink: &sink)
            guard let resolved = inheritance.resolve(root, file: file, sink: &sink), sink.isEmpty else { throw .invalid(sink.sorted) }
            root = resolved
        }
        var scan = DiagnosticSink()
        root.reportDuplicateKeys(path: .root, sink: &scan)
        return Tree(root: root, sink: sink, bases: inheritance.bases, hasNoDuplicateKeys: scan.isEmpty)
    }

    /// `base` with the overrides applied in order and duplicate keys checked.
    ///
    /// An override replaces the value of an existing key or adds a key that
    /// is missing, never a second one; so when the base repeats no key and
    /// every override value is a scalar (a sweep's numbers), no key can be
    /// repeated and the tree is not scanned again.
    static func applying(_ overrides: [SetOverride], to base: Tree) throws(ScenarioError) -> Tree {
        var tree = base
        var onlyScalars = true
        for override in overrides {
            if !(try apply(override, to: &tree.root, sink: &tree.sink)) { onlyScalars = false }
        }
        if !(onlyScalars && base.hasNoDuplicateKeys) {
            tree.root.reportDuplicateKeys(path: .root, sink: &tree.sink)
        }
        return tree
    }

    /// Applies one override to the tree, reporting an unresolvable path or a
    /// value that is not valid YAML as a diagnostic of the override. Returns
    /// whether the value placed was a scalar. Throws `.badOverride` for a
    /// malformed path, and for a path into `extends:`, which is resolved
    /// before overrides and so cannot be overridden.
    @discardableResult
    private static func apply(_ override: SetOverride, to root: inout YAMLNode, sink: inout DiagnosticSink) throws(ScenarioError) -> Bool {
        let path: OverridePath
        do {
            path = try OverridePath(parsing: override.path)
        } catch {
            throw .badOverride(argument: override.argument, reason: error.reason)
        }
        if case .key(ScenarioInheritance.key)? = path.segments.first {
            throw .badOverride(argument: override.argument, reason: "'\(ScenarioInheritance.key)' cannot be set with --set: the base "
                               + "scenario is read before any override is applied, so the value would be ignored; write "
                               + "'extends: FILE' in the scenario file (or in a small file of its own that extends the base)")
        }
        let origin = "--set \(override.path)"
        var valueSink = DiagnosticSink()
        let parsed = YAMLReader.read(override.value, origin: .override(path: override.path), sink: &valueSink)
        guard valueSink.isEmpty else {
            for problem in valueSink.sorted {
                let detail = problem.message.hasPrefix(YAMLReader.syntaxErrorPrefix)
                    ? String(problem.message.dropFirst(YAMLReader.syntaxErrorPrefix.count)) : problem.message
                sink.report(Diagnostic(file: origin, line: nil, column: nil, keyPath: override.path,
                                       message: "the value '\(override.value)' is not valid YAML: \(detail)"))
            }
            return false
        }
        let value = parsed ?? YAMLNode(content: .scalar("", isPlain: true), position: .override(path: override.path, order: .init(line: 0, column: 0)))
        listDefaultCellTypes(before: path, in: &root, position: value.position)
        do {
            try root.set(path.segments[...], to: value, stamp: { .override(path: override.path, order: $0) }, path: .root)
        } catch {
            sink.report(Diagnostic(file: origin, line: nil, column: nil, keyPath: error.path.description,
                                   message: "cannot apply this override: \(error.reason)"))
        }
        return value.isScalar
    }

    /// Before an override reaches into one default cell type
    /// (`cell_types.progenitor.clearance.half_life` in a biology-level
    /// document without `cell_types:`), lists every default type with an
    /// empty mapping, which keeps all its defaults. Otherwise the override would
    /// create a `cell_types:` with that one type, and the others, which
    /// existed before the override, would no longer exist.
    private static func listDefaultCellTypes(before path: OverridePath, in root: inout YAMLNode, position: SourcePosition) {
        let key = "cell_types"
        guard case .key(key)? = path.segments.first, path.segments.count >= 2,
              case .mapping(var entries) = root.content, ScenarioDecoder.level(of: root) == .biology else { return }
        let existing = entries.firstIndex { $0.key == key }
        if let existing, !entries[existing].value.isNull { return }
        let empty = YAMLNode(content: .mapping([]), position: position)
        let types = YAMLNode(content: .mapping(BiologyDefaults.cellTypes.map { .init(key: $0.name, keyPosition: position, value: empty) }),
                             position: position)
        if let existing { entries[existing].value = types } else { entries.append(.init(key: key, keyPosition: position, value: types)) }
        root.content = .mapping(entries)
    }
}
