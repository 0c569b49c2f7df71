import Foundation

/// A scenario file read, parsed and its `extends:` chain resolved once, to be
/// compiled many times with different `--set` overrides (a sweep's points).
///
/// `load(overrides:)` gives exactly what `ScenarioLoader.load(path:overrides:)`
/// gives for the same file and overrides: the overrides are applied to a copy
/// of the parsed tree, then duplicate keys are checked and the document is
/// decoded and compiled. Parsing the YAML, the most expensive step for a
/// small network, happens once.
public struct ScenarioTemplate: Sendable {
    /// Display path of the scenario.
    public let file: String
    /// Exact bytes of the file as read.
    public let sourceBytes: [UInt8]
    let base: ScenarioLoader.Tree

    /// Reads and parses the scenario file at `path`.
    ///
    /// Throws `.unreadable` when the file cannot be read (missing, a folder or
    /// another file that is not a regular file, too large), and `.invalid`
    /// for text that is not UTF-8 (at the first invalid byte), a syntax error,
    /// an empty document or a broken `extends:` chain.
    public init(path: String) throws(ScenarioError) {
        let source: SourceText
        do {
            source = try SourceText.read(path: path)
        } catch {
            throw ScenarioError(error, file: path, what: "scenario file")
        }
        file = path
        sourceBytes = source.bytes
        base = try ScenarioLoader.base(text: source.text, file: path)
    }

    /// Parses scenario `text`; `file` is the display path used in diagnostics;
    /// `readsBases: false` refuses `extends:` (see `ScenarioLoader.parse`).
    public init(text: String, file: String, readsBases: Bool = true) throws(ScenarioError) {
        self.file = file
        sourceBytes = Array(text.utf8)
        base = try ScenarioLoader.base(text: text, file: file, readsBases: readsBases)
    }

    /// The scenario with `overrides` applied in order, validated and compiled.
    ///
    /// Throws `.badOverride` for a malformed override path and `.invalid` for
    /// everything wrong in the document or in the override values.
    public func load(overrides: [SetOverride] = []) throws(ScenarioError) -> LoadedScenario {
        try ScenarioLoader.compile(ScenarioLoader.applying(overrides, to: base))
            .loaded(file: file, sourceBytes: sourceBytes, overrides: overrides)
    }
}

extension ScenarioTemplate {
    /// The scenario with `overrides` applied, as one self-contained YAML
    /// document (its `extends:` chain already merged in), preceded by
    /// `header` lines written as comments.
    ///
    /// The text loads to the same model as `load(overrides:)`; comments and
    /// the original layout are not kept. Throws as `load(overrides:)` does
    /// when an override does not apply or the result is not a valid scenario.
    public func documentText(overrides: [SetOverride], header: [String] = []) throws(ScenarioError) -> String {
        let tree = try ScenarioLoader.applying(overrides, to: base)
        _ = try ScenarioLoader.compile(tree)
        let comments = header.map { line in "# " + line.replacing("\n", with: " ") + "\n" }.joined()
        return comments + tree.root.yamlText()
    }
}
