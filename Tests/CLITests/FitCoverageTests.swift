import Foundation
import MicrochimeraKit
import Synchronization
import Testing

/// The 95% profile-likelihood intervals of `microchimera fit` cover the truth
/// 95% of the time: datasets drawn from the exact P(positive) at a known
/// half-life (`FitRecovery`), each fitted back through the library.
@Suite("Fit: interval coverage")
struct FitCoverageTests {
    /// Fits datasets `0..<count` at the truth on two workers; returns each one's estimate and interval.
    static func intervals(count: Int) throws -> [(estimate: Double, low: Double, high: Double)] {
        let p = try FitRecovery.probabilities(halfLife: FitRecovery.truth)
        let results = Mutex([Result<(estimate: Double, low: Double, high: Double), any Error>?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: 2) { worker in
            for d in stride(from: worker, to: count, by: 2) {
                let counts = FitRecovery.counts(dataset: d, probabilities: p)
                let data = FitRecovery.csv(years: FitRecovery.years, n: counts.map { _ in FitRecovery.samples }, positive: counts)
                let result = Result { try FitRecovery.interval(FitRecovery.fit(FitRecovery.folder(data: data))) }
                results.withLock { $0[d] = result }
            }
        }
        return try results.withLock { $0 }.map { try $0!.get() }
    }

    /// The asymptotic width of the 95% interval of θ = log10(half-life):
    /// `2·1.96/√I(θ)` with the expected information of the binomial data,
    /// `I(θ) = Σ_t n·p_t'(θ)² / (p_t(1 − p_t))`, p' by central differences
    /// (step 0.01 in θ) of the exact P(positive) at the truth.
    static func asymptoticWidth() throws -> Double {
        let h = 0.01
        let p = try FitRecovery.probabilities(halfLife: FitRecovery.truth)
        let up = try FitRecovery.probabilities(halfLife: FitRecovery.truth * pow(10, h))
        let down = try FitRecovery.probabilities(halfLife: FitRecovery.truth * pow(10, -h))
        var information = 0.0
        for i in p.indices {
            let slope: Double = (up[i] - down[i]) / (2 * h)
            information += Double(FitRecovery.samples) * slope * slope / (p[i] * (1 - p[i]))
        }
        return 2 * 1.959964 / information.squareRoot()
    }

    /// Coverage k of `count` intervals and their median width in log10 units.
    static func summary(_ intervals: [(estimate: Double, low: Double, high: Double)]) -> (covered: Int, medianWidth: Double) {
        let covered = intervals.filter { $0.low <= FitRecovery.truth && FitRecovery.truth <= $0.high }.count
        let widths = intervals.map { log10($0.high / $0.low) }.sorted()
        return (covered, widths[widths.count / 2])
    }

    /// 100 datasets: each interval contains its own estimate, and the number
    /// covering the truth is Binomial(100, 0.95) if the intervals are right.
    /// Accept 88...100: P(X ≤ 87 | n = 100, p = 0.95) = 0.00146 (the exact sum
    /// of the binomial probabilities from 0 to 87). An interval that always
    /// covers, e.g. from bound to bound (2.56 decades), is excluded by the
    /// width: the median of log10(high/low) must be within 20% of the
    /// asymptotic width 2·1.96/√I (0.128 decades here).
    @Test("100 datasets drawn at a known half-life: 88 to 100 intervals cover it, with the width the Fisher information predicts")
    func coverage() throws {
        let intervals = try Self.intervals(count: 100)
        for (d, interval) in intervals.enumerated() {
            #expect(interval.low <= interval.estimate && interval.estimate <= interval.high, "dataset \(d): \(interval)")
        }
        let (covered, median) = Self.summary(intervals)
        let expected = try Self.asymptoticWidth()
        print("fit coverage: \(covered) of 100 intervals cover the truth; median width \(median) decades, asymptotic \(expected)")
        #expect((88...100).contains(covered), "\(covered) of 100 intervals cover the truth \(FitRecovery.truth) days")
        #expect(abs(median / expected - 1) < 0.2, "median width \(median) decades, asymptotic \(expected)")
    }
}
