/// Profile likelihoods and the confidence intervals they give, in the optimizer's coordinates.
public enum ProfileLikelihood {
    /// The 95% threshold on the negative log-likelihood: half the 0.95 quantile
    /// of χ² with one degree of freedom, 3.841458820694124/2 = 1.959963984540054²/2.
    public static let threshold95 = 1.920729410347062

    /// Profiles coordinate `i` around `optimum` (a minimiser of `objective` in `box`).
    ///
    /// On each side of the optimum's value `v̂`, the profile is computed at
    /// `gridPoints` equally spaced values `v̂ + k/gridPoints·(edge − v̂)`,
    /// k = 1…gridPoints, walking outward; at each the other coordinates are
    /// re-optimised with `BoundedOptimizer` and `settings`, warm-started from
    /// the neighbour nearer the optimum (the optimum itself for k = 1). The
    /// walk stops at the first value whose profile reaches
    /// `optimum.value + threshold` (or is not finite); the crossing between it
    /// and its inner neighbour is then located by safeguarded false position
    /// (see `locateCrossing`) until the bracket is narrower than
    /// `xTolerance·(upper_i − lower_i)` or the profile is within
    /// `settings.absoluteTolerance` of the threshold. A side whose walk reaches
    /// the box's edge under the threshold is `notReached`, as is a side where
    /// the optimum lies on the edge. Points beyond a crossing are not computed
    /// (a profile rising again after falling past the threshold would be missed).
    ///
    /// A profile value below `optimum.value` by more than
    /// `settings.absoluteTolerance` means `optimum` was not the global
    /// minimiser: the walk goes on, the crossings stay relative to
    /// `optimum.value`, and the lowest such point is `improvedOptimum`.
    ///
    /// The two sides are independent (`side(_:parameter:...)`, then
    /// `combine`): a caller may compute them on different threads and get the
    /// same `Profile` as this sequential call. Each side is deterministic (its
    /// points in a fixed order, each from a fixed warm start). `objective` is
    /// `@Sendable` so that the caller may profile several coordinates, and
    /// sides, at once.
    ///
    /// Complexity: at most `2·gridPoints` + 2·(crossing iterations, at most
    /// 100) re-optimisations, each at most `settings.maxEvaluations` objective calls.
    public static func profile(parameter i: Int, optimum: OptimizationResult, box: Box,
                               objective: @Sendable ([Double]) -> Double, settings: OptimizerSettings,
                               gridPoints: Int = 8, threshold: Double = threshold95,
                               xTolerance: Double = 1e-6) -> Profile {
        let halves = ProfileSide.allCases.map { s in
            side(s, parameter: i, optimum: optimum, box: box, objective: objective, settings: settings,
                 gridPoints: gridPoints, threshold: threshold, xTolerance: xTolerance)
        }
        return combine(parameter: i, optimum: optimum, lower: halves[0], upper: halves[1], settings: settings)
    }

    /// One side of the profile of coordinate `i`: the walk from the optimum
    /// towards the box's `side` edge and its crossing (see `profile`).
    public static func side(_ side: ProfileSide, parameter i: Int, optimum: OptimizationResult, box: Box,
                            objective: @Sendable ([Double]) -> Double, settings: OptimizerSettings,
                            gridPoints: Int = 8, threshold: Double = threshold95,
                            xTolerance: Double = 1e-6) -> HalfProfile {
        precondition(box.indices.contains(i), "cannot profile coordinate \(i) of a box of dimension \(box.dimension)")
        precondition(optimum.point.count == box.dimension, "the optimum's dimension differs from the box's")
        precondition(gridPoints >= 1 && threshold > 0 && xTolerance > 0,
                     "profile needs gridPoints >= 1, threshold > 0 and xTolerance > 0")
        return withoutActuallyEscaping(objective) { objective in
            var slicer = ProfileSlicer(parameter: i, box: box, objective: objective, settings: settings)
            let (points, bound) = walk(&slicer, optimum: optimum, edge: side == .lower ? box.lower[i] : box.upper[i],
                                       box: box, threshold: threshold, gridPoints: gridPoints, xTolerance: xTolerance)
            return HalfProfile(side: side, points: points, bound: bound, evaluations: slicer.evaluations)
        }
    }

    /// The profile of coordinate `i` from its two sides: the points of both
    /// and the optimum in ascending value, the crossings, the improved optimum.
    public static func combine(parameter i: Int, optimum: OptimizationResult, lower: HalfProfile, upper: HalfProfile,
                               settings: OptimizerSettings) -> Profile {
        precondition(lower.side == .lower && upper.side == .upper, "combine takes the lower side, then the upper side")
        var others = optimum.point
        let center = ProfilePoint(value: others.remove(at: i), objective: optimum.value, others: others)
        let points = [center] + lower.points + upper.points
        let improved = points.filter { $0.objective < optimum.value - settings.absoluteTolerance }
            .min { $0.objective < $1.objective }
        return Profile(parameter: i, points: points.sorted { $0.value < $1.value }, lower: lower.bound, upper: upper.bound,
                       improvedOptimum: improved, evaluations: lower.evaluations + upper.evaluations)
    }

    /// The walk from the optimum to `edge` and its crossing: the points
    /// computed (without the optimum) and where the profile crosses.
    static func walk(_ slicer: inout ProfileSlicer, optimum: OptimizationResult, edge: Double, box: Box, threshold: Double,
                     gridPoints: Int, xTolerance: Double) -> (points: [ProfilePoint], bound: ProfileBound) {
        let i = slicer.parameter
        var others = optimum.point
        let center = ProfilePoint(value: others.remove(at: i), objective: optimum.value, others: others)
        let target = optimum.value + threshold
        var points: [ProfilePoint] = []
        var inner = center
        for k in 1...gridPoints where edge != center.value {
            let value = k == gridPoints ? edge : center.value + Double(k) / Double(gridPoints) * (edge - center.value)
            let outer = slicer.point(at: value, warmStart: inner.others)
            points.append(outer)
            if !(outer.objective < target) {
                let crossing = slicer.locateCrossing(inner: inner, outer: outer, target: target, width: xTolerance * box.width(i))
                return (points + crossing.points, .at(crossing.value))
            }
            inner = outer
        }
        return (points, .notReached)
    }
}

/// Which side of the optimum a half profile walks towards.
public enum ProfileSide: Sendable, Hashable, CaseIterable {
    case lower, upper
}

/// One side of a profile: its points (the optimum not included), where it
/// crosses the threshold, and the evaluations it used.
public struct HalfProfile: Sendable, Hashable {
    public let side: ProfileSide
    public let points: [ProfilePoint]
    public let bound: ProfileBound
    public let evaluations: Int

    public init(side: ProfileSide, points: [ProfilePoint], bound: ProfileBound, evaluations: Int) {
        self.side = side
        self.points = points
        self.bound = bound
        self.evaluations = evaluations
    }
}
