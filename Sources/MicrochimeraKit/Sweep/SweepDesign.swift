import RandomStreams

/// How a sweep chooses its points from the axes.
///
/// - `grid`: every combination of the axes' grid values, the first axis
///   varying slowest (point `k` is the mixed-radix number of its indices);
/// - `lhs`: a Latin hypercube of N points: on every axis the N points fall
///   one in each of N equal strata, in an independent random order, at a
///   uniform position inside the stratum (McKay, Beckman and Conover 1979);
/// - `random`: N points, each coordinate uniform on its axis.
///
/// A list axis maps position `u` to item `⌊u·k⌋`; a log range is uniform in
/// log space. The random draws come from the stream `(seed, point 2⁶⁴ − 1,
/// replicate = axis)`, which no sweep point uses, so the design depends only
/// on the seed, the axes and N.
public enum SweepDesign: String, Sendable, CaseIterable {
    case grid, lhs, random

    /// The stream point reserved for the design's draws.
    static let designPoint = UInt64.max

    /// The value of every axis at every point: `points[k][a]`.
    public func points(_ axes: [SweepAxis], count: Int?, seed: UInt64) throws(RunError) -> [[String]] {
        switch self {
        case .grid:
            var values: [[String]] = []
            for axis in axes { values.append(try axis.gridValues()) }
            let total = values.reduce(1) { $0 * $1.count }
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
}
