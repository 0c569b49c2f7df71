import LinearAlgebra

/// The means and covariances of a network kept part by part (`NetworkParts`):
/// each part's own `MomentTrajectory`, in the part's local indices.
///
/// Counts in different parts are independent, so the covariance of the
/// whole network is block diagonal with these blocks and zeros elsewhere;
/// the blocks are all a series needs, and the n×n matrices are never formed
/// (a three-generation family over 40 years: 520 outputs × 152² doubles,
/// 96 MB, against the parts' 4 × 38²). `mean(of:output:)` and
/// `variance(of:output:)` give the bits that summing the assembled matrices
/// gives (`assembled()`, kept for tests and callers that want the matrices):
/// the same terms in the same order, without the exact zeros between parts.
struct PartwiseMoments: Sendable {
    /// `label[i]`: the part of compartment i.
    let label: [Int]
    /// `local[i]`: compartment i's index within its part.
    let local: [Int]
    /// The compartments of each part, ascending.
    let members: [[Int]]
    /// Each part's mean and covariance at every output time.
    let parts: [MomentTrajectory]
    let times: [Double]

    init(members: [[Int]], parts: [MomentTrajectory], count n: Int, times: [Double]) {
        precondition(members.count == parts.count, "one trajectory per part")
        var label = [Int](repeating: 0, count: n), local = [Int](repeating: 0, count: n)
        for (p, list) in members.enumerated() {
            for (a, i) in list.enumerated() { (label[i], local[i]) = (p, a) }
        }
        self.label = label
        self.local = local
        self.members = members
        self.parts = parts
        self.times = times
    }

    /// `Σ_{i∈set} m_i(output)`, summed in the order of `set`. O(|set|).
    func mean(of set: [Int], output k: Int) -> Double {
        set.reduce(0) { $0 + parts[label[$1]].means[k][local[$1]] }
    }

    /// `1_setᵀ·Σ(output)·1_set`: for j in `set`, then i in `set`, the entry (i, j)
    /// of the assembled covariance, skipping the pairs in different parts (exact
    /// zeros, whose addition changes no bit of a sum that starts at +0). O(|set|²).
    func variance(of set: [Int], output k: Int) -> Double {
        var variance = 0.0
        for j in set {
            let p = label[j]
            let sigma = parts[p].covariances[k].storage
            let (m, column) = (members[p].count, local[j] * members[p].count)
            for i in set where label[i] == p { variance += sigma[local[i] + column] }
        }
        return variance
    }

    /// The whole network's means and covariances (zeros between parts). O(T·n²).
    func assembled() -> MomentTrajectory {
        let n = label.count
        var means = [[Double]](repeating: [Double](repeating: 0, count: n), count: times.count)
        var blocks = [[Double]](repeating: [Double](repeating: 0, count: n * n), count: times.count)
        for (p, list) in members.enumerated() {
            let part = parts[p], m = list.count
            for k in times.indices {
                let sigma = part.covariances[k].storage
                for (a, i) in list.enumerated() {
                    means[k][i] = part.means[k][a]
                    for (b, j) in list.enumerated() { blocks[k][i + j * n] = sigma[a + b * m] }
                }
            }
        }
        return MomentTrajectory(times: times, means: means, covariances: blocks.map { Matrix(rows: n, cols: n, columnMajor: $0) })
    }
}
