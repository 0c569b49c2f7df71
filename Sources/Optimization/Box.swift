/// An axis-aligned box `[lower₀, upper₀] × … × [lower_{n−1}, upper_{n−1}]` in the
/// optimizer's coordinates.
///
/// The optimizer knows nothing of units or log scales: the caller maps each
/// parameter to a coordinate (its value, or its log10) and gives the bounds in
/// that coordinate. Every bound is finite and `lower[i] < upper[i]`; anything
/// else is a programmer error (`precondition`), since a fit file's bounds are
/// checked where they are read.
public struct Box: Sendable, Hashable {
    /// The lower bound of each coordinate.
    public var lower: [Double]
    /// The upper bound of each coordinate.
    public var upper: [Double]

    /// A box with the given bounds (equal counts, finite, `lower[i] < upper[i]`).
    public init(lower: [Double], upper: [Double]) {
        precondition(lower.count == upper.count,
                     "Box needs as many lower bounds as upper bounds, got \(lower.count) and \(upper.count)")
        for (i, (low, high)) in zip(lower, upper).enumerated() {
            precondition(low.isFinite && high.isFinite && low < high,
                         "Box coordinate \(i) needs finite bounds with lower < upper, got [\(low), \(high)]")
        }
        self.lower = lower
        self.upper = upper
    }

    /// The number of coordinates.
    public var dimension: Int { lower.count }

    /// The coordinate indices `0..<dimension`.
    public var indices: Range<Int> { 0..<dimension }

    /// `upper[i] − lower[i]`, the width of coordinate `i`.
    public func width(_ i: Int) -> Double { upper[i] - lower[i] }

    /// `point` with every coordinate clamped into its interval. O(n).
    public func clamp(_ point: [Double]) -> [Double] {
        precondition(point.count == dimension,
                     "a point of dimension \(point.count) given to a box of dimension \(dimension)")
        return point.indices.map { min(max(point[$0], lower[$0]), upper[$0]) }
    }

    /// The box without coordinate `i` (dimension n − 1). O(n).
    public func removing(_ i: Int) -> Box {
        var lower = lower, upper = upper
        lower.remove(at: i)
        upper.remove(at: i)
        return Box(lower: lower, upper: upper)
    }
}
