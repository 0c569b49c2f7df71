import Optimization
import RandomStreams
import Testing

@Suite("Latin hypercube starts")
struct LatinHypercubeTests {
    let box = Box(lower: [-1, 0, 10], upper: [1, 0.001, 1000])

    @Test("one point per stratum on every axis, inside the box", arguments: [1, 2, 7, 64])
    func strata(_ count: Int) {
        let points = LatinHypercube.points(count: count, in: box, stream: StreamID(seed: 5, point: 0, replicate: 0))
        #expect(points.count == count)
        for axis in 0..<box.dimension {
            let cell = (box.upper[axis] - box.lower[axis]) / Double(count)
            let strata = points.map { Int((($0[axis] - box.lower[axis]) / cell).rounded(.down)) }
            #expect(strata.sorted() == Array(0..<count), "axis \(axis): \(strata)")
            #expect(points.allSatisfy { box.lower[axis] <= $0[axis] && $0[axis] <= box.upper[axis] })
        }
    }

    /// A point's offset inside its cell is uniform on (0, 1). Over 4000 points
    /// the fraction of offsets below q has standard deviation
    /// √(q(1 − q)/4000) ≤ 0.0079, so |fraction − q| < 0.04 (5σ) fails by chance
    /// with probability < 1e-6 per q; cell centres (all offsets ½) would give 0 and 1.
    @Test("positions inside the cells are uniform, not the cells' centres")
    func positions() {
        let count = 4000
        let unit = Box(lower: [0], upper: [1])
        let points = LatinHypercube.points(count: count, in: unit, stream: StreamID(seed: 9, point: 0, replicate: 0))
        let offsets = points.map { $0[0] * Double(count) - ($0[0] * Double(count)).rounded(.down) }
        for q in [0.25, 0.5, 0.75] {
            let fraction = Double(offsets.filter { $0 < q }.count) / Double(count)
            #expect(abs(fraction - q) < 0.04, "fraction below \(q): \(fraction)")
        }
    }

    @Test("deterministic in the stream; another stream gives other points")
    func deterministic() {
        let stream = StreamID(seed: 42, point: 3, replicate: 0)
        let a = LatinHypercube.points(count: 8, in: box, stream: stream)
        #expect(LatinHypercube.points(count: 8, in: box, stream: stream) == a)
        #expect(LatinHypercube.points(count: 8, in: box, stream: StreamID(seed: 43, point: 3, replicate: 0)) != a)
    }

    @Test("zero points, or zero dimensions")
    func empty() {
        let stream = StreamID(seed: 1, point: 0, replicate: 0)
        #expect(LatinHypercube.points(count: 0, in: box, stream: stream).isEmpty)
        #expect(LatinHypercube.points(count: 3, in: Box(lower: [], upper: []), stream: stream) == [[], [], []])
    }
}
