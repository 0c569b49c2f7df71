import Engines
import LinearAlgebra
import RandomStreams

/// Scratch storage of `FastEngine.crossByMoments`, kept across the intervals
/// of a replicate so that crossing by moments allocates nothing once it has
/// grown to the network's parts.
struct MomentScratch {
    /// The normal and negative binomial draws.
    var draws = NormalCounts()
    /// One per part chosen in the current interval.
    var parts: [PartMoments] = []

    /// Makes room for `count` chosen parts.
    mutating func prepare(parts count: Int) {
        while parts.count < count { parts.append(PartMoments()) }
    }

    /// The moments of one part's large groups over an interval.
    struct PartMoments {
        var mean: [Double] = []
        var covariance = Matrix(rows: 0, cols: 0)
        var work = MomentStep.Workspace(count: 0)
        var counts: [Int] = []

        /// Starts from the groups of at least `threshold` cells among
        /// `members`, taking them out of `x`; Σ = 0 (their counts are known).
        mutating func start(members: [Int], taking x: inout [Int], threshold: Int) {
            let n = members.count
            if mean.count != n {
                (mean, covariance, work) = ([Double](repeating: 0, count: n), Matrix(rows: n, cols: n), MomentStep.Workspace(count: n))
                counts = [Int](repeating: 0, count: n)
            } else {
                covariance.setZero()
            }
            for (a, i) in members.enumerated() {
                if x[i] >= threshold {
                    mean[a] = Double(x[i])
                    x[i] = 0
                } else {
                    mean[a] = 0
                }
            }
        }

        /// Carries the moments over `steps` in turn.
        mutating func carry(by steps: [MomentStep], inflow: Double) {
            for step in steps { step.advance(mean: &mean, covariance: &covariance, work: &work, inflow: inflow) }
        }

        /// Draws the counts and adds them to `x` at `members`.
        mutating func draw<G: RandomNumberGenerator>(members: [Int], adding x: inout [Int], draws: inout NormalCounts,
                                                     using rng: inout G) {
            draws.draw(mean: mean, covariance: covariance, into: &counts, using: &rng)
            for (a, i) in members.enumerated() { x[i] += counts[a] }
        }
    }
}
