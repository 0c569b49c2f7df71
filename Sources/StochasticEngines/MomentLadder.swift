import Engines
import Foundation
import RateModel
import Synchronization

/// Exact moment steps of one independent part of a network under one epoch's
/// rates, for any interval length, computed once and shared.
///
/// A step over h (`MomentStep`: `Φ = e^{A·h}`, the inflow mean g, and the
/// covariance `W_j` of one cell's descendants) costs O(n⁴) flops to build, far
/// more than it costs to apply (O(n³)). A regular output grid needs a few
/// lengths, but a cohort woman's pregnancy and checkpoints fall at her own
/// times, so her intervals have lengths no one else has. The ladder answers
/// every length with steps that are shared: for a unit `δ = 2^u` days,
/// `h = k·δ + r` with `0 ≤ r < δ`, and `k·δ` is the sum of the rungs of
/// length `2^(u+b)` for the binary digits b of k (steps compose exactly: the
/// moments of a Markov process over `s + t` are those over s, then over t).
/// The rest r is left to the caller (it is crossed exactly, cell by cell). A
/// length that is the output spacing is also kept whole, as one step.
///
/// Thread-safe: steps are built on first use outside the lock (two threads
/// may build the same step; both get identical numbers) and stored under a mutex.
final class MomentLadder: Sendable {
    /// The part's rates (its compartments renumbered 0..<m).
    let rates: RateSet
    /// The longest rung is 2^topExponent days (1024); longer stretches repeat it.
    static let topExponent = 10
    private let rungs = Mutex<[Int: MomentStep]>([:])
    private let wholes = Mutex<[Double: MomentStep]>([:])

    init(rates: RateSet) {
        self.rates = rates
    }

    /// The step over `2^exponent` days.
    func rung(_ exponent: Int) throws(EngineError) -> MomentStep {
        if let known = rungs.withLock({ $0[exponent] }) { return known }
        let step = try Self.build(rates, over: exp2(Double(exponent)))
        rungs.withLock { $0[exponent] = step }
        return step
    }

    /// The step over exactly `length` days.
    func whole(_ length: Double) throws(EngineError) -> MomentStep {
        if let known = wholes.withLock({ $0[length] }) { return known }
        let step = try Self.build(rates, over: length)
        wholes.withLock { $0[length] = step }
        return step
    }

    /// The exponents of the rungs whose lengths add up to `⌊length/δ⌋·δ` for
    /// `δ = 2^unitExponent`, longest first, and the rest `length − ⌊length/δ⌋·δ`
    /// (exact in floating point: δ is a power of two).
    /// A unit so fine that `length` would hold 2⁶⁰ of them is coarsened.
    static func decompose(_ length: Double, unitExponent: Int) -> (exponents: [Int], rest: Double) {
        precondition(unitExponent <= topExponent, "the unit is longer than the longest rung")
        let u = min(topExponent, max(unitExponent, Int(log2(max(length, 1)).rounded(.up)) - 60))
        let unit = exp2(Double(u))
        let units = (length / unit).rounded(.down)
        var k = UInt64(units)
        var exponents: [Int] = []
        let top = UInt64(1) << UInt64(topExponent - u)
        while k >= top {
            exponents.append(topExponent)
            k -= top
        }
        for bit in stride(from: topExponent - u - 1, through: 0, by: -1) where k & (UInt64(1) << UInt64(bit)) != 0 {
            exponents.append(u + bit)
        }
        return (exponents, max(0, length - units * unit))
    }

    private static func build(_ rates: RateSet, over h: Double) throws(EngineError) -> MomentStep {
        try MomentStep.checkSize(rates.count)
        do {
            return try MomentStep(rates: rates, over: h)
        } catch {
            throw .numerical(error, context: "in the moment step over \(h) days of the normal approximation")
        }
    }
}
