/// The likelihood profile of one coordinate and the confidence interval it gives.
///
/// With the objective a negative log-likelihood ℓ and threshold
/// t = χ²₁(0.95)/2, the 95% profile interval is `{v : p(v) ≤ ℓ̂ + t}` where
/// `p(v) = min over the other coordinates of ℓ` with the profiled coordinate at
/// `v` (Wilks' theorem); `lower` and `upper` are its ends, or `notReached` where
/// the profile stays under the threshold to the box's edge.
public struct Profile: Sendable, Hashable {
    /// The index of the profiled coordinate.
    public let parameter: Int
    /// Every profile point computed, grid and crossing search alike, in
    /// ascending `value`, including the optimum itself.
    public let points: [ProfilePoint]
    /// The crossing below the optimum.
    public let lower: ProfileBound
    /// The crossing above the optimum.
    public let upper: ProfileBound
    /// The lowest profile point whose objective is below the optimum's by more
    /// than `OptimizerSettings.absoluteTolerance`, if any: a better optimum the
    /// profile found, which the caller should report (and may restart from,
    /// with `point(parameter:)`). The crossings are still relative to the
    /// optimum given.
    public let improvedOptimum: ProfilePoint?
    /// The objective evaluations the profile used.
    public let evaluations: Int

    public init(parameter: Int, points: [ProfilePoint], lower: ProfileBound, upper: ProfileBound,
                improvedOptimum: ProfilePoint?, evaluations: Int) {
        self.parameter = parameter
        self.points = points
        self.lower = lower
        self.upper = upper
        self.improvedOptimum = improvedOptimum
        self.evaluations = evaluations
    }

    /// Whether the data bound the parameter on at least one side within the box.
    /// A profile flat to both edges is not identifiable (no interval should be given).
    public var identifiable: Bool { lower != .notReached || upper != .notReached }

    /// Whether both ends of the interval were found (a two-sided interval).
    public var bounded: Bool { lower != .notReached && upper != .notReached }
}
