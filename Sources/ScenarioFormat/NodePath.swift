/// A key path into the scenario document, as shown in diagnostics:
/// `network.flows[2].rate`, or `""` for the root.
struct NodePath: Sendable, Hashable, CustomStringConvertible {
    /// The rendered path.
    private(set) var description: String

    /// The document root.
    static let root = NodePath(description: "")

    /// The path of the value under `key` in the mapping at this path.
    func key(_ key: String) -> NodePath {
        NodePath(description: description.isEmpty ? key : "\(description).\(key)")
    }

    /// The path of item `index` in the list at this path.
    func index(_ index: Int) -> NodePath {
        NodePath(description: "\(description)[\(index)]")
    }
}
