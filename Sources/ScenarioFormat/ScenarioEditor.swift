/// A scenario text as an editable tree: read, changed key by key, checked and
/// written back as one self-contained YAML document.
///
/// The teaching page's controls edit a scenario through it. The text is read
/// as `ScenarioLoader.parse` reads it (its `extends:` chain merged in); a
/// change places YAML values at key paths as `--set` does, except that a new
/// value is stamped with the file position of the node it replaces (or of the
/// mapping or list that receives it), so `load()` reports a problem at a line
/// of the original text. `text()` keeps the original's header comment block
/// and writes the rest in a compact block style (`YAMLNode.compactText`).
/// Paths are `--set` paths (`pregnancies[1].start`, `cell_types.progenitor`).
public struct ScenarioEditor: Sendable {
    /// Display path of the scenario in diagnostics.
    public let file: String
    /// The comment and blank lines at the top of the original text.
    public let header: String
    var root: YAMLNode

    /// Reads `text`; throws `.invalid` as `ScenarioLoader.parse` would for a
    /// syntax error, an empty document or a broken `extends:` chain
    /// (`readsBases: false` refuses `extends:`, see `ScenarioLoader.parse`).
    public init(text: String, file: String, readsBases: Bool = true) throws(ScenarioError) {
        self.file = file
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        header = Self.headerBlock(of: body)
        root = try ScenarioLoader.base(text: body, file: file, readsBases: readsBases).root
    }

    /// Whether the document is biology-level (has no `network:` key).
    public var isBiologyLevel: Bool { ScenarioDecoder.level(of: root) == .biology }

    /// The text of the scalar at `path`; nil when absent, empty or not a scalar.
    public func scalar(at path: String) -> String? {
        guard let node = node(at: path), !node.isNull else { return nil }
        return node.scalarText
    }

    /// Whether a (non-empty) value exists at `path`.
    public func contains(_ path: String) -> Bool {
        guard let node = node(at: path) else { return false }
        return !node.isNull
    }

    /// The number of items of the list at `path`; 0 when absent or empty, nil when not a list.
    public func count(at path: String) -> Int? {
        guard let node = node(at: path) else { return 0 }
        if node.isNull { return 0 }
        return node.items?.count
    }

    /// The keys of the mapping at `path`, in document order; nil when absent or not a mapping.
    public func keys(at path: String) -> [String]? {
        node(at: path)?.entries?.map(\.key)
    }

    /// Every key and scalar text of the document: the names a new name must not repeat.
    public var allWords: Set<String> {
        var words = Set<String>()
        func walk(_ node: YAMLNode) {
            switch node.content {
            case .scalar(let text, _): words.insert(text)
            case .mapping(let entries): for entry in entries { words.insert(entry.key); walk(entry.value) }
            case .sequence(let items): items.forEach(walk)
            }
        }
        walk(root)
        return words
    }

    /// A diagnostic at the node of `path` (or the nearest node above it that exists), as `validate` prints them.
    public func diagnostic(at path: String, message: String) -> Diagnostic {
        var position = root.position
        if let parsed = try? OverridePath(parsing: path) {
            var node = root
            for segment in parsed.segments {
                guard let next = node.child(segment) else { break }
                node = next
                position = node.position
            }
        }
        return Diagnostic(file: position.file, line: position.line, column: position.column, keyPath: path, message: message)
    }

    /// Places the YAML value `yaml` at `path`, creating missing mapping keys.
    /// Throws `.invalid` when `yaml` is not valid YAML or the path leads through a single value or out of a list.
    public mutating func set(_ path: String, yaml: String) throws(ScenarioError) {
        let segments = try Self.segments(path)
        let value = try parse(yaml, path: path)
        let file = self.file
        do {
            try root.set(segments[...], to: value, stamp: { Self.stamp(file, $0) }, path: .root)
        } catch {
            throw .invalid([diagnostic(at: path, message: "cannot set this value: \(error.reason)")])
        }
    }

    /// Removes the key or list item at `path`; nothing happens when it does not exist.
    public mutating func remove(_ path: String) throws(ScenarioError) {
        let segments = try Self.segments(path)
        root.remove(segments[...])
    }

    /// Appends the YAML value `yaml` to the list at `path`, creating the list when the key is absent or empty.
    public mutating func append(to path: String, yaml: String) throws(ScenarioError) {
        let value = try parse(yaml, path: path)
        guard let existing = node(at: path), !existing.isNull else {
            try set(path, yaml: "[]")
            let position = node(at: path)?.position ?? root.position
            let segments = try Self.segments(path)
            _ = root.update(segments[...]) { $0.content = .sequence([value.restamped(position)]) }
            return
        }
        guard existing.items != nil else {
            throw .invalid([diagnostic(at: path, message: "expected a list here, got \(existing.kindDescription)")])
        }
        let item = value.restamped(Self.stamp(file, existing.position.order))
        let segments = try Self.segments(path)
        _ = root.update(segments[...]) { node in
            if case .sequence(let items) = node.content { node.content = .sequence(items + [item]) }
        }
    }

    /// Validates and compiles the edited document as `ScenarioLoader.parse`
    /// would its text; problems are placed at lines of the original text.
    public func load() throws(ScenarioError) -> LoadedScenario {
        var sink = DiagnosticSink()
        root.reportDuplicateKeys(path: .root, sink: &sink)
        let tree = ScenarioLoader.Tree(root: root, sink: sink, bases: [], hasNoDuplicateKeys: sink.isEmpty)
        let text = self.text()
        return try ScenarioLoader.compile(tree).loaded(file: file, sourceBytes: Array(text.utf8), overrides: [])
    }

    /// The original header comment block followed by the document in compact block style.
    public func text() -> String {
        header + root.compactText()
    }

    // MARK: - Helpers

    func node(at path: String) -> YAMLNode? {
        guard let parsed = try? OverridePath(parsing: path) else { return nil }
        var node = root
        for segment in parsed.segments {
            guard let next = node.child(segment) else { return nil }
            node = next
        }
        return node
    }

    private func parse(_ yaml: String, path: String) throws(ScenarioError) -> YAMLNode {
        var sink = DiagnosticSink()
        let parsed = YAMLReader.read(yaml, origin: .file(file), sink: &sink)
        guard sink.isEmpty else {
            throw .invalid([diagnostic(at: path, message: "the value '\(yaml)' is not valid YAML")])
        }
        return parsed ?? YAMLNode(content: .scalar("", isPlain: true), position: root.position)
    }

    private static func segments(_ path: String) throws(ScenarioError) -> [OverridePath.Segment] {
        do {
            return try OverridePath(parsing: path).segments
        } catch {
            throw .badOverride(argument: path, reason: error.reason)
        }
    }

    private static func stamp(_ file: String, _ order: SourcePosition.Order) -> SourcePosition {
        order.line > 0 ? .file(file, line: order.line, column: order.column)
            : SourcePosition(file: file, line: nil, column: nil, order: order)
    }

    /// The leading lines of `text` that are blank or comments, ending at the last comment.
    static func headerBlock(of text: String) -> String {
        var lines: [Substring] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let bare = line.hasSuffix("\r") ? line.dropLast() : line
            let trimmed = bare.drop { $0 == " " || $0 == "\t" }
            guard trimmed.isEmpty || trimmed.hasPrefix("#") else { break }
            lines.append(bare)
        }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

extension YAMLNode {
    /// The child at one path segment: a mapping key, a list index, or the list item whose `name` is the key.
    func child(_ segment: OverridePath.Segment) -> YAMLNode? {
        switch (content, segment) {
        case (.mapping, .key(let key)): value(forKey: key)
        case (.sequence(let items), .index(let i)): items.indices.contains(i) ? items[i] : nil
        case (.sequence(let items), .key(let name)): items.first { $0.value(forKey: "name")?.scalarText == name }
        default: nil
        }
    }

    /// Changes the node at `segments` in place with `body`; false when there is none.
    mutating func update(_ segments: ArraySlice<OverridePath.Segment>, _ body: (inout YAMLNode) -> Void) -> Bool {
        guard let segment = segments.first else {
            body(&self)
            return true
        }
        let rest = segments.dropFirst()
        switch (content, segment) {
        case (.mapping(var entries), .key(let key)):
            guard let i = entries.firstIndex(where: { $0.key == key }) else { return false }
            let done = entries[i].value.update(rest, body)
            content = .mapping(entries)
            return done
        case (.sequence(var items), .index(let i)):
            guard items.indices.contains(i) else { return false }
            let done = items[i].update(rest, body)
            content = .sequence(items)
            return done
        case (.sequence(var items), .key(let name)):
            guard let i = items.firstIndex(where: { $0.value(forKey: "name")?.scalarText == name }) else { return false }
            let done = items[i].update(rest, body)
            content = .sequence(items)
            return done
        default:
            return false
        }
    }

    /// Removes the key or item at `segments` (nothing when absent).
    mutating func remove(_ segments: ArraySlice<OverridePath.Segment>) {
        guard let segment = segments.first else { return }
        let rest = segments.dropFirst()
        switch (content, segment) {
        case (.mapping(var entries), .key(let key)):
            guard let i = entries.firstIndex(where: { $0.key == key }) else { return }
            if rest.isEmpty { entries.remove(at: i) } else { entries[i].value.remove(rest) }
            content = .mapping(entries)
        case (.sequence(var items), .index(let i)):
            guard items.indices.contains(i) else { return }
            if rest.isEmpty { items.remove(at: i) } else { items[i].remove(rest) }
            content = .sequence(items)
        case (.sequence(var items), .key(let name)):
            guard let i = items.firstIndex(where: { $0.value(forKey: "name")?.scalarText == name }) else { return }
            if rest.isEmpty { items.remove(at: i) } else { items[i].remove(rest) }
            content = .sequence(items)
        default:
            return
        }
    }
}
