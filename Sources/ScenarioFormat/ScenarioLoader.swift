import Foundation
import RateModel

/// Reads network-level scenario files into validated `NetworkModel`s.
///
/// The pipeline: YAML text → `YAMLNode` tree (syntax errors stop here) →
/// `extends:` chain resolved and merged → `--set` overrides applied in order →
/// duplicate keys checked → schema walk,
/// which reports every problem it finds. All diagnostics come back together,
/// in document order, in `ScenarioError.invalid`.
public enum ScenarioLoader {
    /// Reads and compiles the scenario file at `path`.
    ///
    /// Throws `.unreadable` when the file cannot be read or is not UTF-8,
    /// `.badOverride` for a malformed override path, and `.invalid` for
    /// everything wrong in the document or in the override values.
    public static func load(path: String, overrides: [SetOverride] = []) throws(ScenarioError) -> LoadedScenario {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? (error as NSError).localizedDescription : "no such file"
            throw .unreadable(file: path, reason: reason)
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) } // UTF-8 byte order mark
        guard let text = String(validating: body, as: UTF8.self) else {
            throw .unreadable(file: path, reason: "the file is not valid UTF-8 text")
        }
        let (model, bases) = try compile(text: text, file: path, overrides: overrides)
        return LoadedScenario(model: model, file: path, sourceBytes: bytes, overrides: overrides, bases: bases)
    }

    /// Compiles scenario `text`; `file` is the display path used in diagnostics.
    /// `sourceBytes` of the result is the UTF-8 encoding of `text`.
    public static func parse(text: String, file: String, overrides: [SetOverride] = []) throws(ScenarioError) -> LoadedScenario {
        let (model, bases) = try compile(text: text, file: file, overrides: overrides)
        return LoadedScenario(model: model, file: file, sourceBytes: Array(text.utf8), overrides: overrides, bases: bases)
    }

    /// The whole pipeline from text to model.
    private static func compile(text: String, file: String, overrides: [SetOverride])
        throws(ScenarioError) -> (NetworkModel, [(file: String, bytes: [UInt8])]) {
        var sink = DiagnosticSink()
        let parsed = YAMLReader.read(text, origin: .file(file), sink: &sink)
        guard sink.isEmpty else { throw .invalid(sink.sorted) }
        guard var root = parsed, !root.isNull else {
            let position = parsed?.position ?? .file(file, line: 1, column: 1)
            sink.report("the scenario is empty; expected a mapping with keys \(ScenarioDecoder.topLevelKeys.joined(separator: ", "))",
                        at: position, path: .root)
            throw .invalid(sink.sorted)
        }
        var inheritance = ScenarioInheritance()
        if root.value(forKey: ScenarioInheritance.key) != nil {
            root.reportDuplicateKeys(path: .root, sink: &sink)
            guard let resolved = inheritance.resolve(root, file: file, sink: &sink), sink.isEmpty else { throw .invalid(sink.sorted) }
            root = resolved
        }
        for override in overrides {
            try apply(override, to: &root, sink: &sink)
        }
        root.reportDuplicateKeys(path: .root, sink: &sink)
        var decoder = ScenarioDecoder(sink: sink)
        let model = decoder.decode(root)
        guard let model, decoder.sink.isEmpty else { throw .invalid(decoder.sink.sorted) }
        return (model, inheritance.bases)
    }

    /// Applies one override to the tree, reporting an unresolvable path or a
    /// value that is not valid YAML as a diagnostic of the override.
    private static func apply(_ override: SetOverride, to root: inout YAMLNode, sink: inout DiagnosticSink) throws(ScenarioError) {
        let path: OverridePath
        do {
            path = try OverridePath(parsing: override.path)
        } catch {
            throw .badOverride(argument: override.argument, reason: error.reason)
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
            return
        }
        let value = parsed ?? YAMLNode(content: .scalar("", isPlain: true), position: .override(path: override.path, order: .init(line: 0, column: 0)))
        do {
            try root.set(path.segments[...], to: value, stamp: { .override(path: override.path, order: $0) }, path: .root)
        } catch {
            sink.report(Diagnostic(file: origin, line: nil, column: nil, keyPath: error.path.description,
                                   message: "cannot apply this override: \(error.reason)"))
        }
    }
}
