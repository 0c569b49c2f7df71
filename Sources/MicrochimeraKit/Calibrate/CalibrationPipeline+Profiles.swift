import LinearAlgebra
import Optimization

extension CalibrationPipeline {
    /// The local optimisations that start next to a minimum (profile points,
    /// leave-one-study-out refits): BOBYQA with a first step of 2% of each
    /// coordinate's width and at most 600 evaluations (a warm start that needs
    /// more is in a region where the model gives some data probability 0,
    /// and the rest of a larger budget goes to the `sbplx` polish), stopping
    /// when a step changes the negative
    /// log-likelihood by less than 1e-3 (or 1e-5 of it, or every coordinate by less than 1e-5 of it). A profile crossing
    /// is located to 0.01 (below), so 1e-3 is inside what the intervals
    /// resolve; the joint fit itself keeps `FitPipeline.settings`.
    static let warmSettings = OptimizerSettings(algorithm: .bobyqa, relativeTolerance: 1e-5, absoluteTolerance: 1e-3,
                                                maxEvaluations: 600, initialStep: 0.02)
    /// A profile point's re-optimisation: `warmSettings`, stopping at changes
    /// of 1e-2 in the negative log-likelihood, a fifth of the 0.05 to which a
    /// crossing is located (`crossingTolerance`). On the suite of 2026-12-07
    /// (niche seeding near 1e-3 /day, whose generating functions take steps
    /// of weeks over decades) 1e-3 took 7293 evaluations and 706 s for 30
    /// sides, most of `make calibrate`'s budget.
    static let profileSettings = OptimizerSettings(algorithm: .bobyqa, relativeTolerance: 1e-5, absoluteTolerance: 1e-2,
                                                   maxEvaluations: 600, initialStep: 0.02)
    /// A profile's crossing is accepted within 0.05 of the threshold 1.92:
    /// where the profile is quadratic, 1.3% of the interval's half-width
    /// (0.01 cost a fifth more evaluations on the suite, measured 2026-12-06).
    static let crossingTolerance = 0.05

    /// Every parameter's 95% interval around `optimum`: a parameter of the
    /// biology (no `studies:`) by its profile, each side walked by
    /// `ProfileLikelihood.guidedSide` along the quadratic model of the joint
    /// information J (`guide`): from the profile's Wald distance, each point
    /// warm-started where the model puts the other coordinates' optimum. The 2·k sides are
    /// independent jobs on `threads` workers, each serial, so the profiles
    /// are the same for any thread count. A parameter of a group of studies
    /// (a disease group's rate, an assay's efficiency: not a default of the
    /// biology) gets the quadratic model's interval instead (`curvatureProfile`),
    /// which costs no evaluation; make calibrate's budget goes to the
    /// defaults' profiles.
    static func profiles(_ problem: FitProblem, optimum: OptimizationResult, objective: @escaping @Sendable ([Double]) -> Double,
                         information: StudyInformation, joint: JointInformation, threads: Int, log: (@Sendable (String) -> Void)? = nil) -> [Profile] {
        let box = problem.box
        let profiled = problem.coordinates.indices.filter { problem.coordinates[$0].parameter.studies == nil }
        let sides = profiled.flatMap { i in ProfileSide.allCases.map { (parameter: i, side: $0) } }
        let halves = FitPipeline.parallelMap(count: sides.count, threads: threads) { job in
            let (i, side) = sides[job]
            let (first, slope) = guide(i, information: information, joint: joint)
            let half = ProfileLikelihood.guidedSide(side, parameter: i, optimum: optimum, box: box, objective: objective,
                                                    settings: profileSettings, firstStep: first, slope: slope,
                                                    objectiveTolerance: crossingTolerance)
            let bound: String
            switch half.bound {
            case .at(let v): bound = "crosses at \(problem.coordinates[i].value(v))"
            case .notReached: bound = "not reached"
            }
            let model = slope.map { "\($0.filter { $0 != 0 }.count) coupled" } ?? "diagonal"
            log?("  profile of \(problem.coordinates[i].parameter.name), \(side) side: \(bound) "
                 + "(\(half.points.count) points, \(half.evaluations) evaluations; first step \(first), \(model))")
            return half
        }
        return problem.coordinates.indices.map { i in
            guard let k = profiled.firstIndex(of: i) else {
                return curvatureProfile(i, optimum: optimum, box: box, distance: guide(i, information: information, joint: joint).firstStep)
            }
            return ProfileLikelihood.combine(parameter: i, optimum: optimum, lower: halves[2 * k], upper: halves[2 * k + 1], settings: warmSettings)
        }
    }

    /// The quadratic model's 95% interval of coordinate i: the estimate ±
    /// `distance` (the conditional Wald distance of `guide`), an end beyond
    /// the box not reached; not identifiable when the distance is not finite.
    /// One point (the optimum), no evaluation.
    static func curvatureProfile(_ i: Int, optimum: OptimizationResult, box: Box, distance: Double) -> Profile {
        let x = optimum.point[i]
        func end(_ v: Double) -> ProfileBound { distance.isFinite && v >= box.lower[i] && v <= box.upper[i] ? .at(v) : .notReached }
        var others = optimum.point
        others.remove(at: i)
        return Profile(parameter: i, points: [ProfilePoint(value: x, objective: optimum.value, others: others)],
                       lower: end(x - distance), upper: end(x + distance), improvedOptimum: nil, evaluations: 0)
    }

    /// The quadratic model's guess for the profile of coordinate i: the
    /// first distance and the slope of the other coordinates' optimum.
    ///
    /// With J the joint observed information (`JointInformation`) split as Jᵢᵢ, `b = J₋ᵢ,ᵢ` and
    /// `A = J₋ᵢ,₋ᵢ`, the quadratic `½ΔxᵀJΔx` minimised over the others at
    /// fixed Δxᵢ has them at `−A⁻¹b·Δxᵢ` (the slope) and rises as
    /// `½(Jᵢᵢ − bᵀA⁻¹b)Δxᵢ²`, so it crosses the 95% threshold t at
    /// `√(2t/(Jᵢᵢ − bᵀA⁻¹b))`. A suite's J is rarely positive definite
    /// (parameters the data barely inform, estimates on a bound), so A is
    /// restricted to the coordinates a pivoted Cholesky factorisation
    /// (LAPACK `dpstrf_`, pivots above 1e-8 of the largest) takes before it
    /// stops, a positive definite block D, among those whose row of J is
    /// finite; the others get slope 0. So
    /// `y_D = A_DD⁻¹·b_D` (`dgesv_`). Where the resulting curvature is not
    /// positive: the diagonal's Wald distance (`StudyInformation.waldDistance`)
    /// and no slope, or, where the diagonal does not bend down either, an
    /// infinite distance (`guidedSide` then tries the edge first).
    /// O(k³).
    static func guide(_ i: Int, information: StudyInformation, joint: JointInformation) -> (firstStep: Double, slope: [Double]?) {
        let diagonal = information.waldDistance(i, threshold: ProfileLikelihood.threshold95) ?? .infinity
        let j = joint.matrix
        let rest = j.indices.filter { $0 != i }
        // Coordinates with a non-finite entry (a stencil point where the likelihood was 0) stay out of the model.
        let usable = rest.indices.filter { r in j[rest[r]].allSatisfy(\.isFinite) }
        guard !usable.isEmpty, j[i][i].isFinite else { return (diagonal, nil) }
        var a = Matrix(rows: usable.count, cols: usable.count)
        for (r, p) in usable.enumerated() { for (c, q) in usable.enumerated() { a[r, c] = j[rest[p]][rest[q]] } }
        let factor = PivotedCholesky(a, relativeTolerance: 1e-8)
        let determined = factor.pivots.prefix(factor.rank).map { usable[$0] }.sorted()
        guard !determined.isEmpty else { return (diagonal, nil) }
        var block = Matrix(rows: determined.count, cols: determined.count)
        for (r, p) in determined.enumerated() { for (c, q) in determined.enumerated() { block[r, c] = j[rest[p]][rest[q]] } }
        let b = determined.map { j[rest[$0]][i] }
        guard let y = try? block.solve(b), y.allSatisfy(\.isFinite) else { return (diagonal, nil) }
        let curvature = j[i][i] - zip(b, y).reduce(0) { $0 + $1.0 * $1.1 }
        guard curvature > 0 && curvature.isFinite else { return (diagonal, nil) }
        var slope = [Double](repeating: 0, count: rest.count)
        for (k, p) in determined.enumerated() { slope[p] = -y[k] }
        return ((2 * ProfileLikelihood.threshold95 / curvature).squareRoot(), slope)
    }
}
