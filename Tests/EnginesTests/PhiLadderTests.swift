import Foundation
import LinearAlgebra
import Testing
@testable import Engines

/// `PhiLadder` builds the φ-functions of `2ʲ·c·L` by doubling the rung below;
/// scaling by a power of two is exact, so each rung must equal, bit for bit,
/// `PhiFunctions.evaluate` of the same matrix (which scales down to the same
/// Taylor rung and doubles up through the same rungs), in whatever order the
/// rungs are asked for. `CollocationWeights` built from a rung must equal the
/// directly built weights exactly too.
@Suite("φ ladder: power-of-two steps from one Taylor sum")
struct PhiLadderTests {
    /// A transposed generator of 4 compartments: flows 0→1→2, 1→3, losses, a fast and a slow rate.
    static let generator: Matrix = {
        var a = Matrix(rows: 4, cols: 4)
        let rates: [(Int, Int, Double)] = [(0, 1, 0.35), (1, 2, 0.02), (1, 3, 0.004), (3, 1, 0.001)]
        let loss = [0.3, 0.05, 0.001, 0.0007]
        for (i, j, r) in rates { a[j, i] += r; a[i, i] -= r }
        for i in 0..<4 { a[i, i] -= loss[i] }
        return a.transposed
    }()

    @Test("every rung equals PhiFunctions.evaluate bit for bit, asked in any order", arguments: [[12, -8, 3, 15, 0, -2], [-8, -2, 0, 3, 12, 15]])
    func rungsEqualDirectEvaluation(order rungs: [Int]) throws {
        var ladder = PhiLadder(generator: Self.generator, unit: 1.0 / 6, order: 8)
        for j in rungs {
            let direct = try PhiFunctions.evaluate(Self.generator.scaled(by: scalbn(1.0, j) / 6), upTo: 8).map(\.storage)
            #expect(try ladder.phi(rung: j) == direct, "rung \(j)")
        }
    }

    @Test("collocation weights from a rung equal the directly built weights")
    func weightsFromARung() throws {
        var ladder = PhiLadder(generator: Self.generator, unit: 1.0 / 6, order: 8)
        for j in [-3, 5, 11] {
            let h = scalbn(1.0, j)
            let direct = try CollocationWeights(l: Self.generator, step: h, intervals: 6)
            let built = CollocationWeights(phi: try ladder.phi(rung: j), size: 4, step: h, intervals: 6)
            #expect(built.propagators == direct.propagators && built.nodeWeights == direct.nodeWeights
                     && built.errorWeights == direct.errorWeights && built.integralOfNodes == direct.integralOfNodes
                     && built.integralWeights == direct.integralWeights, "step 2^\(j)")
        }
    }
}
