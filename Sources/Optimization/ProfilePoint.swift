/// One point of a likelihood profile: the profiled coordinate held at `value`,
/// the other coordinates re-optimised.
public struct ProfilePoint: Sendable, Hashable {
    /// The profiled coordinate's value.
    public let value: Double
    /// The minimum of the objective over the other coordinates at `value`
    /// (+∞ if it was not finite anywhere evaluated).
    public let objective: Double
    /// The other coordinates at that minimum, in order, the profiled one left out.
    public let others: [Double]

    public init(value: Double, objective: Double, others: [Double]) {
        self.value = value
        self.objective = objective
        self.others = others
    }

    /// The full point: `others` with `value` inserted at `parameter`. O(n).
    public func point(parameter: Int) -> [Double] {
        var point = others
        point.insert(value, at: parameter)
        return point
    }
}
