import RandomStreams
import Sensitivity

/// The designs for global sensitivity analysis (`microchimera sensitivity`).
///
/// - `sobol`: `SaltelliScheme` on a `SobolSequence` of 2D dimensions scrambled
///   (matrices and shifts) from the stream `(seed, point 2⁶⁴ − 1, replicate 0,
///   substream 1)`; `--points N` is the number of base points (a power of 2
///   balances the sequence best), the sweep has N·(D + 2) points, laid out
///   as blocks A, AB⁽¹⁾ … AB⁽ᴰ⁾, B; no second-order indices.
/// - `morris`: `MorrisScheme`, `--points r` trajectories of D + 1 points on a
///   p-level grid (`--levels p`, even, default 4), drawn from the stream
///   `(seed, point 2⁶⁴ − 1, replicate 0, substream 2)`.
///
/// Each coordinate u ∈ [0, 1] becomes an axis value as for `lhs`
/// (`SweepAxis.value(at:)`: log ranges uniform in log space).
extension SweepDesign {
    /// Morris's default number of levels.
    public static let defaultLevels = 4

    /// Whether the design is one `microchimera sensitivity` can analyse.
    public var isSensitivity: Bool { self == .sobol || self == .morris }

    /// The unit-cube coordinates of every point of a `sobol` or `morris`
    /// design of `parameters` axes (`points[k][a]` ∈ [0, 1]).
    public func unitPoints(parameters d: Int, count: Int?, seed: UInt64, levels: Int?) throws(RunError) -> [[Double]] {
        precondition(isSensitivity, "unitPoints is for the sobol and morris designs")
        let what = self == .sobol ? "base points N (N·(D + 2) runs)" : "trajectories r (r·(D + 1) runs)"
        guard let n = count, n >= 2 else {
            throw .usage("the \(rawValue) design needs --points N ≥ 2: the number of \(what)")
        }
        let perBase = self == .sobol ? d + 2 : d + 1
        let (total, overflow) = n.multipliedReportingOverflow(by: perBase)
        guard !overflow, total <= Self.maximumPoints else {
            throw .usage("--points \(n) with \(d) axes makes \(n) × \(perBase) runs, more than the \(Self.maximumPoints) "
                         + "one sweep may have; use fewer --points")
        }
        switch self {
        case .sobol:
            guard d <= SaltelliScheme.maximumParameters else {
                throw .usage("the sobol design takes at most \(SaltelliScheme.maximumParameters) --vary axes "
                             + "(2 Sobol' dimensions each, \(SobolSequence.maximumDimensions) tabulated), got \(d)")
            }
            var rng = Philox4x64(stream: StreamID(seed: seed, point: Self.designPoint, replicate: 0, substream: 1))
            return SaltelliScheme.matrix(base: n, sequence: SobolSequence(dimensions: 2 * d, scrambledWith: &rng))
        default:
            let p = levels ?? Self.defaultLevels
            guard MorrisScheme.isValid(levels: p) else {
                throw .usage("--levels \(p): Morris's grid needs an even number of levels ≥ 2 (4 is usual)")
            }
            var rng = Philox4x64(stream: StreamID(seed: seed, point: Self.designPoint, replicate: 0, substream: 2))
            return MorrisScheme.matrix(trajectories: n, parameters: d, levels: p, using: &rng)
        }
    }
}
