import RandomStreams
import Testing

/// The samplers accept every finite parameter of their distribution, however
/// large: beyond the exact domain (Poisson means above 2^52, binomial and
/// multinomial counts above 2^53) they draw the normal approximation, clamped
/// to the result type, instead of stopping at a precondition.
@Suite("Sampler domains: no finite parameter traps")
struct SamplerDomainTests {
    @Test("Poisson beyond 2^52: within 8 sd of the mean; near and above 2^63: saturates at Int.max")
    func poisson() {
        var rng = Philox4x64(stream: StreamID(seed: 7, point: 0, replicate: 0))
        for mean in [0x1p52 * 1.5, 1e16, 0x1p60] {
            for _ in 0..<200 {
                let k = Sampler.poisson(mean: mean, using: &rng)
                #expect(abs(Double(k) - mean) <= 8 * mean.squareRoot(), "mean \(mean): \(k)")
            }
        }
        for mean in [0x1p63, 1e300, Double.greatestFiniteMagnitude] {
            #expect(Sampler.poisson(mean: mean, using: &rng) == Int.max, "mean \(mean)")
        }
    }

    @Test("Poisson just beyond 2^52 has the mean and variance of the Poisson law")
    func poissonMoments() {
        var rng = Philox4x64(stream: StreamID(seed: 8, point: 0, replicate: 0))
        let mean = 0x1p53, draws = 20_000
        var sum = 0.0, squares = 0.0
        for _ in 0..<draws {
            let x = Double(Sampler.poisson(mean: mean, using: &rng)) - mean
            sum += x
            squares += x * x
        }
        let z = sum / Double(draws) / (mean / Double(draws)).squareRoot()
        #expect(abs(z) < 4.5, "z = \(z)")
        let varianceRatio = squares / Double(draws) / mean
        #expect(abs(varianceRatio - 1) < 0.06, "variance / mean = \(varianceRatio)")
    }

    @Test("binomial and multinomial beyond 2^53 stay in [0, n] and near n·p")
    func binomial() {
        var rng = Philox4x64(stream: StreamID(seed: 9, point: 0, replicate: 0))
        for (n, p) in [(Int.max, 0.5), (1 << 60, 1e-9), (1 << 54, 0.999), (Int.max, 1e-300)] {
            let nd = Double(n)
            let sd = (nd * p * (1 - p)).squareRoot()
            for _ in 0..<100 {
                let k = Sampler.binomial(count: n, probability: p, using: &rng)
                #expect(k >= 0 && k <= n)
                #expect(abs(Double(k) - nd * p) <= 8 * sd + 1, "n \(n), p \(p): \(k)")
            }
        }
        var counts: [Int] = []
        Sampler.multinomial(count: Int.max, probabilities: [0.25, 0.25, 0.5], into: &counts, using: &rng)
        #expect(counts.reduce(0, &+) == Int.max && counts.allSatisfy { $0 >= 0 })
        let stay = Sampler.multinomial(count: 1 << 60, exitProbabilities: [0.1, 0.2], into: &counts, using: &rng)
        #expect(stay >= 0 && stay + counts[0] + counts[1] == 1 << 60)
    }
}
