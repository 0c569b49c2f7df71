/// Computes profile points of one coordinate: the objective minimised over the
/// others with that coordinate held fixed, and the crossing of a threshold.
struct ProfileSlicer {
    let parameter: Int
    /// The box without the profiled coordinate.
    let others: Box
    let objective: @Sendable ([Double]) -> Double
    let settings: OptimizerSettings
    /// Objective evaluations used so far.
    private(set) var evaluations = 0

    /// The most false-position steps one crossing search takes.
    static let maxCrossingSteps = 100

    init(parameter: Int, box: Box, objective: @escaping @Sendable ([Double]) -> Double,
         settings: OptimizerSettings) {
        self.parameter = parameter
        self.others = box.removing(parameter)
        self.objective = objective
        self.settings = settings
    }

    /// The profile at `value`: the other coordinates re-optimised from `warmStart`.
    mutating func point(at value: Double, warmStart: [Double]) -> ProfilePoint {
        let parameter = parameter, objective = objective
        let result = BoundedOptimizer.minimize({ rest in
            var x = rest
            x.insert(value, at: parameter)
            return objective(x)
        }, start: warmStart, box: others, settings: settings)
        evaluations += result.evaluations
        return ProfilePoint(value: value, objective: result.value, others: result.point)
    }

    /// Locates where the profile crosses `target` between `inner` (below it)
    /// and `outer` (at or above it, or not finite).
    ///
    /// Safeguarded false position with the Illinois modification: with
    /// g = profile − target, the next value is the secant root
    /// `a + (b − a)·g(a)/(g(a) − g(b))` of the bracket [a, b], kept at least
    /// a hundredth of the bracket from either end (the midpoint when g(b) is
    /// not finite); the end on the root's side is replaced, and if the
    /// same end survives twice its g is halved, which makes the bracket shrink
    /// superlinearly on smooth profiles. Each new point is warm-started from
    /// the inner end. Stops when |g| ≤ `objectiveTolerance` (by default
    /// `settings.absoluteTolerance`; returning that value) or the bracket is
    /// narrower than `width` or after `maxSteps` points (returning the secant
    /// root of the final bracket, or its midpoint).
    mutating func locateCrossing(inner: ProfilePoint, outer: ProfilePoint, target: Double,
                                 width: Double, objectiveTolerance: Double? = nil,
                                 maxSteps: Int = maxCrossingSteps) -> (value: Double, points: [ProfilePoint]) {
        let tolerance = objectiveTolerance ?? settings.absoluteTolerance
        var (a, b) = (inner, outer)
        var (ga, gb) = (inner.objective - target, outer.objective - target)
        var kept = 0 // +1 when b survived the last step, −1 when a did
        var points: [ProfilePoint] = []
        var steps = 0
        while abs(b.value - a.value) > width && steps < maxSteps {
            steps += 1
            let value = Self.estimate(a.value, ga, b.value, gb)
            let middle = point(at: value, warmStart: a.others)
            points.append(middle)
            let g = middle.objective - target
            if abs(g) <= tolerance { return (value, points) }
            if g < 0 {
                (a, ga) = (middle, g)
                if kept == 1 { gb /= 2 }
                kept = 1
            } else {
                (b, gb) = (middle, g)
                if kept == -1 { ga /= 2 }
                kept = -1
            }
        }
        return (Self.estimate(a.value, ga, b.value, gb), points)
    }

    /// The secant root of g between (a, ga < 0) and (b, gb ≥ 0), at least 1%
    /// of the bracket's width from either end, or the midpoint when gb is not
    /// finite.
    static func estimate(_ a: Double, _ ga: Double, _ b: Double, _ gb: Double) -> Double {
        guard gb.isFinite, ga < gb else { return a + (b - a) / 2 }
        let fraction = min(max(ga / (ga - gb), 0.01), 0.99)
        return a + (b - a) * fraction
    }
}
