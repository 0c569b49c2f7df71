extension Sampler {
    /// Multinomial counts: `n` trials spread over categories with probabilities `p`.
    ///
    /// `P(X = x) = n!·Π p_iˣⁱ/x_i!` for `Σ x_i = n`. Drawn by sequential
    /// conditional binomials (e.g. Davis 1993, "The computer generation of
    /// multinomial random variates", Comput. Stat. Data Anal. 16:205–217):
    ///
    ///     X_i | X_0…X_{i−1} ~ Bin(n − Σ_{j<i} X_j,  p_i / Σ_{j≥i} p_j),
    ///
    /// and the last category takes the remainder, so `Σ counts = n` exactly.
    /// The tail masses `Σ_{j≥i} p_j` are summed from the end (in a stack
    /// buffer), not obtained by subtracting from 1, so small tails keep full
    /// relative accuracy whatever the order of the categories; the
    /// probabilities are effectively normalised by their sum. Once every
    /// trial is placed the remaining categories get 0 without drawing.
    ///
    /// `counts` is overwritten, and resized only if its count differs from
    /// `probabilities.count` (reuse it in loops to avoid allocation).
    ///
    /// Complexity: O(K) plus K − 1 binomial draws, each O(1) expected
    /// (inversion costs O(1 + n·p)).
    ///
    /// - Precondition: at least one category; every `p_i` finite and ≥ 0;
    ///   `|Σ p_i − 1| ≤ 1e-9`; `n ≥ 0` (counts above 2⁵³ are drawn
    ///   by `binomial`'s normal branch).
    @inlinable
    public static func multinomial(count n: Int, probabilities: [Double], into counts: inout [Int],
                                   using rng: inout some RandomNumberGenerator) {
        let k = probabilities.count
        precondition(k > 0, "multinomial needs at least one category")
        precondition(n >= 0, "multinomial count must be >= 0, got \(n)")
        if counts.count != k { counts = [Int](repeating: 0, count: k) }
        withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { tail in
            var sum = 0.0
            for i in stride(from: k - 1, through: 0, by: -1) {
                let p = probabilities[i]
                precondition(p >= 0 && p.isFinite, "multinomial probability \(i) must be finite and ≥ 0, got \(p)")
                sum += p
                tail[i] = sum
            }
            precondition(abs(sum - 1) <= 1e-9, "multinomial probabilities must sum to 1, got \(sum)")
            var remaining = n
            for i in 0..<(k - 1) {
                guard remaining > 0 else { counts[i] = 0; continue }
                let conditional = tail[i] > 0 ? min(1, probabilities[i] / tail[i]) : 0
                let x = binomial(count: remaining, probability: conditional, using: &rng)
                counts[i] = x
                remaining -= x
            }
            counts[k - 1] = remaining
        }
    }

    /// Multinomial counts with an implicit last category that takes the remainder.
    ///
    /// For the multinomial leap, where each cell of a compartment either
    /// leaves by one of K routes (probabilities `p_1…p_K`) or stays (with
    /// probability `1 − Σ p_i`, never formed explicitly): fills `counts` with
    /// the number taking each route and returns the number staying. The
    /// conditional probability of route i is `p_i / (1 − Σ_{j<i} p_j)`; when
    /// the routes are rare (the usual case), `1 − Σ_{j<i} p_j` is close to 1
    /// and carries no cancellation, and the stay probability `1 − Σ p_i` is
    /// never rounded into the result. Equivalent in distribution to
    /// `multinomial(count:probabilities:into:using:)` with `1 − Σ p_i`
    /// appended last.
    ///
    /// Complexity: O(K) plus K binomial draws (none once every trial is placed).
    ///
    /// - Precondition: every `p_i` finite and ≥ 0, `Σ p_i ≤ 1 + 1e-9`;
    ///   `n ≥ 0` (above 2⁵³, `binomial`'s normal branch).
    @inlinable
    public static func multinomial(count n: Int, exitProbabilities: [Double], into counts: inout [Int],
                                   using rng: inout some RandomNumberGenerator) -> Int {
        let k = exitProbabilities.count
        precondition(n >= 0, "multinomial count must be >= 0, got \(n)")
        var sum = 0.0
        for (i, p) in exitProbabilities.enumerated() {
            precondition(p >= 0 && p.isFinite, "exit probability \(i) must be finite and ≥ 0, got \(p)")
            sum += p
        }
        precondition(sum <= 1 + 1e-9, "exit probabilities must sum to at most 1, got \(sum)")
        if counts.count != k { counts = [Int](repeating: 0, count: k) }
        var remaining = n
        var mass = 1.0  // 1 − Σ_{j<i} p_j: the mass of route i, later routes and staying
        for i in 0..<k {
            let p = exitProbabilities[i]
            guard remaining > 0, p > 0 else { counts[i] = 0; mass -= p; continue }
            let conditional = p < mass ? p / mass : 1
            let x = binomial(count: remaining, probability: conditional, using: &rng)
            counts[i] = x
            remaining -= x
            mass -= p
        }
        return remaining
    }
}
