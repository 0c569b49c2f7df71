import Foundation

/// Resolves `extends: other.yaml`: a scenario built on another one.
///
/// The base file is read, its own `extends:` resolved first (chains are
/// allowed, cycles are errors), and the extending document is merged over it
/// (`YAMLNode.merged(with:)`): mappings merge key by key, lists and scalars are
/// replaced whole. A relative path is taken from the directory of the file that
/// names it. Problems in a base file are reported with that file's name and
/// line; a base that cannot be read (missing, a folder, not a regular file,
/// too large), that is empty or only comments, or that is a list or a single
/// value rather than a mapping, and a cycle, are reported at the `extends:`
/// line; a base that is not UTF-8, at its first invalid byte.
struct ScenarioInheritance {
    static let key = "extends"
    /// Most base files one chain may read (each is a level of recursion).
    static let maximumChain = 32

    /// Every base file read, outermost first, with its bytes (for `run.json`).
    private(set) var bases: [(file: String, bytes: [UInt8])] = []

    /// The tree of `file` with its `extends:` chain resolved.
    mutating func resolve(_ root: YAMLNode, file: String, chain: [String] = [], sink: inout DiagnosticSink) -> YAMLNode? {
        guard let reference = root.value(forKey: Self.key) else { return root }
        let path = NodePath.root.key(Self.key)
        guard let name = reference.scalarText, !name.isEmpty, !reference.isNull else {
            sink.report("expected the path of a scenario file to build on, e.g. 'extends: single-pregnancy.yaml', got \(reference.kindDescription)",
                        at: reference.position, path: path)
            return nil
        }
        let basePath = Self.path(name, relativeTo: file)
        let visited = chain + [Self.canonical(file)]
        if visited.contains(Self.canonical(basePath)) {
            sink.report("'\(name)' extends itself through \((visited + [basePath]).joined(separator: " -> ")); remove one of the 'extends:'",
                        at: reference.position, path: path)
            return nil
        }
        if chain.count >= Self.maximumChain {
            sink.report("the chain of 'extends:' is longer than \(Self.maximumChain) files, the loader's bound (\(visited.first ?? file) -> ... -> "
                        + "\(file) -> \(basePath)); merge some of the bases into one file",
                        at: reference.position, path: path)
            return nil
        }
        let source: SourceText
        do {
            source = try SourceText.read(path: basePath)
        } catch {
            switch error {
            case .unreadable(let reason):
                sink.report("cannot read the base scenario '\(basePath)': \(reason)", at: reference.position, path: path)
            case .notUTF8:
                sink.report(error.diagnostic(file: basePath, what: "base scenario"))
            }
            return nil
        }
        bases.append((basePath, source.bytes))
        let problems = sink.count
        let parsed = YAMLReader.read(source.text, origin: .file(basePath), sink: &sink)
        guard sink.count == problems else { return nil }
        guard let parsed, !parsed.isNull, parsed.entries != nil else {
            let what = parsed.map { $0.isNull ? "has no keys" : "holds \($0.kindDescription)" } ?? "is empty (only blank lines or comments)"
            sink.report("the base scenario '\(basePath)' \(what), but 'extends:' needs a scenario to build on: a mapping with keys "
                        + "such as name, horizon and output; give the path of such a file, or remove 'extends:'",
                        at: reference.position, path: path)
            return nil
        }
        parsed.reportDuplicateKeys(path: .root, sink: &sink)
        guard let base = resolve(parsed, file: basePath, chain: visited, sink: &sink) else { return nil }
        return base.merged(with: root.removing(key: Self.key))
    }

    /// `name` taken relative to the directory of `file` unless it is absolute.
    static func path(_ name: String, relativeTo file: String) -> String {
        if name.hasPrefix("/") { return name }
        let directory = (file as NSString).deletingLastPathComponent
        return directory.isEmpty ? name : directory + "/" + name
    }

    private static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }
}
