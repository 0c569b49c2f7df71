/// Which population a time series describes: the key columns of `timeseries.csv`.
///
/// At network level `host`, `origin` and `cellType` are empty and
/// `compartment` is a compartment name or `total` (the sum over compartments).
public struct SeriesLabel: Sendable, Hashable, Codable {
    public var host: String
    public var origin: String
    public var cellType: String
    public var compartment: String

    public init(host: String = "", origin: String = "", cellType: String = "", compartment: String) {
        self.host = host
        self.origin = origin
        self.cellType = cellType
        self.compartment = compartment
    }

    /// The reserved compartment name of the sum over compartments.
    public static let totalName = "total"
}
