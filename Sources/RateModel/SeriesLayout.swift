
/// Which output series a run reports and which compartments each one sums.
///
/// At network level there is one series per compartment plus `total`, the sum
/// of all compartments. The biology-level compiler will supply richer layouts
/// (per host, origin and cell type, with their totals).
public struct SeriesLayout: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let label: SeriesLabel
        /// Indices of the compartments summed by this series, ascending.
        public let compartments: [Int]

        public init(label: SeriesLabel, compartments: [Int]) {
            self.label = label
            self.compartments = compartments.sorted()
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// One series per compartment, then `.total`.
    public init(network model: NetworkModel) {
        var entries = model.compartments.indices.map { i in
            Entry(label: SeriesLabel(compartment: .named(model.compartments[i].name)), compartments: [i])
        }
        entries.append(Entry(label: SeriesLabel(compartment: .total), compartments: Array(model.compartments.indices)))
        self.entries = entries
    }

    public var count: Int { entries.count }

    /// The value of every series for one state vector.
    @inlinable
    public func values(of counts: [Int]) -> [Int] {
        entries.map { e in e.compartments.reduce(0) { $0 + counts[$1] } }
    }
}
