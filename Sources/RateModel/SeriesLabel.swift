/// Which population a time series describes: the key columns of `timeseries.csv`.
///
/// At network level `host` is empty, `origin` and `cellType` are `.absent`,
/// and `compartment` is a compartment name or `.total` (the sum over
/// compartments). The sums the tool generates are their own cases of
/// `Part`, never strings, so no declared name can be taken for one; they
/// become the text `all` and `total` only where a file is written (`text`).
public struct SeriesLabel: Sendable, Hashable, Codable {
    public var host: String
    public var origin: Part
    public var cellType: Part
    public var compartment: Part

    public init(host: String = "", origin: Part = .absent, cellType: Part = .absent, compartment: Part) {
        self.host = host
        self.origin = origin
        self.cellType = cellType
        self.compartment = compartment
    }

    /// One key column of a series: a declared name or a sum the tool generates.
    public enum Part: Sendable, Hashable, Codable, CustomStringConvertible {
        /// A name the scenario declares (an origin, a cell type, a compartment).
        case named(String)
        /// The column does not apply (origin and cell type at network level).
        case absent
        /// The sum over origins (origin column).
        case allOrigins
        /// The sum over cell types (cell_type column).
        case allCellTypes
        /// The sum over compartments (compartment column).
        case total
        /// The cells an assay counts (internal series, never written).
        case assayed

        /// The text written in the column: the name, empty, or the reserved word of a sum.
        public var text: String {
            switch self {
            case .named(let name): name
            case .absent: ""
            case .allOrigins, .allCellTypes: ReservedName.all.rawValue
            case .total: ReservedName.total.rawValue
            case .assayed: "assay"
            }
        }

        /// The declared name; nil for a sum or an absent column.
        public var name: String? {
            if case .named(let name) = self { name } else { nil }
        }

        public var description: String { text }
    }
}
