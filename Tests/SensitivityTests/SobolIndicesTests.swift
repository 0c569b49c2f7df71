import RandomStreams
import Sensitivity
import Testing

/// Saltelli's layout and the Sobol' estimators on a function with known indices.
@Suite("Saltelli scheme and Sobol' indices")
struct SobolIndicesTests {
    @Test("the layout: blocks A, AB(1)…AB(D), B of the sequence's two halves, split back exactly")
    func layout() {
        let s = SobolSequence(dimensions: 6)
        let rows = SaltelliScheme.matrix(base: 8, sequence: s)
        #expect(rows.count == SaltelliScheme.evaluations(base: 8, parameters: 3) && rows.count == 40)
        for i in 0..<8 {
            let x = s.point(i), a = Array(x[0..<3]), b = Array(x[3...])
            #expect(rows[i * 5] == a && rows[i * 5 + 4] == b)
            for j in 0..<3 {
                var ab = a
                ab[j] = b[j]
                #expect(rows[i * 5 + 1 + j] == ab)
            }
        }
        let outputs = (0..<40).map(Double.init)
        let (a, b, ab) = SaltelliScheme.split(outputs, parameters: 3)
        #expect(a == [0, 5, 10, 15, 20, 25, 30, 35] && b == a.map { $0 + 4 } && ab[2] == a.map { $0 + 3 })
    }

    @Test("y = x1 + 2·x2 + 3·x3 on [0,1]³: S1 = ST = c²/Σc² (1/14, 4/14, 9/14), within the bootstrap intervals and 0.03")
    func additive() throws {
        var rng = Philox4x64(stream: StreamID(seed: 5, point: 0, replicate: 0))
        let rows = SaltelliScheme.matrix(base: 1024, sequence: SobolSequence(dimensions: 6, scrambledWith: &rng))
        let y = rows.map { $0[0] + 2 * $0[1] + 3 * $0[2] }
        let (a, b, ab) = SaltelliScheme.split(y, parameters: 3)
        var boot = Philox4x64(stream: StreamID(seed: 5, point: 1, replicate: 0))
        let s = try SobolIndices(a: a, b: b, ab: ab, resamples: 500, using: &boot)
        for (j, exact) in [1.0 / 14, 4.0 / 14, 9.0 / 14].enumerated() {
            #expect(abs(s.firstOrder[j] - exact) < 0.03 && s.firstOrderInterval[j].contains(exact), "S1[\(j)] = \(s.firstOrder[j]) \(s.firstOrderInterval[j])")
            #expect(abs(s.total[j] - exact) < 0.03 && s.totalInterval[j].contains(exact), "ST[\(j)] = \(s.total[j]) \(s.totalInterval[j])")
            #expect(s.totalInterval[j].upperBound - s.totalInterval[j].lowerBound < 0.2, "a useful interval")
        }
    }

    @Test("a constant output and a single base point are refused")
    func refusals() {
        var rng = Philox4x64(stream: StreamID(seed: 1, point: 0, replicate: 0))
        #expect(throws: SobolIndices.Problem.constantOutput(2)) {
            try SobolIndices(a: [2, 2], b: [2, 2], ab: [[2, 2]], resamples: 10, using: &rng)
        }
        #expect(throws: SobolIndices.Problem.tooFewPoints(1)) {
            try SobolIndices(a: [1], b: [2], ab: [[3]], resamples: 10, using: &rng)
        }
    }
}
