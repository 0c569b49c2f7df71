import LinearAlgebra
import RandomStreams
@testable import StochasticEngines
import TestSupport
import Testing

/// `NormalCounts` turns a mean and covariance into counts: a normal block for
/// large means, negative binomial or Poisson marginals for small ones. Over
/// 20,000 draws: every mean within 4 standard errors; the block's variances
/// within 5% (standard error about 1%) and its correlation within 0.03
/// (standard error 0.007); the overdispersed small mean's variance within 8%
/// (negative binomial, heavier tails); a mean past the cell limit is reported
/// past the limit.
@Suite("Normal counts from a mean and a covariance")
struct NormalCountsTests {
    @Test("moments of the block and of the small marginals")
    func moments() {
        let mean = [5_000.0, 40, 0.3, 800]
        let sigma = Matrix([[9_000, 100, 0, 500], [100, 90, 0, 0], [0, 0, 0.25, 0], [500, 0, 0, 1_600]])
        var rng = Philox4x64(stream: StreamID(seed: 5, point: 0, replicate: 0))
        let draws = 20_000
        var sum = [Double](repeating: 0, count: 4), squares = sum
        var cross = 0.0
        for _ in 0..<draws {
            let c = NormalCounts.draw(mean: mean, covariance: sigma, using: &rng).map(Double.init)
            for j in 0..<4 {
                sum[j] += c[j]
                squares[j] += c[j] * c[j]
            }
            cross += c[0] * c[3]
        }
        let n = Double(draws)
        let m = sum.map { $0 / n }
        let v = (0..<4).map { (squares[$0] - n * m[$0] * m[$0]) / (n - 1) }
        for j in 0..<4 {
            let se = (max(sigma[j, j], mean[j]) / n).squareRoot()
            #expect(Moments.z(m[j], mean[j], standardError: se) < 4, "mean \(j): \(m[j]) vs \(mean[j])")
        }
        // Stochastic rounding adds at most 1/4 to a variance.
        #expect(abs(v[0] / 9_000 - 1) < 0.05, "variance 0: \(v[0])")
        #expect(abs(v[3] / 1_600 - 1) < 0.05, "variance 3: \(v[3])")
        #expect(abs(v[1] / 90 - 1) < 0.08, "negative binomial variance: \(v[1])")
        let correlation = (cross / n - m[0] * m[3]) / (v[0] * v[3]).squareRoot()
        #expect(abs(correlation - 500 / (9_000.0 * 1_600).squareRoot()) < 0.03, "correlation \(correlation)")
    }

    @Test("a mean past the cell limit is reported past it")
    func limit() {
        var rng = Philox4x64(stream: StreamID(seed: 5, point: 0, replicate: 1))
        let huge = Double(FastEngine.cellLimit) * 4
        let c = NormalCounts.draw(mean: [huge, .nan], covariance: Matrix([[huge, 0], [0, 1]]), using: &rng)
        #expect(c == [FastEngine.cellLimit + 1, FastEngine.cellLimit + 1])
    }
}
