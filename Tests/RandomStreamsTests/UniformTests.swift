import Foundation
import RandomStreams
import TestSupport
import Testing

@Suite("Uniform variates")
struct UniformTests {
    @Test("uniform maps the top 53 bits to j·2⁻⁵³ and never returns 0 or 1")
    func latticeAndEndpoints() {
        var rng = ScriptedGenerator([0, 0x7FF, ScriptedGenerator.word(lattice: 1), .max, 1 << 63])
        let smallest = Sampler.uniform(using: &rng)   // two zero lattice words are skipped
        #expect(smallest == 0x1p-53)
        #expect(rng.used == 3)
        let largest = Sampler.uniform(using: &rng)
        #expect(largest == 1 - 0x1p-53)
        #expect(largest < 1)
        #expect(Sampler.uniform(using: &rng) == 0.5)
    }

    /// KS against U(0,1) with N = 200 000: D must stay below 1.9495/√N ≈ 0.00436
    /// (α = 0.001). A generator that, e.g., dropped the top bit (range [0, ½))
    /// would give D ≈ 0.5.
    @Test("uniform passes Kolmogorov–Smirnov against U(0, 1)")
    func kolmogorovSmirnov() {
        var rng = Philox4x64(stream: StreamID(seed: 11, point: 0, replicate: 0))
        let n = 200_000
        let xs = (0..<n).map { _ in Sampler.uniform(using: &rng) }
        #expect(xs.allSatisfy { $0 > 0 && $0 < 1 })
        let d = GoodnessOfFit.kolmogorovSmirnov(xs) { $0 }
        #expect(d < GoodnessOfFit.kolmogorovSmirnovCritical(count: n))
    }

    /// uniformIndex(below: 7) over N = 140 000 draws: chi-square on 7 cells
    /// (6 df, critical 27.9 at α = 1e-4 by Wilson–Hilferty).
    @Test("uniformIndex is uniform on a small range")
    func smallBound() {
        var rng = Philox4x64(stream: StreamID(seed: 11, point: 1, replicate: 0))
        let xs = (0..<140_000).map { _ in Sampler.uniformIndex(below: 7, using: &rng) }
        let result = GoodnessOfFit.chiSquare(xs, support: 0...6) { _ in log(1.0 / 7) }
        #expect(result.passes, "\(result)")
        var one = Philox4x64(stream: StreamID(seed: 11, point: 2, replicate: 0))
        #expect((0..<100).allSatisfy { _ in Sampler.uniformIndex(below: 1, using: &one) == 0 })
    }

    /// bound = 3·2⁶¹, where 2⁶⁴/bound = 8/3 makes both classic shortcuts badly
    /// biased: `x mod bound` puts 3/4 (not 2/3) of the mass below 2⁶², and
    /// multiply-shift without rejection gives residue 2 (mod 3) probability
    /// 1/4 (not 1/3). With N = 60 000 each |z| < 5 (the biases give z > 30).
    @Test("uniformIndex is unbiased where naive reductions are not")
    func largeBound() {
        var rng = Philox4x64(stream: StreamID(seed: 11, point: 3, replicate: 0))
        let bound = 3 << 61
        let n = 60_000
        var below = 0
        var residueTwo = 0
        var outOfRange = 0
        for _ in 0..<n {
            let x = Sampler.uniformIndex(below: bound, using: &rng)
            if x < 0 || x >= bound { outOfRange += 1 }
            if x < 1 << 62 { below += 1 }
            if x % 3 == 2 { residueTwo += 1 }
        }
        #expect(outOfRange == 0)
        func z(_ count: Int, _ p: Double) -> Double {
            (Double(count) - Double(n) * p) / (Double(n) * p * (1 - p)).squareRoot()
        }
        #expect(abs(z(below, 2.0 / 3)) < 5)
        #expect(abs(z(residueTwo, 1.0 / 3)) < 5)
    }
}
