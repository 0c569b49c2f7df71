import RandomStreams

/// How a sweep chooses its points from the axes.
///
/// - `grid`: every combination of the axes' grid values, the first axis
///   varying slowest (point `k` is the mixed-radix number of its indices);
/// - `lhs`: a Latin hypercube of N points: on every axis the N points fall
///   one in each of N equal strata, in an independent random order, at a
///   uniform position inside the stratum (McKay, Beckman and Conover 1979);
/// - `random`: N points, each coordinate uniform on its axis;
/// - `sobol`: Saltelli's scheme for Sobol' indices on a scrambled Sobol'
///   sequence, N base points and N·(D + 2) runs for D axes
///   (`SweepDesign+Sensitivity.swift`);
/// - `morris`: N trajectories of D + 1 one-at-a-time runs on a p-level grid.
///
/// A list axis maps position `u` to item `⌊u·k⌋`; a log range is uniform in
/// log space. The random draws come from the stream `(seed, point 2⁶⁴ − 1,
/// replicate = axis)`, which no sweep point uses, so the design depends only
/// on the seed, the axes and N.
public enum SweepDesign: String, Sendable, CaseIterable {
    case grid, lhs, random, sobol, morris

    /// The stream point reserved for the design's draws.
    static let designPoint = UInt64.max

    /// The most points one sweep may have: a million points already make a
    /// sweep.csv of gigabytes; shard or split larger designs.
    public static let maximumPoints = 1_000_000

    /// The value of every axis at every point: `points[k][a]`.
    ///
    /// A design of more than `maximumPoints` points is refused before any
    /// value is made (the grid's size is multiplied with overflow checked).
    /// `levels` is Morris's p (nil: 4); it is refused for the other designs.
    public func points(_ axes: [SweepAxis], count: Int?, seed: UInt64, levels: Int? = nil) throws(RunError) -> [[String]] {
        if let levels, self != .morris {
            throw .usage("--levels \(levels) is for --design morris only; leave it out for --design \(rawValue)")
        }
        switch self {
        case .sobol, .morris:
            let unit = try unitPoints(parameters: axes.count, count: count, seed: seed, levels: levels)
            return unit.map { u in zip(axes, u).map { $0.value(at: $1) } }
        case .grid:
            var total = 1
            for axis in axes {
                let (product, overflow) = total.multipliedReportingOverflow(by: try axis.gridCount())
                guard !overflow, product <= Self.maximumPoints else {
                    throw .usage("the grid of --vary axes has more than \(Self.maximumPoints) points (\(try Self.sizes(axes))); "
                                 + "use fewer values per axis, or --design lhs with --points N")
                }
                total = product
            }
            var values: [[String]] = []
            for axis in axes { values.append(try axis.gridValues()) }
            if let count, count != total {
                throw .usage("--points \(count) does not match the grid: \(values.map { String($0.count) }.joined(separator: " × ")) = \(total) points "
                             + "(leave --points out for a grid)")
            }
            return (0..<total).map { k in
                var rest = k, point = [String](repeating: "", count: axes.count)
                for a in axes.indices.reversed() {
                    point[a] = values[a][rest % values[a].count]
                    rest /= values[a].count
                }
                return point
            }
        case .lhs, .random:
            guard let n = count, n >= 1 else { throw .usage("the \(rawValue) design needs --points N (N ≥ 1)") }
            guard n <= Self.maximumPoints else {
                throw .usage("--points \(n) is more than the \(Self.maximumPoints) one sweep may have; split it into sweeps with different --seed")
            }
            var columns: [[String]] = []
            for (a, axis) in axes.enumerated() {
                var rng = Philox4x64(stream: StreamID(seed: seed, point: Self.designPoint, replicate: UInt64(a)))
                if self == .random {
                    columns.append((0..<n).map { _ in axis.value(at: Sampler.uniform(using: &rng)) })
                    continue
                }
                var strata = Array(0..<n)
                for i in stride(from: n - 1, to: 0, by: -1) {
                    let j = min(i, Int(Sampler.uniform(using: &rng) * Double(i + 1)))
                    strata.swapAt(i, j)
                }
                columns.append(strata.map { s in axis.value(at: (Double(s) + Sampler.uniform(using: &rng)) / Double(n)) })
            }
            return (0..<n).map { k in columns.map { $0[k] } }
        }
    }

    /// The axes' grid sizes as `n1 × n2 × …`, for messages.
    private static func sizes(_ axes: [SweepAxis]) throws(RunError) -> String {
        var parts: [String] = []
        for axis in axes { parts.append(String(try axis.gridCount())) }
        return parts.joined(separator: " × ")
    }
}
