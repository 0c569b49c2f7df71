/// Applying `--set` overrides to the tree.
extension YAMLNode {
    /// Why an override path did not resolve: the path reached and what is wrong there.
    struct OverrideFailure: Error {
        let path: NodePath
        let reason: String
    }

    /// Replaces the node at `segments` with `value`, creating missing mapping
    /// keys (and intermediate mappings) along the way. `value` is restamped
    /// with `stamp(order)`, where `order` is the position of the node it
    /// replaces (or of the mapping that receives it).
    mutating func set(
        _ segments: ArraySlice<OverridePath.Segment>, to value: YAMLNode,
        stamp: (SourcePosition.Order) -> SourcePosition, path: NodePath
    ) throws(OverrideFailure) {
        guard let segment = segments.first else {
            self = value.restamped(stamp(position.order))
            return
        }
        let rest = segments.dropFirst()
        switch (content, segment) {
        case (.mapping(var entries), .key(let key)):
            if let i = entries.firstIndex(where: { $0.key == key }) {
                try entries[i].value.set(rest, to: value, stamp: stamp, path: path.key(key))
            } else {
                if case .index? = rest.first {
                    let known = entries.map(\.key).joined(separator: ", ")
                    throw OverrideFailure(path: path, reason: "there is no key '\(key)' here to index into; existing keys: \(known.isEmpty ? "none" : known)")
                }
                let created = stamp(position.order)
                var child = YAMLNode(content: .mapping([]), position: created)
                try child.set(rest, to: value, stamp: stamp, path: path.key(key))
                entries.append(Entry(key: key, keyPosition: created, value: child))
            }
            content = .mapping(entries)
        case (.sequence(var items), .index(let index)):
            guard items.indices.contains(index) else {
                let range = items.isEmpty ? "the list is empty" : "valid indices are 0...\(items.count - 1)"
                throw OverrideFailure(path: path, reason: "index [\(index)] is out of range: \(range)")
            }
            try items[index].set(rest, to: value, stamp: stamp, path: path.index(index))
            content = .sequence(items)
        case (.sequence(var items), .key(let name)):
            let names = items.compactMap { $0.value(forKey: "name")?.scalarText }
            guard let index = items.firstIndex(where: { $0.value(forKey: "name")?.scalarText == name }) else {
                if names.isEmpty {
                    let range = items.isEmpty ? "the list is empty" : "use an index from [0] to [\(items.count - 1)]"
                    throw OverrideFailure(path: path, reason: "this is a list whose items have no names, so '\(name)' selects nothing; \(range)")
                }
                var reason = "no item named '\(name)' in this list; names: \(names.joined(separator: ", "))"
                if let close = KeySuggestion.closest(to: name, among: names) { reason += " (did you mean '\(close)'?)" }
                throw OverrideFailure(path: path, reason: reason)
            }
            try items[index].set(rest, to: value, stamp: stamp, path: path.index(index))
            content = .sequence(items)
        case (.mapping(let entries), .index(let index)):
            let known = entries.map(\.key).joined(separator: ", ")
            throw OverrideFailure(path: path, reason: "[\(index)] indexes a list, but this is a mapping with keys: \(known.isEmpty ? "none" : known)")
        case (.scalar, _):
            let next = segment.text
            throw OverrideFailure(path: path, reason: "cannot descend into \(kindDescription) to reach '\(next)': it is a single value, not a mapping or list")
        }
    }
}

extension OverridePath.Segment {
    /// The segment as written in a path: `key` or `[i]`.
    var text: String {
        switch self {
        case .key(let key): key
        case .index(let index): "[\(index)]"
        }
    }
}
