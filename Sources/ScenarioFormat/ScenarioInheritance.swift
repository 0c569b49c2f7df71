import Foundation

/// Resolves `extends: other.yaml`: a scenario built on another one.
///
/// The base file is read, its own `extends:` resolved first (chains are
/// allowed, cycles are errors), and the extending document is merged over it
/// (`YAMLNode.merged(with:)`): mappings merge key by key, lists and scalars are
/// replaced whole. A relative path is taken from the directory of the file that
/// names it. Problems in a base file are reported with that file's name and
/// line; an unreadable base or a cycle is reported at the `extends:` line.
struct ScenarioInheritance {
    static let key = "extends"

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
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: basePath)))
        } catch {
            sink.report("cannot read the base scenario '\(basePath)': "
                        + (FileManager.default.fileExists(atPath: basePath) ? (error as NSError).localizedDescription : "no such file"),
                        at: reference.position, path: path)
            return nil
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard let text = String(validating: body, as: UTF8.self) else {
            sink.report("the base scenario '\(basePath)' is not valid UTF-8 text", at: reference.position, path: path)
            return nil
        }
        bases.append((basePath, bytes))
        guard let parsed = YAMLReader.read(text, origin: .file(basePath), sink: &sink), !parsed.isNull else { return nil }
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
