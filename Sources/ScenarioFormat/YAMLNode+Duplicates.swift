/// Detection of keys that appear more than once in one mapping.
extension YAMLNode {
    /// Reports every repeated key in every mapping of the subtree, at the
    /// repetition, naming the line of the first occurrence.
    func reportDuplicateKeys(path: NodePath, sink: inout DiagnosticSink) {
        switch content {
        case .scalar:
            return
        case .sequence(let items):
            for (index, item) in items.enumerated() {
                item.reportDuplicateKeys(path: path.index(index), sink: &sink)
            }
        case .mapping(let entries):
            var first: [String: SourcePosition] = [:]
            for entry in entries {
                if let earlier = first[entry.key] {
                    sink.report("duplicate key '\(entry.key)': first defined at \(earlier.place), again at \(entry.keyPosition.place); each key may appear only once",
                                at: entry.keyPosition, path: path.key(entry.key))
                } else {
                    first[entry.key] = entry.keyPosition
                }
                entry.value.reportDuplicateKeys(path: path.key(entry.key), sink: &sink)
            }
        }
    }
}

extension SourcePosition {
    /// `line 4, column 11` for a place in a file; `'--set PATH'` for an override value.
    var place: String {
        guard let line else { return "'\(file)'" }
        return column.map { "line \(line), column \($0)" } ?? "line \(line)"
    }
}
