import Optimization

/// The observed information `J = −∇²ℓ` of a suite's joint log-likelihood at
/// its estimate, by finite differences on steps scaled to each coordinate:
/// the quadratic model that guides the profiles (`CalibrationPipeline.guide`).
///
/// A step of 1% of the box width (`StudyInformation`'s) is too long for a
/// parameter the data pin down to 0.003 decades: the difference then measures
/// the likelihood far outside its quadratic region. So coordinate i takes
/// `mᵢ = min(0.01·wᵢ, ½·dᵢ)` with dᵢ its Wald distance from the diagonal
/// curvature (`StudyInformation.waldDistance`), and a direction σᵢ = +1 unless
/// `x̂ + 2mᵢ` leaves the box (then −1). With ℓ the joint log-likelihood:
///
///     Jᵢᵢ = −(ℓ(x̂ + 2σᵢmᵢeᵢ) − 2ℓ(x̂ + σᵢmᵢeᵢ) + ℓ(x̂))/mᵢ²,
///     Jᵢⱼ = −(ℓ(x̂ + σᵢmᵢeᵢ + σⱼmⱼeⱼ) − ℓ(x̂ + σᵢmᵢeᵢ) − ℓ(x̂ + σⱼmⱼeⱼ) + ℓ(x̂))/(σᵢσⱼmᵢmⱼ),
///
/// forward differences with an O(m) error, ample for a guide.
/// Costs 1 + 2k + k(k − 1)/2 evaluations of the suite, run in parallel.
struct JointInformation: Sendable, Equatable {
    /// mᵢ, by coordinate.
    let steps: [Double]
    /// J, `matrix[i][j]`; entries are not finite where the likelihood was 0 at a stencil point.
    let matrix: [[Double]]

    /// Measures J at `x`, with `diagonal` the shares' measurement there.
    static func measure(_ problem: FitProblem, at x: [Double], diagonal: StudyInformation, threads: Int) throws(RunError) -> JointInformation {
        let box = problem.box
        let k = x.count
        let steps = x.indices.map { i -> Double in
            let wald = diagonal.waldDistance(i, threshold: ProfileLikelihood.threshold95) ?? .infinity
            return min(StudyInformation.relativeStep * box.width(i), wald / 2)
        }
        let sigma = x.indices.map { x[$0] + 2 * steps[$0] <= box.upper[$0] ? 1.0 : -1.0 }
        func moved(_ moves: [(Int, Double)]) -> [Double] {
            var p = x
            for (i, multiple) in moves { p[i] += multiple * sigma[i] * steps[i] }
            return p
        }
        let pairs = (0..<k).flatMap { i in ((i + 1)..<k).map { (i, $0) } }
        // x̂, then x̂ + σᵢmᵢeᵢ and x̂ + 2σᵢmᵢeᵢ for each i, then the pairs i < j.
        let points = [x] + x.indices.flatMap { i in [moved([(i, 1)]), moved([(i, 2)])] } + pairs.map { moved([($0.0, 1), ($0.1, 1)]) }
        let results = FitPipeline.parallelMap(count: points.count, threads: threads) { n in
            Result { () throws(RunError) in try problem.studyLogLikelihoods(points[n]).reduce(0, +) }
        }
        var values: [Double] = []
        for r in results { values.append(try r.get()) }
        let center = values[0]
        let one = x.indices.map { values[1 + 2 * $0] }, two = x.indices.map { values[2 + 2 * $0] }
        var matrix = (0..<k).map { i in (0..<k).map { j in i == j ? -(two[i] - 2 * one[i] + center) / (steps[i] * steps[i]) : 0 } }
        for (n, (i, j)) in pairs.enumerated() {
            let h = -(values[1 + 2 * k + n] - one[i] - one[j] + center) / (sigma[i] * sigma[j] * steps[i] * steps[j])
            matrix[i][j] = h
            matrix[j][i] = h
        }
        return JointInformation(steps: steps, matrix: matrix)
    }
}
