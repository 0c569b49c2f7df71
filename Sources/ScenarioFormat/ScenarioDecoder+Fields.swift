/// Generic field access for the schema walk: mappings with known keys and
/// required values.
extension ScenarioDecoder {
    /// A mapping node whose keys have been checked against the schema.
    struct Fields {
        let node: YAMLNode
        let path: NodePath

        /// The value of the first occurrence of `key`, if present.
        subscript(key: String) -> YAMLNode? { node.value(forKey: key) }

        /// The value under `key`, reporting a missing required key at the mapping.
        func require(_ key: String, hint: String, in decoder: inout ScenarioDecoder) -> YAMLNode? {
            if let value = self[key] { return value }
            decoder.sink.report("missing required key '\(key)' (\(hint))", at: node.position, path: path)
            return nil
        }

        /// The position of `key`'s entry (the key itself), if present.
        func keyPosition(_ key: String) -> SourcePosition? {
            node.entries?.first { $0.key == key }?.keyPosition
        }
    }

    /// Checks that `node` is a mapping and reports each key not in `keys`,
    /// suggesting the closest valid one.
    mutating func fields(_ node: YAMLNode, path: NodePath, expected: String, keys: [String]) -> Fields? {
        guard let entries = node.entries else {
            sink.report("expected \(expected) as a mapping with keys \(keys.joined(separator: ", ")), got \(node.kindDescription)",
                        at: node.position, path: path)
            return nil
        }
        for entry in entries where !keys.contains(entry.key) {
            sink.report("unknown key '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: keys))",
                        at: entry.keyPosition, path: path.key(entry.key))
        }
        return Fields(node: node, path: path)
    }

    /// The text of a scalar, reporting anything else as the wrong kind of node.
    mutating func scalarText(_ node: YAMLNode, path: NodePath, expected: String) -> String? {
        if let text = node.scalarText { return text }
        sink.report("expected \(expected), got \(node.kindDescription)", at: node.position, path: path)
        return nil
    }

    /// A non-empty text value (names, compartment names, references to
    /// names, file paths) without forbidden characters (`TextCharacters`).
    mutating func text(_ node: YAMLNode, path: NodePath) -> String? {
        guard let raw = scalarText(node, path: path, expected: "a text value") else { return nil }
        let text = raw.trimmingWhitespace()
        if node.isNull || text.isEmpty {
            sink.report("expected a non-empty text value, got \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
        return acceptsCharacters(text, at: node.position, path: path) ? text : nil
    }

    /// Whether `text` holds no forbidden character (`TextCharacters`), other
    /// than those in `allowed`; reports the first one at `position` when it does.
    mutating func acceptsCharacters(_ text: String, at position: SourcePosition, path: NodePath, allowed: Set<Unicode.Scalar> = [],
                                    what: String = "a name or other text value") -> Bool {
        guard let bad = text.unicodeScalars.first(where: { TextCharacters.isForbidden($0) && !allowed.contains($0) }) else { return true }
        sink.report("'\(TextCharacters.escaped(text))' holds the control character \(TextCharacters.describe(bad)), which \(what) "
                    + "may not hold: it would break the CSV, SVG and terminal output the text is written to; remove it",
                    at: position, path: path)
        return false
    }
}
