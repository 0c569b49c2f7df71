/// First declarations of names that must be distinct (assays, children,
/// immunity pairs), for "duplicate" messages that point at the first one.
struct DistinctNames: Sendable {
    private var first: [String: SourcePosition] = [:]

    /// Records `name` at `position`; returns the earlier position if it was seen before.
    mutating func declare(_ name: String, at position: SourcePosition) -> SourcePosition? {
        if let earlier = first[name] { return earlier }
        first[name] = position
        return nil
    }
}
