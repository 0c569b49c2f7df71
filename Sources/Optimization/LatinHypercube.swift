import RandomStreams

/// Latin hypercube samples of a box: starting points for multi-start optimisation.
public enum LatinHypercube {
    /// `count` points in `box`, one per stratum on every axis, deterministic in
    /// `stream` (a `Philox4x64` stream), each at a uniform position inside its cell.
    ///
    /// Each axis `d` is cut into `count` equal strata; a uniformly random
    /// permutation `π_d` of the strata (Fisher–Yates, exact uniform indices)
    /// gives point `k` the stratum `π_d(k)`, and an independent uniform
    /// `u ∈ (0, 1)` its position: `x_k,d = lower_d + (π_d(k) + u)/count · width_d`.
    /// So every stratum of every axis holds exactly one point, and each point
    /// is uniform in the box marginally. Draw order (fixed; changing it changes
    /// every fit's starts): axis by axis, the permutation's `count − 1` indices
    /// and then the `count` positions.
    ///
    /// Complexity: O(count · n) time and random draws.
    public static func points(count: Int, in box: Box, stream: StreamID) -> [[Double]] {
        precondition(count >= 0, "LatinHypercube.points needs count >= 0, got \(count)")
        var rng = Philox4x64(stream: stream)
        var points = [[Double]](repeating: [Double](repeating: 0, count: box.dimension), count: count)
        for axis in 0..<box.dimension {
            var strata = Array(0..<count)
            for i in stride(from: count - 1, to: 0, by: -1) {
                strata.swapAt(i, Sampler.uniformIndex(below: i + 1, using: &rng))
            }
            let cell = box.width(axis) / Double(count)
            for k in 0..<count {
                let u = Sampler.uniform(using: &rng)
                let x = box.lower[axis] + (Double(strata[k]) + u) * cell
                points[k][axis] = min(x, box.upper[axis])
            }
        }
        return points
    }
}
