import Foundation

extension ProfileLikelihood {
    /// One side of the profile of coordinate `i`, its points placed by the
    /// curvature instead of an equal grid: for many costly parameters.
    ///
    /// Near a regular optimum the signed root deviance
    /// `r(v) = √(2·(p(v) − p̂))` of the profile `p` is close to linear in `v`,
    /// and the side crosses `p̂ + threshold` where `r = r* = √(2·threshold)`.
    /// The first value is `v̂ ± firstStep` (a Wald distance from the curvature
    /// at the optimum: `r*/√c` for the second derivative `c` of the objective
    /// in this coordinate with the others held, which is at least the
    /// profile's own, so the first point usually falls inside). From each
    /// point `v` below the threshold the next distance from `v̂` is
    /// `|v − v̂|·r*/r(v)·overshoot`, kept between 1.25 and 20 times the last
    /// (and at the box's edge at the latest, the edge itself after `maxSteps`
    /// points); without a usable `firstStep` (not finite or not positive: no
    /// curvature to go by) the first point is the edge itself, so a flat side
    /// costs one re-optimisation; each point is re-optimised over the other
    /// coordinates from
    /// its inner neighbour (`settings`), moved along `slope` when given: the
    /// derivative of the other coordinates' optimum with respect to `v`
    /// (from a quadratic model, `−H₋ᵢ,₋ᵢ⁻¹·H₋ᵢ,ᵢ`), so that the re-optimisation
    /// starts near its answer. The walk ends at the first point
    /// within `objectiveTolerance` of the threshold (that value is the bound),
    /// at the first point above it (the crossing is then located between it
    /// and its inner neighbour as `ProfileSlicer.locateCrossing` does, to
    /// `objectiveTolerance` or `xTolerance` of the box's width, in at most
    /// `maxCrossingSteps` points: a profile whose re-optimised values are
    /// noisier than the tolerance then gets the secant root of its last
    /// bracket), or at the
    /// edge under the threshold (`notReached`, as for an optimum on the edge).
    ///
    /// Deterministic as `side` is. Cost: typically 2–4 re-optimisations
    /// where the profile is close to quadratic; at most `maxSteps` plus the
    /// crossing search's. The same bound as `side` finds, to the tolerances,
    /// when the profile rises monotonically; like `side`, a profile that
    /// falls again beyond a crossing is not followed.
    public static func guidedSide(_ side: ProfileSide, parameter i: Int, optimum: OptimizationResult, box: Box,
                                  objective: @Sendable ([Double]) -> Double, settings: OptimizerSettings,
                                  firstStep: Double, slope: [Double]? = nil, threshold: Double = threshold95,
                                  objectiveTolerance: Double = 0.01, xTolerance: Double = 1e-3,
                                  overshoot: Double = 1.05, maxSteps: Int = 8, maxCrossingSteps: Int = 6) -> HalfProfile {
        precondition(box.indices.contains(i), "cannot profile coordinate \(i) of a box of dimension \(box.dimension)")
        precondition(optimum.point.count == box.dimension, "the optimum's dimension differs from the box's")
        precondition(slope.map { $0.count == box.dimension - 1 } ?? true, "the slope has one entry per other coordinate")
        precondition(threshold > 0 && objectiveTolerance > 0 && xTolerance > 0 && overshoot >= 1 && maxSteps >= 1 && maxCrossingSteps >= 1,
                     "guidedSide needs threshold, objectiveTolerance and xTolerance > 0, overshoot >= 1 and maxSteps >= 1")
        return withoutActuallyEscaping(objective) { objective in
            var slicer = ProfileSlicer(parameter: i, box: box, objective: objective, settings: settings)
            let edge = side == .lower ? box.lower[i] : box.upper[i]
            let (points, bound) = guidedWalk(&slicer, optimum: optimum, edge: edge, box: box, firstStep: firstStep, slope: slope,
                                             threshold: threshold, objectiveTolerance: objectiveTolerance,
                                             xTolerance: xTolerance, overshoot: overshoot, maxSteps: maxSteps,
                                             maxCrossingSteps: maxCrossingSteps)
            return HalfProfile(side: side, points: points, bound: bound, evaluations: slicer.evaluations)
        }
    }

    /// The walk of `guidedSide` towards `edge`.
    static func guidedWalk(_ slicer: inout ProfileSlicer, optimum: OptimizationResult, edge: Double, box: Box,
                           firstStep: Double, slope: [Double]?, threshold: Double, objectiveTolerance: Double, xTolerance: Double,
                           overshoot: Double, maxSteps: Int, maxCrossingSteps: Int) -> (points: [ProfilePoint], bound: ProfileBound) {
        let i = slicer.parameter
        var others = optimum.point
        let center = ProfilePoint(value: others.remove(at: i), objective: optimum.value, others: others)
        let room = abs(edge - center.value)
        guard room > 0 else { return ([], .notReached) }
        let direction = edge > center.value ? 1.0 : -1.0
        let target = optimum.value + threshold
        let rootTarget = (2 * threshold).squareRoot()
        var distance = firstStep.isFinite && firstStep > 0 ? min(firstStep, room) : room
        var points: [ProfilePoint] = []
        var inner = center
        for step in 1...maxSteps {
            if step == maxSteps { distance = room }
            let value = distance >= room ? edge : center.value + direction * distance
            var start = inner.others
            if let slope { for j in start.indices { start[j] += slope[j] * (value - inner.value) } }
            let outer = slicer.point(at: value, warmStart: start)
            points.append(outer)
            let gap = outer.objective - target
            if abs(gap) <= objectiveTolerance { return (points, .at(value)) }
            if !(gap < 0) {
                let crossing = slicer.locateCrossing(inner: inner, outer: outer, target: target, width: xTolerance * box.width(i),
                                                     objectiveTolerance: objectiveTolerance, maxSteps: maxCrossingSteps)
                return (points + crossing.points, .at(crossing.value))
            }
            if value == edge { return (points, .notReached) }
            let rise = outer.objective - optimum.value
            let predicted = rise > 0 ? distance * rootTarget / (2 * rise).squareRoot() * overshoot : 20 * distance
            distance = min(max(predicted, 1.25 * distance), 20 * distance, room)
            inner = outer
        }
        return (points, .notReached)
    }
}
