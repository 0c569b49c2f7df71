import RandomStreams
import Sensitivity
import Testing

/// The Sobol' generator against values computed independently (SciPy 1.17's
/// `scipy.stats.qmc.Sobol(d=128, scramble=False)`, Joe–Kuo numbers, 30 bits;
/// below 2³⁰ points its values equal ours exactly), and the stratification
/// that makes it a (t, m, 1)-net in each coordinate, plain and scrambled.
@Suite("Sobol' sequence")
struct SobolSequenceTests {
    @Test("the first 16 points of dimensions 1-3 and 6, and points 1-5 of dimension 128")
    func firstPoints() {
        let s = SobolSequence(dimensions: 128)
        let expected: [[Double]] = [[0, 0, 0], [0.5, 0.5, 0.5], [0.75, 0.25, 0.25], [0.25, 0.75, 0.75],
                                    [0.375, 0.375, 0.625], [0.875, 0.875, 0.125], [0.625, 0.125, 0.875], [0.125, 0.625, 0.375]]
        for (n, row) in expected.enumerated() { #expect(Array(s.point(n)[0..<3]) == row, "point \(n)") }
        let dim6: [Double] = [0.3125, 0.8125, 0.5625, 0.0625, 0.4375, 0.9375, 0.6875, 0.1875]
        for (i, x) in dim6.enumerated() { #expect(s.point(8 + i)[5] == x, "point \(8 + i), dimension 6") }
        #expect((1...5).map { s.point($0)[127] } == [0.5, 0.25, 0.75, 0.625, 0.125])
    }

    @Test("points 1000 and 123456 in dimensions 1, 2, 10, 64, 128 (binary digits)")
    func farPoints() {
        let s = SobolSequence(dimensions: 128)
        let expected: [Int: [UInt32]] = [1000: [235929600, 103809024, 74448896, 479199232, 584056832],
                                         123456: [28450816, 196222976, 267427840, 1022353408, 622354432]]
        for (n, digits) in expected {
            let x = s.integers(UInt32(n))
            #expect([0, 1, 9, 63, 127].map { x[$0] >> 2 } == digits, "point \(n)")
        }
    }

    /// Each of the 2^m intervals [i/2^m, (i+1)/2^m) holds exactly one of the first 2^m points.
    static func stratified(_ s: SobolSequence, m: Int, dimension j: Int) -> Bool {
        var hit = [Bool](repeating: false, count: 1 << m)
        for n in 0..<(1 << m) {
            let cell = Int(s.integers(UInt32(n))[j] >> UInt32(32 - m))
            if hit[cell] { return false }
            hit[cell] = true
        }
        return true
    }

    @Test("the first 2^m points of every one-dimensional projection are stratified, plain and scrambled (m = 1…12)")
    func stratification() {
        var rng = Philox4x64(stream: StreamID(seed: 7, point: 0, replicate: 0))
        for s in [SobolSequence(dimensions: 128), SobolSequence(dimensions: 128, scrambledWith: &rng)] {
            for j in 0..<128 {
                for m in 1...12 { #expect(Self.stratified(s, m: m, dimension: j), "dimension \(j + 1), m = \(m)") }
            }
        }
    }

    @Test("dimensions 1 and 2 form a (0, m, 2)-net: every 2^a × 2^(m−a) box holds one of the first 2^m points, scrambled too")
    func twoDimensionalNet() {
        var rng = Philox4x64(stream: StreamID(seed: 11, point: 0, replicate: 0))
        for s in [SobolSequence(dimensions: 2), SobolSequence(dimensions: 2, scrambledWith: &rng)] {
            let m = 8
            for a in 0...m {
                var hit = Set<Int>()
                for n in 0..<(1 << m) {
                    let x = s.integers(UInt32(n))
                    let cell = Int(x[0] >> UInt32(32 - a)) << (m - a) | Int(x[1] >> UInt32(32 - (m - a)))
                    hit.insert(cell) // `>> 32` is 0 in Swift, so a = 0 and a = m need no special case
                }
                #expect(hit.count == 1 << m, "boxes 2^\(a) × 2^\(m - a)")
            }
        }
    }

    @Test("scrambling is deterministic in the stream and changes the points")
    func scramblingSeeded() {
        var r1 = Philox4x64(stream: StreamID(seed: 3, point: 0, replicate: 0))
        var r2 = Philox4x64(stream: StreamID(seed: 3, point: 0, replicate: 0))
        var r3 = Philox4x64(stream: StreamID(seed: 4, point: 0, replicate: 0))
        let a = SobolSequence(dimensions: 6, scrambledWith: &r1), b = SobolSequence(dimensions: 6, scrambledWith: &r2)
        let c = SobolSequence(dimensions: 6, scrambledWith: &r3), plain = SobolSequence(dimensions: 6)
        #expect((0..<64).map { a.point($0) } == (0..<64).map { b.point($0) })
        #expect((0..<64).map { a.point($0) } != (0..<64).map { c.point($0) })
        #expect(a.point(0) != plain.point(0))
        // Scrambled points are uniform: the mean of 4096 points in each dimension is 1/2 within 4 standard errors of iid uniforms
        // (a QMC mean is far closer; this only catches a biased scrambler).
        for j in 0..<6 {
            let mean = (0..<4096).map { a.point($0)[j] }.reduce(0, +) / 4096
            #expect(abs(mean - 0.5) < 4 * (1.0 / 12 / 4096).squareRoot(), "dimension \(j + 1): mean \(mean)")
        }
    }
}
