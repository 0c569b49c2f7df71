/// The compartment names a scenario declares, for resolving `from`, `to` and `in`.
struct CompartmentNames: Sendable {
    /// Names in declaration order (the first occurrence of each).
    private(set) var ordered: [String] = []
    /// List index and position of each name's first occurrence.
    private var declared: [String: (index: Int, position: SourcePosition)] = [:]
    /// Reserved names that some compartment tried to use (already reported there).
    private(set) var rejected: Set<String> = []

    /// Records `name` at list position `index`; returns the position of the
    /// earlier declaration if the name was already declared.
    mutating func declare(_ name: String, at index: Int, position: SourcePosition) -> SourcePosition? {
        if let earlier = declared[name] { return earlier.position }
        declared[name] = (index, position)
        ordered.append(name)
        return nil
    }

    /// Records that a compartment was given a reserved name, so references to
    /// it are not reported a second time.
    mutating func reject(_ name: String) {
        rejected.insert(name)
    }

    /// The list index of `name`, if declared.
    func index(of name: String) -> Int? { declared[name]?.index }
}
