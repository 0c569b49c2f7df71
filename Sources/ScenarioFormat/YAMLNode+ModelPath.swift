/// Finding where a `ModelPath` (a `BiologySite` in the keys of the file) lies in the scenario tree.
extension YAMLNode {
    /// The node a `ModelPath` points to, or its nearest existing ancestor when
    /// the rest of the path is absent from the document (a default was used),
    /// with the key path of the whole `path` as written in the document and
    /// the number of trailing segments of `path` absent from it (0 when the
    /// node itself is there; all of them when not even the first key is).
    ///
    /// Segments are matched like the document is written: a key in a mapping;
    /// an index in a list; and a key absent from an event item
    /// (`events[2].host`) is looked up inside the item's kind
    /// (`events[2].transfusion.host`).
    ///
    /// Complexity: O(length of the path × entries per mapping).
    func locate(_ path: ModelPath) -> (position: SourcePosition, keyPath: NodePath, absent: Int) {
        var node = self
        var keyPath = NodePath.root
        var rest = path.segments[...]
        while let segment = rest.first, let step = node.child(segment, path: keyPath) {
            node = step.node
            keyPath = step.keyPath
            if step.consumed { rest = rest.dropFirst() }
        }
        for segment in rest {
            switch segment {
            case .key(let key): keyPath = keyPath.key(key)
            case .index(let index): keyPath = keyPath.index(index)
            }
        }
        return (node.position, keyPath, rest.count)
    }

    /// The child a segment selects, with its key path; `nil` when absent.
    /// For an event item the step goes into the item's kind without
    /// consuming the segment, which is then looked up there.
    private func child(_ segment: ModelPath.Segment, path: NodePath) -> (node: YAMLNode, keyPath: NodePath, consumed: Bool)? {
        switch (content, segment) {
        case (.mapping(let entries), .key(let key)):
            if let entry = entries.first(where: { $0.key == key }) { return (entry.value, path.key(key), true) }
            if entries.count == 1, ScenarioDecoder.eventKinds.contains(entries[0].key), entries[0].value.entries != nil {
                return (entries[0].value, path.key(entries[0].key), false)
            }
            return nil
        case (.sequence(let items), .index(let index)):
            guard items.indices.contains(index) else { return nil }
            return (items[index], path.index(index), true)
        case (.mapping, .index), (.sequence, .key), (.scalar, _):
            return nil
        }
    }
}
