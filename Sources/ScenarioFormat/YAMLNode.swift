/// The scenario document as a small tree of text: scalars, mappings and
/// sequences, each with its source position.
///
/// Scalars keep their text verbatim; the schema decoder parses numbers, times
/// and rates itself, so `"0.004 /day"` and `0.004 /day` mean the same.
struct YAMLNode: Sendable {
    /// What the node holds.
    enum Content: Sendable {
        /// A scalar. `isPlain` is false for quoted and block scalars.
        case scalar(String, isPlain: Bool)
        /// Key-value pairs in document order (duplicates kept, reported later).
        case mapping([Entry])
        /// Items in document order.
        case sequence([YAMLNode])
    }

    /// One key-value pair of a mapping.
    struct Entry: Sendable {
        var key: String
        var keyPosition: SourcePosition
        var value: YAMLNode
    }

    var content: Content
    var position: SourcePosition

    /// The text of a scalar, `nil` for mappings and sequences.
    var scalarText: String? {
        if case .scalar(let text, _) = content { return text }
        return nil
    }

    /// Whether this is an unquoted empty, `~` or `null` scalar (an absent value).
    var isNull: Bool {
        if case .scalar(let text, true) = content { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// The entries of a mapping, `nil` otherwise.
    var entries: [Entry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The items of a sequence, `nil` otherwise.
    var items: [YAMLNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The first value under `key` in a mapping.
    func value(forKey key: String) -> YAMLNode? {
        entries?.first { $0.key == key }?.value
    }

    /// A short description of what the node is, for "expected X, got Y" messages.
    var kindDescription: String {
        switch content {
        case .scalar(let text, _):
            if isNull { return "an empty value" }
            return "'\(text.count > 60 ? String(text.prefix(57)) + "..." : text)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        }
    }

    /// A copy with every position in the subtree replaced by `position`.
    func restamped(_ position: SourcePosition) -> YAMLNode {
        var copy = self
        copy.position = position
        switch content {
        case .scalar: break
        case .mapping(let entries):
            copy.content = .mapping(entries.map {
                Entry(key: $0.key, keyPosition: position, value: $0.value.restamped(position))
            })
        case .sequence(let items):
            copy.content = .sequence(items.map { $0.restamped(position) })
        }
        return copy
    }
}
