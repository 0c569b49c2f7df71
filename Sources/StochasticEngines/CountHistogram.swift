import Engines

/// The distribution of a non-negative integer count over replicates: exact,
/// or within 0.2% for large counts when there are very many of them.
///
/// Counts are integers, so the ensemble statistics are accumulated exactly:
/// the histogram stores how many replicates had each value, and the exact
/// integer sums Σx and Σx². Merging two histograms is exact, associative and
/// commutative, so the summary does not depend on how replicates were split
/// between threads or batches. Memory grows with the number of distinct
/// values seen, not with replicates.
///
/// Values below `denseLimit` (512) are tallied in an array indexed by value
/// (it grows to the largest such value seen, at most 4 KB), so the common
/// small counts cost an array increment instead of a hash. Larger values are
/// appended to a buffer (`pending`, 8 bytes each) and merged, sorted, into
/// the exact `(value, count)` list only when the buffer holds
/// `pendingLimit` values or a summary is asked for: an append per
/// observation instead of a hash-table update (which, with a cache miss per
/// lookup, was half of a 1,000-replicate run of the default scenario).
///
/// **Bounded memory.** A cohort of 100,000 women with 10⁴–10⁵ cells each
/// would keep nearly one entry per woman in every (output, series). When more
/// than `exactCapacity` distinct values ≥ `denseLimit` have been seen, the
/// histogram becomes *coarse*: values of `2^(binBits+1)` = 512 and above are
/// kept as the midpoint of their bin, the value with its bits below the top
/// `binBits + 1` cleared, plus half the bin (relative error at most
/// 2^−(binBits+1) ≈ 0.2%), so a (output, series) holds at most 256 bins per
/// power of two, in an array (about 2 KB per power of two). Mean and sd stay exact (from the integer sums) and P(present)
/// exact; quantiles are those of the binned values. Whether a histogram is
/// coarse depends only on the values it holds (more than `exactCapacity`
/// distinct ones), never on how they were split or when the buffer was
/// merged, so bytes stay reproducible.
public struct CountHistogram: Sendable {
    /// Values below this are tallied densely: every value a coarse histogram keeps exactly.
    static let denseLimit = coarseFloor
    /// Distinct values ≥ `denseLimit` kept exactly before the histogram coarsens.
    static let exactCapacity = 1024
    /// A coarse histogram keeps the top `binBits + 1` bits of a value.
    static let binBits = 8
    /// Values ≥ `denseLimit` buffered before they are merged into the exact list.
    static let pendingLimit = 2048

    /// Number of observations.
    public private(set) var observations = 0
    /// Whether large values are kept by bin (see the type's documentation):
    /// more than `exactCapacity` distinct values ≥ `denseLimit` were seen.
    public var isCoarse: Bool {
        if coarse { return true }
        var settled = self
        settled.settle()
        return settled.coarse
    }
    /// Whether the large values merged so far were binned (`isCoarse` counts the buffer too).
    private var coarse = false
    /// `dense[v]`: observations equal to v, for v < `dense.count` ≤ `denseLimit`.
    private var dense: [Int] = []
    /// Observations ≥ `denseLimit` not yet merged into `exactValues`, unsorted and
    /// with repeats (empty when coarse).
    private var pending: [Int] = []
    /// While not coarse: the distinct merged values ≥ `denseLimit`, increasing,
    /// and how many observations had each.
    private var exactValues: [Int] = []
    private var exactCounts: [Int] = []
    /// When coarse: observations ≥ `coarseFloor` by bin (`binIndex`).
    private var bins: [Int] = []
    /// Exact Σx and Σx² of the observations.
    private var sum: Int128 = 0
    private var sumOfSquares: Int128 = 0

    public init() {}

    /// Records one observation. Complexity: O(1) amortized (O(log) when the
    /// buffer of large values is merged).
    @inlinable
    public mutating func add(_ value: Int) {
        precondition(value >= 0, "cell counts are non-negative")
        addCounted(value, times: 1)
    }

    @usableFromInline
    mutating func addCounted(_ value: Int, times: Int) {
        observations += times
        guard value != 0 else {
            if dense.isEmpty { dense.append(0) }
            dense[0] += times
            return
        }
        let v = Int128(value)
        // The common case, one observation below 2³¹, squares in 64 bits.
        let square = value < 1 << 31 ? Int128(value &* value) : v * v
        if times == 1 {
            sum += v
            sumOfSquares += square
        } else {
            sum += v * Int128(times)
            sumOfSquares += square * Int128(times)
        }
        tally(value, times: times)
    }

    /// Records the observations `values[0]`, `values[stride]`, …,
    /// `values[(count − 1)·stride]` in that order: the same histogram as
    /// `add` for each in turn, with the small values tallied in one pass
    /// over the dense array and their sums in 64 bits (a value below
    /// `denseLimit` squares to under 2¹⁸, so 2⁴⁵ of them fit), and the
    /// large ones then buffered as `add` does. `EnsembleAccumulator`
    /// records a chunk's replicates this way, histogram by histogram.
    /// Complexity: O(count), amortized as `add`.
    mutating func add(strided values: UnsafePointer<Int>, stride: Int, count: Int) {
        guard count > 0 else { return }
        var largestSmall = -1
        var large = 0
        for r in 0..<count {
            let v = values[r &* stride]
            precondition(v >= 0, "cell counts are non-negative")
            if v < Self.denseLimit { largestSmall = max(largestSmall, v) } else { large &+= 1 }
        }
        observations += count
        if largestSmall >= 0 {
            if largestSmall >= dense.count { dense.append(contentsOf: repeatElement(0, count: largestSmall + 1 - dense.count)) }
            var smallSum = 0, smallSquares = 0
            dense.withUnsafeMutableBufferPointer { d in
                for r in 0..<count {
                    let v = values[r &* stride]
                    guard v < Self.denseLimit else { continue }
                    d[v] &+= 1
                    smallSum &+= v
                    smallSquares &+= v &* v
                }
            }
            sum += Int128(smallSum)
            sumOfSquares += Int128(smallSquares)
        }
        guard large > 0 else { return }
        for r in 0..<count {
            let value = values[r &* stride]
            guard value >= Self.denseLimit else { continue }
            let v = Int128(value)
            sum += v
            sumOfSquares += value < 1 << 31 ? Int128(value &* value) : v * v
            if coarse {
                addToBin(value, times: 1)
            } else {
                pending.append(value)
                if pending.count >= Self.pendingLimit { settle() }
            }
        }
    }

    /// Adds `times` to the entry of `value` (its bin when coarse; the buffer
    /// when large and `times` is 1).
    private mutating func tally(_ value: Int, times: Int) {
        if value < Self.denseLimit {
            if value >= dense.count { dense.append(contentsOf: repeatElement(0, count: value + 1 - dense.count)) }
            dense[value] += times
        } else if coarse {
            addToBin(value, times: times)
        } else if times == 1 {
            pending.append(value)
            if pending.count >= Self.pendingLimit { settle() }
        } else {
            mergeExact(values: [value], counts: [times])
        }
    }

    private mutating func addToBin(_ value: Int, times: Int) {
        let b = Self.binIndex(value)
        if b >= bins.count { bins.append(contentsOf: repeatElement(0, count: b + 1 - bins.count)) }
        bins[b] += times
    }

    /// Merges the buffer of large values into the exact list (coarsening when
    /// that passes `exactCapacity` distinct values). Complexity: O(P + E)
    /// for P buffered values (sorted by `RadixSort`) and E exact entries.
    private mutating func settle() {
        guard !pending.isEmpty else { return }
        var scratch: [Int] = []
        RadixSort.sort(&pending, scratch: &scratch)
        var values: [Int] = []
        var counts: [Int] = []
        values.reserveCapacity(pending.count)
        counts.reserveCapacity(pending.count)
        for v in pending {
            if let last = values.last, last == v { counts[counts.count - 1] += 1 } else {
                values.append(v)
                counts.append(1)
            }
        }
        pending = []
        mergeExact(values: values, counts: counts)
    }

    /// Merges sorted distinct `(values, counts)` into the exact list, then
    /// coarsens if it holds more than `exactCapacity` values.
    private mutating func mergeExact(values: [Int], counts: [Int]) {
        guard !values.isEmpty else { return }
        if exactValues.isEmpty {
            exactValues = values
            exactCounts = counts
        } else {
            var mergedValues: [Int] = []
            var mergedCounts: [Int] = []
            mergedValues.reserveCapacity(exactValues.count + values.count)
            mergedCounts.reserveCapacity(exactValues.count + values.count)
            var i = 0
            var j = 0
            while i < exactValues.count || j < values.count {
                if j == values.count || (i < exactValues.count && exactValues[i] < values[j]) {
                    mergedValues.append(exactValues[i])
                    mergedCounts.append(exactCounts[i])
                    i += 1
                } else if i == exactValues.count || values[j] < exactValues[i] {
                    mergedValues.append(values[j])
                    mergedCounts.append(counts[j])
                    j += 1
                } else {
                    mergedValues.append(values[j])
                    mergedCounts.append(exactCounts[i] + counts[j])
                    i += 1
                    j += 1
                }
            }
            exactValues = mergedValues
            exactCounts = mergedCounts
        }
        if exactValues.count > Self.exactCapacity { coarsen() }
    }

    /// The smallest value a coarse histogram bins: `2^(binBits+1)`.
    static let coarseFloor = 1 << (binBits + 1)

    /// The bin of `value` ≥ `coarseFloor`: `2^binBits` bins per power of two
    /// (the top `binBits + 1` bits of the value), numbered from `coarseFloor` up.
    static func binIndex(_ value: Int) -> Int {
        let exponent = Int.bitWidth - 1 - value.leadingZeroBitCount
        let shift = exponent - binBits
        return (exponent - binBits - 1) << binBits + (value >> shift) - (1 << binBits)
    }

    /// The midpoint of bin `index`: the bin's lowest value plus half its width.
    static func binMidpoint(_ index: Int) -> Int {
        let shift = index >> binBits + 1
        let top = index & ((1 << binBits) - 1) + (1 << binBits)
        return top << shift + 1 << (shift - 1)
    }

    /// Moves every large value (merged and buffered) to its bin.
    private mutating func coarsen() {
        coarse = true
        for (v, c) in zip(exactValues, exactCounts) { addToBin(v, times: c) }
        for v in pending { addToBin(v, times: 1) }
        exactValues = []
        exactCounts = []
        pending = []
    }

    /// Adds every observation of `other`. Complexity: O(distinct values of
    /// `other` + its buffer), plus a merge of the exact lists.
    public mutating func merge(_ other: CountHistogram) {
        observations += other.observations
        sum += other.sum
        sumOfSquares += other.sumOfSquares
        if other.coarse && !coarse { coarsen() }
        for (v, c) in other.dense.enumerated() where c > 0 { tally(v, times: c) }
        if coarse {
            for (v, c) in zip(other.exactValues, other.exactCounts) { addToBin(v, times: c) }
            for v in other.pending { addToBin(v, times: 1) }
        } else {
            mergeExact(values: other.exactValues, counts: other.exactCounts)
            if coarse {
                for v in other.pending { addToBin(v, times: 1) }
            } else {
                pending += other.pending
                if pending.count >= Self.pendingLimit { settle() }
            }
        }
        for (b, c) in other.bins.enumerated() where c > 0 { addToBin(Self.binMidpoint(b), times: c) }
    }

    /// Observations equal to zero.
    private var zeros: Int { dense.first ?? 0 }

    /// `(value, how many)` in increasing value. Complexity: O(D + P)
    /// for D distinct values and P buffered ones.
    public var sortedEntries: [(value: Int, count: Int)] {
        var settled = self
        settled.settle()
        var entries = dense.enumerated().filter { $0.element > 0 }.map { (value: $0.offset, count: $0.element) }
        entries += zip(settled.exactValues, settled.exactCounts).map { (value: $0, count: $1) }
        entries += settled.bins.enumerated().filter { $0.element > 0 }.map { (value: Self.binMidpoint($0.offset), count: $0.element) }
        return entries
    }

    /// Mean, standard deviation, quantiles and the fraction above zero.
    ///
    /// - mean `Σx/R` from the exact integer sum;
    /// - sd: the sample standard deviation `√(Σ(x − mean)²/(R − 1))`, summed in
    ///   increasing value order (so the bytes never depend on merge order);
    ///   when coarse, from the exact `R·Σx² − (Σx)²`; `nil` for a single replicate;
    /// - quantiles by linear interpolation between order statistics (Hyndman
    ///   and Fan 1996 type 7, the default of R, NumPy and pandas): for
    ///   probability p the value at position `h = (R − 1)p` of the sorted sample;
    /// - `pPresent`: fraction of replicates with a count above zero.
    ///
    /// Complexity: O(D log D) for D distinct values.
    public func statistics() -> PointStatistics {
        precondition(observations > 0, "statistics of an empty histogram")
        var settled = self
        settled.settle()
        let entries = settled.sortedEntries
        let isCoarse = settled.coarse
        let r = Double(observations)
        let mean = Double(sum) / r
        var sd: Double?
        if observations > 1 && !isCoarse {
            var ss = 0.0
            for e in entries {
                let d = Double(e.value) - mean
                ss += Double(e.count) * d * d
            }
            sd = (ss / (r - 1)).squareRoot()
        } else if observations > 1 {
            // R·Σ(x − mean)² = R·Σx² − (Σx)², exactly when it fits in 128 bits.
            let (scaled, overflow) = sumOfSquares.multipliedReportingOverflow(by: Int128(observations))
            let ss = overflow ? Double(sumOfSquares) - Double(sum) * mean : Double(scaled - sum * sum) / r
            sd = (max(0, ss) / (r - 1)).squareRoot()
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
        a.observations == b.observations && a.isCoarse == b.isCoarse && a.sum == b.sum
            && a.sumOfSquares == b.sumOfSquares && a.sortedEntries.elementsEqual(b.sortedEntries) { $0 == $1 }
    }
}
