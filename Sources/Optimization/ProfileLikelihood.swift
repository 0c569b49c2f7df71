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
    /// Deterministic: the points are computed sequentially in a fixed order
    /// (lower side, then upper side), each from a fixed warm start.
    /// `objective` is `@Sendable` so that the caller may profile several
    /// coordinates at once on different threads.
    ///
    /// Complexity: at most `2·gridPoints` + 2·(crossing iterations, at most
    /// 100) re-optimisations, each at most `settings.maxEvaluations` objective calls.
    public static func profile(parameter i: Int, optimum: OptimizationResult, box: Box,
                               objective: @Sendable ([Double]) -> Double, settings: OptimizerSettings,
                               gridPoints: Int = 8, threshold: Double = threshold95,
                               xTolerance: Double = 1e-6) -> Profile {
        precondition(box.indices.contains(i), "cannot profile coordinate \(i) of a box of dimension \(box.dimension)")
        precondition(optimum.point.count == box.dimension, "the optimum's dimension differs from the box's")
        precondition(gridPoints >= 1 && threshold > 0 && xTolerance > 0,
                     "profile needs gridPoints >= 1, threshold > 0 and xTolerance > 0")
        return withoutActuallyEscaping(objective) { objective in
            var slicer = ProfileSlicer(parameter: i, box: box, objective: objective, settings: settings)
            return walk(&slicer, optimum: optimum, box: box, threshold: threshold, gridPoints: gridPoints,
                        xTolerance: xTolerance)
        }
    }

    /// The body of `profile`: the grid walks outward from the optimum, the
    /// crossings, and the improved optimum.
    static func walk(_ slicer: inout ProfileSlicer, optimum: OptimizationResult, box: Box, threshold: Double,
                     gridPoints: Int, xTolerance: Double) -> Profile {
        let i = slicer.parameter
        var others = optimum.point
        let center = ProfilePoint(value: others.remove(at: i), objective: optimum.value, others: others)
        let target = optimum.value + threshold
        var points = [center]
        var ends: [ProfileBound] = []
        for edge in [box.lower[i], box.upper[i]] {
            var inner = center
            var end = ProfileBound.notReached
            for k in 1...gridPoints where edge != center.value {
                let value = k == gridPoints ? edge
                    : center.value + Double(k) / Double(gridPoints) * (edge - center.value)
                let outer = slicer.point(at: value, warmStart: inner.others)
                points.append(outer)
                if !(outer.objective < target) {
                    let crossing = slicer.locateCrossing(inner: inner, outer: outer, target: target,
                                                         width: xTolerance * box.width(i))
                    points += crossing.points
                    end = .at(crossing.value)
                    break
                }
                inner = outer
            }
            ends.append(end)
        }
        let improved = points.filter { $0.objective < optimum.value - slicer.settings.absoluteTolerance }
            .min { $0.objective < $1.objective }
        return Profile(parameter: i, points: points.sorted { $0.value < $1.value },
                       lower: ends[0], upper: ends[1], improvedOptimum: improved,
                       evaluations: slicer.evaluations)
    }
}
