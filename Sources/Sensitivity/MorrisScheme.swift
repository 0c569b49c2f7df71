import RandomStreams

/// Morris's elementary-effects design: r trajectories of D + 1 points on a
/// p-level grid of the unit cube, each moving one parameter at a time by
/// Δ = p / (2(p − 1)) (M. D. Morris, "Factorial sampling plans for
/// preliminary computational experiments", Technometrics 33 (1991) 161–174).
///
/// A trajectory starts at a random grid point, visits the parameters in a
/// random order and steps each up or down (at random) by Δ, staying on the
/// grid {0, 1/(p−1), …, 1}: with p even, Δ is p/2 levels, so a step up starts
/// at one of the lower p/2 levels and a step down at one of the upper p/2
/// (uniformly; every level is then equally likely in the design). The trajectories
/// are laid out one after another, D + 1 rows each (SALib's order).
public enum MorrisScheme {
    /// The step in unit coordinates on a p-level grid.
    public static func delta(levels p: Int) -> Double { Double(p) / Double(2 * (p - 1)) }

    /// Whether `p` levels make a valid grid (even, at least 2).
    public static func isValid(levels p: Int) -> Bool { p >= 2 && p % 2 == 0 }

    /// Evaluations of `trajectories` trajectories of `parameters` parameters: r·(D + 1).
    public static func evaluations(trajectories r: Int, parameters d: Int) -> Int { r * (d + 1) }

    /// The r·(D + 1) rows of unit coordinates, drawn from `rng`.
    public static func matrix(trajectories r: Int, parameters d: Int, levels p: Int,
                              using rng: inout Philox4x64) -> [[Double]] {
        precondition(isValid(levels: p), "Morris levels must be even and at least 2")
        let half = p / 2
        var rows: [[Double]] = []
        rows.reserveCapacity(evaluations(trajectories: r, parameters: d))
        for _ in 0..<r {
            var order = Array(0..<d)
            for i in stride(from: d - 1, to: 0, by: -1) {
                order.swapAt(i, Sampler.uniformIndex(below: i + 1, using: &rng))
            }
            // Levels as integers 0…p−1; a step is p/2 levels.
            var level = [Int](repeating: 0, count: d), step = level
            for j in 0..<d {
                let up = rng.next() & 1 == 0
                let lower = Sampler.uniformIndex(below: half, using: &rng)
                (level[j], step[j]) = up ? (lower, half) : (lower + half, -half)
            }
            rows.append(level.map { Double($0) / Double(p - 1) })
            for j in order {
                level[j] += step[j]
                rows.append(level.map { Double($0) / Double(p - 1) })
            }
        }
        return rows
    }
}
