import Engines

/// The exact distribution of a non-negative integer count over replicates.
///
/// Counts are integers, so the ensemble statistics are accumulated exactly:
/// the histogram stores how many replicates had each value. Merging two
/// histograms is exact, associative and commutative, so the summary does not
/// depend on how replicates were split between threads or batches. Memory
/// grows with the number of distinct values seen, not with replicates.
///
/// Values below `denseLimit` are tallied in an array indexed by value (it
/// grows to the largest such value seen), so the common small counts cost an
/// array increment instead of a hash; larger values go to a dictionary.
public struct CountHistogram: Sendable {
    /// Values below this are tallied densely.
    static let denseLimit = 64

    /// Number of observations.
    public private(set) var observations = 0
    /// `dense[v]`: observations equal to v, for v < `dense.count` ≤ `denseLimit`.
    private var dense: [Int] = []
    /// Observations ≥ `denseLimit`, by value.
    private var sparse: [Int: Int] = [:]

    public init() {}

    /// Records one observation. Complexity: O(1) expected.
    @inlinable
    public mutating func add(_ value: Int) {
        precondition(value >= 0, "cell counts are non-negative")
        addCounted(value, times: 1)
    }

    @usableFromInline
    mutating func addCounted(_ value: Int, times: Int) {
        observations += times
        if value < Self.denseLimit {
            if value >= dense.count { dense.append(contentsOf: repeatElement(0, count: value + 1 - dense.count)) }
            dense[value] += times
        } else {
            sparse[value, default: 0] += times
        }
    }

    /// Adds every observation of `other`. Complexity: O(distinct values of `other`).
    public mutating func merge(_ other: CountHistogram) {
        for (v, c) in other.dense.enumerated() where c > 0 { addCounted(v, times: c) }
        for (v, c) in other.sparse { addCounted(v, times: c) }
    }

    /// Observations equal to zero.
    private var zeros: Int { dense.first ?? 0 }

    /// `(value, how many)` in increasing value. Complexity: O(D log D).
    public var sortedEntries: [(value: Int, count: Int)] {
        var entries = dense.enumerated().filter { $0.element > 0 }.map { (value: $0.offset, count: $0.element) }
        entries += sparse.map { (value: $0.key, count: $0.value) }.sorted { $0.value < $1.value }
        return entries
    }

    /// Mean, standard deviation, quantiles and the fraction above zero.
    ///
    /// - mean `Σx/R` from the exact integer sum;
    /// - sd: the sample standard deviation `√(Σ(x − mean)²/(R − 1))`, summed in
    ///   increasing value order (so the bytes never depend on merge order);
    ///   `nil` for a single replicate;
    /// - quantiles by linear interpolation between order statistics (Hyndman
    ///   and Fan 1996 type 7, the default of R, NumPy and pandas): for
    ///   probability p the value at position `h = (R − 1)p` of the sorted sample;
    /// - `pPresent`: fraction of replicates with a count above zero.
    ///
    /// Complexity: O(D log D) for D distinct values.
    public func statistics() -> PointStatistics {
        precondition(observations > 0, "statistics of an empty histogram")
        let entries = sortedEntries
        var sum = 0
        for e in entries { sum += e.value * e.count }
        let r = Double(observations)
        let mean = Double(sum) / r
        var sd: Double?
        if observations > 1 {
            var ss = 0.0
            for e in entries {
                let d = Double(e.value) - mean
                ss += Double(e.count) * d * d
            }
            sd = (ss / (r - 1)).squareRoot()
        }
        let q = [0.05, 0.25, 0.5, 0.75, 0.95].map { quantile($0, entries: entries) }
        return PointStatistics(
            mean: mean, sd: sd,
            quantiles: Quantiles(q05: q[0], q25: q[1], q50: q[2], q75: q[3], q95: q[4]),
            pPresent: Double(observations - zeros) / r)
    }

    /// Type-7 quantile from sorted `(value, count)` entries.
    private func quantile(_ p: Double, entries: [(value: Int, count: Int)]) -> Double {
        let h = Double(observations - 1) * p
        let lo = Int(h.rounded(.down))
        let frac = h - Double(lo)
        let a = orderStatistic(lo, entries: entries)
        if frac == 0 || lo + 1 >= observations { return Double(a) }
        let b = orderStatistic(lo + 1, entries: entries)
        return Double(a) + frac * Double(b - a)
    }

    /// The value at 0-based rank `k` of the sorted sample.
    private func orderStatistic(_ k: Int, entries: [(value: Int, count: Int)]) -> Int {
        var seen = 0
        for e in entries {
            seen += e.count
            if k < seen { return e.value }
        }
        return entries.last!.value
    }
}

extension CountHistogram: Equatable {
    /// Equal when they hold the same observations (however the dense part grew).
    public static func == (a: CountHistogram, b: CountHistogram) -> Bool {
        a.observations == b.observations && a.sortedEntries.elementsEqual(b.sortedEntries) { $0 == $1 }
    }
}
