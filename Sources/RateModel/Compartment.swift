/// A place where cells live (blood, a tissue), with its initial cell count.
public struct Compartment: Sendable, Hashable, Codable {
    /// Unique name, as written in the scenario and in `timeseries.csv`.
    public var name: String
    /// Number of cells present at time 0.
    public var initial: Int

    public init(name: String, initial: Int = 0) {
        precondition(initial >= 0, "initial cell count must be non-negative")
        self.name = name
        self.initial = initial
    }
}
