/// Detection of keys that appear more than once in one mapping.
extension YAMLNode {
    /// Reports every repeated key in every mapping of the subtree, at the
    /// repetition, naming the line of the first occurrence.
    ///
    /// Complexity: O(n²) key comparisons for a mapping of n ≤ 16 keys (no
    /// table to build; scenario mappings are small), O(n) hashing above.
    func reportDuplicateKeys(path: NodePath, sink: inout DiagnosticSink) {
        switch content {
        case .scalar:
            return
        case .sequence(let items):
            for (index, item) in items.enumerated() where !item.isScalar {
                item.reportDuplicateKeys(path: path.index(index), sink: &sink)
            }
        case .mapping(let entries):
            var first: [String: SourcePosition] = [:]
            for (index, entry) in entries.enumerated() {
                let earlier: SourcePosition?
                if entries.count <= 16 {
                    earlier = entries[..<index].first { $0.key == entry.key }?.keyPosition
                } else {
                    earlier = first[entry.key]
                    if earlier == nil { first[entry.key] = entry.keyPosition }
                }
                if let earlier {
                    sink.report("duplicate key '\(entry.key)': first defined at \(earlier.place), again at \(entry.keyPosition.place); each key may appear only once",
                                at: entry.keyPosition, path: path.key(entry.key))
                }
                if !entry.value.isScalar { entry.value.reportDuplicateKeys(path: path.key(entry.key), sink: &sink) }
            }
        }
    }

    /// Whether this node is a scalar (which has no keys to repeat).
    var isScalar: Bool {
        if case .scalar = content { return true }
        return false
    }
}

extension SourcePosition {
    /// `line 4, column 11` for a place in a file; `'--set PATH'` for an override value.
    var place: String {
        guard let line else { return "'\(file)'" }
        return column.map { "line \(line), column \($0)" } ?? "line \(line)"
    }
}
