/// The outcome of one `BoundedOptimizer.minimize` run.
public struct OptimizationResult: Sendable, Hashable {
    /// The best point evaluated (lowest objective value; the first if tied).
    public let point: [Double]
    /// The objective at `point`; +∞ if it was not finite anywhere evaluated.
    public let value: Double
    /// How many times the objective was evaluated.
    public let evaluations: Int
    /// Why the run stopped.
    public let status: OptimizerStatus
    /// The starting point, clamped into the box.
    public let start: [Double]

    public init(point: [Double], value: Double, evaluations: Int, status: OptimizerStatus, start: [Double]) {
        self.point = point
        self.value = value
        self.evaluations = evaluations
        self.status = status
        self.start = start
    }
}
