/// Deep merge of scenario trees, for `extends:`.
extension YAMLNode {
    /// This tree (the base) with `overlay` laid over it: mappings merge key by
    /// key, recursively (keys new in the overlay are appended in its order);
    /// anything else in the overlay (a scalar, a list) replaces the base's
    /// value whole. Every node keeps the position of the file it came from.
    func merged(with overlay: YAMLNode) -> YAMLNode {
        guard case .mapping(var entries) = content, case .mapping(let overlayEntries) = overlay.content else {
            return overlay
        }
        for entry in overlayEntries {
            if let index = entries.firstIndex(where: { $0.key == entry.key }) {
                entries[index].value = entries[index].value.merged(with: entry.value)
                entries[index].keyPosition = entry.keyPosition
            } else {
                entries.append(entry)
            }
        }
        return YAMLNode(content: .mapping(entries), position: overlay.position)
    }

    /// The mapping without `key` (unchanged for other kinds of node).
    func removing(key: String) -> YAMLNode {
        guard case .mapping(let entries) = content else { return self }
        return YAMLNode(content: .mapping(entries.filter { $0.key != key }), position: position)
    }
}
