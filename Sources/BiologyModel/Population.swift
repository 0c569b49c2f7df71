/// The cells of one origin and type inside one compartment of one host: one
/// compartment of the compiled network and one row key of `timeseries.csv`.
public struct Population: Sendable, Hashable, Comparable {
    /// Who carries the cells.
    public var host: String
    /// Whose cells they are.
    public var origin: String
    public var cellType: String
    /// `blood` or a tissue.
    public var compartment: String

    public init(host: String, origin: String, cellType: String, compartment: String) {
        self.host = host
        self.origin = origin
        self.cellType = cellType
        self.compartment = compartment
    }

    /// The compartment name in the compiled network: `host/origin/type/compartment`.
    public var networkName: String { "\(host)/\(origin)/\(cellType)/\(compartment)" }

    public static func < (a: Population, b: Population) -> Bool { a.networkName < b.networkName }
}
