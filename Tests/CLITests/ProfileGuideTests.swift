import Foundation
@testable import MicrochimeraKit
import Optimization
import Testing

/// `CalibrationPipeline.guide`: the quadratic model's first profile distance
/// and slope, against values worked out by hand.
@Suite("Profile guide")
struct ProfileGuideTests {
    static let t = ProfileLikelihood.threshold95

    static func guide(_ i: Int, _ j: [[Double]]) -> (Double, [Double]?) {
        CalibrationPipeline.guide(i, information: StudyInformation(steps: j.map { _ in 0.01 }, shares: j.map { _ in [1] },
                                                                   curvature: j.indices.map { j[$0][$0] }),
                                  joint: JointInformation(steps: j.map { _ in 0.01 }, matrix: j))
    }

    /// J = [[4, 3], [3, 4]]: with x₀ held, x₁'s optimum moves by −3/4 per
    /// unit of x₀ and the profile curvature is 4 − 9/4 = 1.75, so the first
    /// distance is √(2t/1.75) (the diagonal alone would give √(2t/4)).
    @Test("a correlated pair: the slope −3/4 and the distance √(2t/1.75)")
    func correlatedPair() throws {
        let (first, slope) = Self.guide(0, [[4, 3], [3, 4]])
        #expect(abs(first - (2 * Self.t / 1.75).squareRoot()) < 1e-12)
        let s = try #require(slope)
        #expect(s.count == 1 && abs(s[0] + 0.75) < 1e-12)
    }

    /// J with a coordinate the data do not inform (row 1 zero): for
    /// coordinate 0 the others' block diag(0, 5) is singular, so the model
    /// keeps the determined coordinate 2 (slope −1/5, curvature 2 − 1/5) and
    /// gives coordinate 1 slope 0. An indefinite block keeps its positive
    /// part the same way; a coordinate whose diagonal does not bend down and
    /// whose profile curvature is 0 gets no distance and no slope.
    @Test("a singular or indefinite block of the others keeps its determined part")
    func partialBlocks() throws {
        let j = [[2.0, 0, 1], [0, 0, 0], [1, 0, 5]]
        let (first, slope) = Self.guide(0, j)
        #expect(abs(first - (2 * Self.t / 1.8).squareRoot()) < 1e-12)
        let s = try #require(slope)
        #expect(s[0] == 0 && abs(s[1] + 0.2) < 1e-12)
        // Others of 0 are 1 and 2: [[−3, 1], [1, 2]] is indefinite; dpstrf takes 2 (pivot 2), then stops (−3 − 1/2 < 0).
        let indefinite = [[1.0, 0, 0.5], [0, -3, 1], [0.5, 1, 2]]
        let (d, t) = Self.guide(0, indefinite)
        let ts = try #require(t)
        #expect(ts[0] == 0 && abs(ts[1] + 0.25) < 1e-12 && abs(d - (2 * Self.t / (1 - 0.125)).squareRoot()) < 1e-12)
        // Coordinate 1 of j: diagonal 0, b = 0, so the profile curvature is 0: no distance, no slope.
        let (flat, none) = Self.guide(1, j)
        #expect(flat == .infinity && none == nil)
    }

    /// Three coordinates, J positive definite: the slope solves J₋ᵢ,₋ᵢ·y = J₋ᵢ,ᵢ
    /// (checked by multiplying back), and the distance matches the inverse's
    /// diagonal, √(2t·(J⁻¹)ᵢᵢ) (J⁻¹ of this J worked out by cofactors).
    @Test("three coordinates: the slope solves the others' block, the distance is √(2t·(J⁻¹)ᵢᵢ)")
    func threeCoordinates() throws {
        let j = [[3.0, 1, 0.5], [1, 2, 0.25], [0.5, 0.25, 1]]
        let (first, slope) = Self.guide(1, j)
        let y = try #require(slope).map { -$0 }
        // Others of 1 are 0 and 2: [[3, 0.5], [0.5, 1]]·y = [1, 0.25].
        #expect(abs(3 * y[0] + 0.5 * y[1] - 1) < 1e-12 && abs(0.5 * y[0] + 1 * y[1] - 0.25) < 1e-12)
        // det J = 3(2 − 0.0625) − 1(1 − 0.125) + 0.5(0.25 − 1) = 5.8125 − 0.875 − 0.375 = 4.5625;
        // (J⁻¹)₁₁ = (3·1 − 0.25)/det = 2.75/4.5625.
        #expect(abs(first - (2 * Self.t * 2.75 / 4.5625).squareRoot()) < 1e-12)
    }
}
