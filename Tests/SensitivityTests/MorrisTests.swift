import RandomStreams
import Sensitivity
import Testing

/// Morris trajectories and elementary effects against exact answers.
@Suite("Morris design and effects")
struct MorrisTests {
    static func design(r: Int, d: Int, p: Int = 4, seed: UInt64 = 9) -> [[Double]] {
        var rng = Philox4x64(stream: StreamID(seed: seed, point: 0, replicate: 0))
        return MorrisScheme.matrix(trajectories: r, parameters: d, levels: p, using: &rng)
    }

    @Test("every step moves exactly one parameter by ±Δ on the p-level grid, each parameter once per trajectory")
    func trajectories() {
        for p in [2, 4, 6] {
            let d = 5, rows = Self.design(r: 50, d: d, p: p), delta = MorrisScheme.delta(levels: p)
            #expect(rows.count == 50 * (d + 1))
            for t in 0..<50 {
                var moved: [Int] = []
                for s in 0..<d {
                    let (x, y) = (rows[t * (d + 1) + s], rows[t * (d + 1) + s + 1])
                    let changed = (0..<d).filter { x[$0] != y[$0] }
                    #expect(changed.count == 1)
                    if let j = changed.first {
                        moved.append(j)
                        #expect(abs(abs(y[j] - x[j]) - delta) < 1e-12)
                    }
                }
                #expect(moved.sorted() == Array(0..<d))
            }
            for x in rows.joined() {
                let level = x * Double(p - 1)
                #expect(x >= 0 && x <= 1 && abs(level - level.rounded()) < 1e-12)
            }
        }
    }

    @Test("a linear function: μ = c, μ* = |c|, σ = 0 exactly")
    func linear() throws {
        let c = [2.0, -5, 0.5, 0], rows = Self.design(r: 20, d: 4)
        let y = rows.map { x in zip(c, x).reduce(0) { $0 + $1.0 * $1.1 } }
        let m = try MorrisEffects(design: rows, outputs: y, parameters: 4, levels: 4)
        for j in 0..<4 {
            #expect(abs(m.mu[j] - c[j]) < 1e-12 && abs(m.muStar[j] - abs(c[j])) < 1e-12 && m.sigma[j] < 1e-12, "parameter \(j)")
        }
    }

    @Test("y = x1 + 3·x2² (+ an unused x3), p = 4: EE₂ ∈ {2, 4} equally likely, so μ*₂ = 3, σ₂ = 1; ranking x2 > x1 > x3")
    func quadratic() throws {
        let r = 400, rows = Self.design(r: r, d: 3)
        let y = rows.map { $0[0] + 3 * $0[1] * $0[1] }
        let m = try MorrisEffects(design: rows, outputs: y, parameters: 3, levels: 4)
        // EE₂ = 3(2x + Δ) with x the lower level ∈ {0, 1/3} (Δ = 2/3): 2 or 4, sd 1, so the mean of r has sd 1/√r.
        #expect(abs(m.muStar[1] - 3) < 4 / Double(r).squareRoot(), "μ*₂ = \(m.muStar[1])")
        #expect(abs(m.sigma[1] - 1) < 0.1, "σ₂ = \(m.sigma[1])")
        #expect(abs(m.muStar[0] - 1) < 1e-12 && m.muStar[2] == 0)
        #expect(m.muStar[1] > m.muStar[0] && m.muStar[0] > m.muStar[2])
    }

    @Test("a design that is not one-at-a-time is refused with the row")
    func refusal() {
        #expect(throws: MorrisEffects.Problem.notOneAtATime(row: 1)) {
            try MorrisEffects(design: [[0, 0], [1, 1], [1, 0]], outputs: [0, 1, 2], parameters: 2, levels: 4)
        }
    }
}
