import RandomStreams

/// First-order and total Sobol' indices of one output from Saltelli's scheme,
/// with bootstrap percentile intervals.
///
/// With outputs centred on the mean ȳ of all N·(D + 2) evaluations and
/// V = the variance (divisor 2N) of f(A) and f(B) pooled:
///
/// - S1_j = mean_i f(B)_i·(f(AB⁽ʲ⁾)_i − f(A)_i) / V (Saltelli et al. 2010);
/// - ST_j = mean_i (f(A)_i − f(AB⁽ʲ⁾)_i)² / (2V) (Jansen 1999).
///
/// Centring does not change ST and removes ȳ·mean(f(AB⁽ʲ⁾) − f(A)) from
/// S1's numerator, a term of expectation zero that only adds noise; SALib's
/// `sobol.analyze` centres the same way, so the point estimates agree with it.
/// The interval of each index is the 2.5 % and 97.5 % percentiles of the
/// estimates over `resamples` bootstrap samples of the N base points (drawn
/// with replacement, each keeping its D + 2 evaluations together; each
/// resample centred again). Complexity: O(N·D·(1 + resamples)).
public struct SobolIndices: Sendable, Equatable {
    public var firstOrder: [Double]
    public var total: [Double]
    /// `(low, high)` 95 % bootstrap percentile interval of each S1, ST.
    public var firstOrderInterval: [ClosedRange<Double>]
    public var totalInterval: [ClosedRange<Double>]

    /// Why indices cannot be estimated.
    public enum Problem: Error, Equatable {
        /// Every evaluation gave the same value: there is no variance to share out.
        case constantOutput(Double)
        /// Fewer than two base points.
        case tooFewPoints(Int)
    }

    /// The point estimates (no intervals) from f(A), f(B), f(AB⁽ʲ⁾).
    static func estimate(a: [Double], b: [Double], ab: [[Double]]) -> (s1: [Double], st: [Double]) {
        let n = Double(a.count)
        var sum = a.reduce(0, +) + b.reduce(0, +)
        for column in ab { sum += column.reduce(0, +) }
        let mean = sum / (n * Double(ab.count + 2))
        var pooledMean = 0.0
        for i in a.indices { pooledMean += (a[i] - mean) + (b[i] - mean) }
        pooledMean /= 2 * n
        var variance = 0.0
        for i in a.indices {
            let da = a[i] - mean - pooledMean, db = b[i] - mean - pooledMean
            variance += da * da + db * db
        }
        variance /= 2 * n
        var s1: [Double] = [], st: [Double] = []
        for column in ab {
            var first = 0.0, total = 0.0
            for i in a.indices {
                first += (b[i] - mean) * (column[i] - a[i])
                total += (a[i] - column[i]) * (a[i] - column[i])
            }
            s1.append(variance > 0 ? first / n / variance : 0)
            st.append(variance > 0 ? total / (2 * n) / variance : 0)
        }
        return (s1, st)
    }

    /// The indices of the outputs of Saltelli's scheme (`SaltelliScheme.split`),
    /// with `resamples` bootstrap samples drawn from `rng`.
    public init(a: [Double], b: [Double], ab: [[Double]], resamples: Int, using rng: inout Philox4x64) throws(Problem) {
        let n = a.count
        guard n >= 2 else { throw .tooFewPoints(n) }
        if let first = a.first, a.allSatisfy({ $0 == first }) && b.allSatisfy({ $0 == first })
            && ab.allSatisfy({ $0.allSatisfy { $0 == first } }) {
            throw .constantOutput(first)
        }
        (firstOrder, total) = Self.estimate(a: a, b: b, ab: ab)
        let d = ab.count
        var s1Samples = [[Double]](repeating: [], count: d), stSamples = [[Double]](repeating: [], count: d)
        var ra = [Double](repeating: 0, count: n), rb = ra
        var rab = [[Double]](repeating: ra, count: d)
        for _ in 0..<max(0, resamples) {
            for i in 0..<n {
                let k = Sampler.uniformIndex(below: n, using: &rng)
                ra[i] = a[k]
                rb[i] = b[k]
                for j in 0..<d { rab[j][i] = ab[j][k] }
            }
            let (s1, st) = Self.estimate(a: ra, b: rb, ab: rab)
            for j in 0..<d {
                s1Samples[j].append(s1[j])
                stSamples[j].append(st[j])
            }
        }
        firstOrderInterval = zip(firstOrder, s1Samples).map { Self.percentileInterval($1, point: $0) }
        totalInterval = zip(total, stSamples).map { Self.percentileInterval($1, point: $0) }
    }

    /// The 2.5 % and 97.5 % percentiles of `samples` (linear interpolation
    /// between order statistics, as `numpy.percentile`'s default), or the point
    /// estimate alone when there are no samples.
    static func percentileInterval(_ samples: [Double], point: Double) -> ClosedRange<Double> {
        guard !samples.isEmpty else { return point...point }
        let sorted = samples.sorted()
        return percentile(sorted, 0.025)...percentile(sorted, 0.975)
    }

    /// The q-quantile of ascending `sorted` (type 7: position q·(n − 1)).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        let position = q * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(sorted.count - 1, low + 1)
        let w = position - Double(low)
        return sorted[low] + w * (sorted[high] - sorted[low])
    }
}
