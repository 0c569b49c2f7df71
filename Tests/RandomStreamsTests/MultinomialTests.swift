import Foundation
import RandomStreams
import TestSupport
import Testing

@Suite("Multinomial variates")
struct MultinomialTests {
    /// Marginal `i` of a multinomial chi-square-tested against Binomial(n, p_i)
    /// with fine and coarse bins (`GoodnessOfFit.chiSquareFineAndCoarse`).
    static func marginalResults(_ draws: [[Int]], _ i: Int, n: Int, p: Double) -> [ChiSquareResult] {
        let xs = draws.map { $0[i] }
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        let lo = max(0, Int((mean - 9 * sd - 25).rounded(.down)))
        let hi = min(n, Int((mean + 9 * sd + 25).rounded(.up)))
        return GoodnessOfFit.chiSquareFineAndCoarse(xs, support: lo...hi) {
            Reference.logBinomial($0, count: n, probability: p)
        }
    }

    /// n = 1000 over p = (0.5, 0.3, 0.15, 0.05), N = 100 000 draws.
    /// Every draw sums to n; each marginal passes chi-square against
    /// Binomial(n, p_i) at α = 1e-4; each of the 6 sample covariances
    /// `mean((X_i − np_i)(X_j − np_j))` has |z| < 5 against −n·p_i·p_j, with the
    /// standard error estimated from the products themselves. (Independent
    /// binomials, covariance 0, give z ≈ −200 for the first pair.)
    @Test("marginals are binomial and covariances are −n·p_i·p_j")
    func marginalsAndCovariance() {
        let n = 1000
        let p = [0.5, 0.3, 0.15, 0.05]
        var rng = Philox4x64(stream: StreamID(seed: 3001, point: 0, replicate: 0))
        var counts: [Int] = []
        let draws: [[Int]] = (0..<100_000).map { _ in
            Sampler.multinomial(count: n, probabilities: p, into: &counts, using: &rng)
            return counts
        }
        #expect(draws.allSatisfy { $0.count == 4 && $0.reduce(0, +) == n })
        for i in 0..<4 {
            for result in Self.marginalResults(draws, i, n: n, p: p[i]) {
                #expect(result.passes, "category \(i): \(result)")
            }
        }
        for i in 0..<4 {
            for j in (i + 1)..<4 {
                let z = Self.covarianceZ(draws, i, j, n: n, p: p)
                #expect(abs(z) < 5, "cov(\(i), \(j)): z = \(z)")
            }
        }
    }

    static func covarianceZ(_ draws: [[Int]], _ i: Int, _ j: Int, n: Int, p: [Double]) -> Double {
        let (mi, mj) = (Double(n) * p[i], Double(n) * p[j])
        let products = draws.map { (Double($0[i]) - mi) * (Double($0[j]) - mj) }
        let count = Double(products.count)
        let mean = products.reduce(0, +) / count
        let variance = products.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (count - 1)
        return (mean - -Double(n) * p[i] * p[j]) / (variance / count).squareRoot()
    }

    /// The dominant category first: n = 1e9 over (1 − 1.5e-6, 1e-6, 5e-7),
    /// N = 50 000. The rare categories' marginals pass chi-square against
    /// Binomial(1e9, 1e-6) and Binomial(1e9, 5e-7): their conditional
    /// probabilities use tail sums, not 1 minus the dominant mass.
    @Test("a dominant first category leaves rare marginals exact")
    func dominantFirst() {
        let n = 1_000_000_000
        let p = [1 - 1.5e-6, 1e-6, 5e-7]
        var rng = Philox4x64(stream: StreamID(seed: 3001, point: 1, replicate: 0))
        var counts: [Int] = []
        let draws: [[Int]] = (0..<50_000).map { _ in
            Sampler.multinomial(count: n, probabilities: p, into: &counts, using: &rng)
            return counts
        }
        #expect(draws.allSatisfy { $0.reduce(0, +) == n })
        for i in 1..<3 {
            for result in Self.marginalResults(draws, i, n: n, p: p[i]) {
                #expect(result.passes, "category \(i): \(result)")
            }
        }
    }

    /// The implicit-stay variant for a leap step: n = 1e9 cells, exits
    /// (1e-9, 1e-6, 1e-3), N = 50 000. Each exit count passes chi-square
    /// against Binomial(n, p_i); the stay count against
    /// Binomial(n, 1 − Σp); counts and stay always add to n.
    @Test("implicit stay: exit and stay marginals are binomial")
    func implicitStay() {
        let n = 1_000_000_000
        let exits = [1e-9, 1e-6, 1e-3]
        var rng = Philox4x64(stream: StreamID(seed: 3001, point: 2, replicate: 0))
        var counts: [Int] = []
        var draws: [[Int]] = []
        for _ in 0..<50_000 {
            let stay = Sampler.multinomial(count: n, exitProbabilities: exits, into: &counts, using: &rng)
            draws.append(counts + [stay])
        }
        #expect(draws.allSatisfy { $0.reduce(0, +) == n })
        for i in 0..<3 {
            for result in Self.marginalResults(draws, i, n: n, p: exits[i]) {
                #expect(result.passes, "exit \(i): \(result)")
            }
        }
        for result in Self.marginalResults(draws, 3, n: n, p: 1 - exits.reduce(0, +)) {
            #expect(result.passes, "stay: \(result)")
        }
    }

    @Test("degenerate inputs are exact")
    func edgeCases() {
        var rng = Philox4x64(stream: StreamID(seed: 3001, point: 3, replicate: 0))
        var counts = [7, 7]
        Sampler.multinomial(count: 0, probabilities: [0.2, 0.3, 0.5], into: &counts, using: &rng)
        #expect(counts == [0, 0, 0])
        Sampler.multinomial(count: 12_345, probabilities: [0, 1, 0], into: &counts, using: &rng)
        #expect(counts == [0, 12_345, 0])
        Sampler.multinomial(count: 99, probabilities: [1], into: &counts, using: &rng)
        #expect(counts == [99])
        #expect(Sampler.multinomial(count: 50, exitProbabilities: [], into: &counts, using: &rng) == 50)
        #expect(counts == [])
        #expect(Sampler.multinomial(count: 50, exitProbabilities: [0, 0], into: &counts, using: &rng) == 50)
        #expect(counts == [0, 0])
        #expect(Sampler.multinomial(count: 50, exitProbabilities: [0, 1], into: &counts, using: &rng) == 0)
        #expect(counts == [0, 50])
    }
}
