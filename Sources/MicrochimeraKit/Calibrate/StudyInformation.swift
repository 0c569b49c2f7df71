import Optimization
import Reporting
import Foundation

/// Which studies inform each free parameter: every study's share of the
/// curvature of the log-likelihood in each coordinate at the estimate.
///
/// For coordinate i with box width wᵢ the step is hᵢ = `relativeStep`·wᵢ and
/// the second difference of study s's log-likelihood ℓₛ is
/// `(ℓₛ(a) − 2ℓₛ(b) + ℓₛ(c))/hᵢ²` on the stencil a < b < c spaced hᵢ apart,
/// centred on the estimate x̂ (b = x̂) unless that leaves the box, in which
/// case it is shifted inside (x̂ at one end). The curvature cₛᵢ is minus that
/// difference (positive where the study's likelihood bends down), its share
/// `max(0, cₛᵢ)/Σₛ' max(0, cₛ'ᵢ)` (all 0 when no study bends down). The
/// joint log-likelihood is the sum of the studies', so the shares divide the
/// observed information of the suite in that coordinate. Costs 2k + 1
/// evaluations of all studies (k coordinates), run in parallel.
struct StudyInformation: Sendable, Equatable {
    /// The step hᵢ as a fraction of the coordinate's box width.
    static let relativeStep = 0.01

    /// hᵢ, by coordinate.
    let steps: [Double]
    /// Each study's share of the curvature, `shares[i][s]` for coordinate i and study s.
    let shares: [[Double]]
    /// The joint curvature `−Σₛ(ℓₛ(a) − 2ℓₛ(b) + ℓₛ(c))/hᵢ²` by coordinate (the
    /// others held at the estimate; negative or not finite where the joint
    /// log-likelihood does not bend down there).
    let curvature: [Double]

    /// Measures the shares at `x` on `threads` workers.
    static func measure(_ problem: FitProblem, at x: [Double], threads: Int) throws(RunError) -> StudyInformation {
        let box = problem.box
        let steps = zip(box.lower, box.upper).map { relativeStep * ($1 - $0) }
        // For coordinate i the stencil's first point is x̂ + offsets[i]·hᵢ (−1 centred, 0 forward, −2 backward).
        let offsets = x.indices.map { i -> Double in
            if x[i] - steps[i] < box.lower[i] { return 0 }
            if x[i] + steps[i] > box.upper[i] { return -2 }
            return -1
        }
        func point(_ i: Int, _ j: Int) -> [Double] {
            var p = x
            p[i] = x[i] + (offsets[i] + Double(j)) * steps[i]
            return p
        }
        // Job 0 is x̂; then for each coordinate the two stencil points other than x̂.
        let others = x.indices.flatMap { i in (0..<3).filter { Double($0) != -offsets[i] }.map { (i, $0) } }
        let points = [x] + others.map { point($0.0, $0.1) }
        let results = FitPipeline.parallelMap(count: points.count, threads: threads) { n in
            Result { () throws(RunError) in try problem.studyLogLikelihoods(points[n]) }
        }
        var values: [[Double]] = []
        for r in results { values.append(try r.get()) }
        var shares: [[Double]] = []
        var joint: [Double] = []
        for i in x.indices {
            var stencil = [values[0], values[0], values[0]]
            for (n, job) in others.enumerated() where job.0 == i { stencil[job.1] = values[n + 1] }
            let signed = problem.studies.indices.map { s in
                -(stencil[0][s] - 2 * stencil[1][s] + stencil[2][s]) / (steps[i] * steps[i])
            }
            joint.append(signed.reduce(0, +))
            let curvature = signed.map { max(0, $0) }
            let total = curvature.reduce(0, +)
            shares.append(curvature.map { total > 0 && $0.isFinite && total.isFinite ? $0 / total : 0 })
        }
        return StudyInformation(steps: steps, shares: shares, curvature: joint)
    }

    /// The Wald distance `√(2·threshold/cᵢ)` from the estimate to where a
    /// quadratic with the joint curvature cᵢ rises by `threshold`, or nil
    /// where cᵢ is not positive and finite: a first guess of where the
    /// profile crosses (never farther than the crossing of a regular profile,
    /// whose curvature is at most cᵢ).
    func waldDistance(_ i: Int, threshold: Double) -> Double? {
        let c = curvature[i]
        guard c > 0 && c.isFinite else { return nil }
        return (2 * threshold / c).squareRoot()
    }

    /// The coordinates that study `s` alone informs: those where `s` bends the
    /// log-likelihood (a positive share) and the other studies together carry
    /// less than `threshold` of the curvature. Leaving `s` out, the others say
    /// nothing about them, so the joint estimate's value there is `s`'s data. O(k·S).
    func informedAlone(by s: Int, threshold: Double) -> [Int] {
        shares.indices.filter { i in shares[i][s] > 0 && 1 - shares[i][s] < threshold }
    }

    /// Where a leave-one-out refit without study `s` starts: the joint
    /// estimate `x`, except the coordinates `s` alone informs
    /// (`informedAlone(by:threshold:)`), which go to the centre of their box
    /// (the geometric mean of the bounds on a log scale), so that the refit's
    /// prediction of `s` does not carry `s`'s own data in a parameter the others
    /// leave free. O(k·S).
    func leaveOneOutStart(_ x: [Double], without s: Int, box: Box, threshold: Double) -> [Double] {
        var start = x
        for i in informedAlone(by: s, threshold: threshold) { start[i] = (box.lower[i] + box.upper[i]) / 2 }
        return start
    }

    /// The studies whose share in coordinate `i` is at least `threshold`, largest first (file order on a tie).
    func informing(_ i: Int, names: [String], threshold: Double) -> [String] {
        shares[i].enumerated().filter { $0.element >= threshold }
            .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .map { names[$0.offset] }
    }
}

extension FitProblem {
    /// Each study's log-likelihood at coordinates `x`, in study order.
    func studyLogLikelihoods(_ x: [Double]) throws(RunError) -> [Double] {
        try evaluate(x).map { $0.reduce(0) { $0 + $1.logLikelihood } }
    }

    /// The problem without study `s` (its coordinates, overrides and method unchanged).
    func removing(study s: Int) -> FitProblem {
        var rest = studies
        rest.remove(at: s)
        return FitProblem(file: file, coordinates: coordinates, studies: rest, fixed: fixed, method: method)
    }

    /// Every file the problem read, with its SHA-256: the fit file, each
    /// study's scenario, the files it extends and its data.
    var inputFiles: [FitReport.FileRecord] {
        var out = [FitReport.FileRecord(file: file.file, sha256: SHA256.hexDigest(file.sourceBytes))]
        for study in studies {
            out.append(.init(file: study.study.scenarioPath, sha256: SHA256.hexDigest(study.template.sourceBytes)))
            out += study.predictor.base.bases.map { .init(file: $0.file, sha256: SHA256.hexDigest($0.bytes)) }
            out.append(.init(file: study.study.dataPath, sha256: SHA256.hexDigest(study.study.dataBytes)))
        }
        return out
    }
}
