import LinearAlgebra
import RateModel

extension MomentsEngine {
    /// The mean and covariance computed part by part (`NetworkParts`).
    ///
    /// No cell moves between parts, so counts in different parts are
    /// independent: the covariance is block diagonal, and each block is the
    /// covariance of the part's own sub-network (its compartments, flows,
    /// divisions, inflows and boluses, renumbered). Each part runs its own
    /// exact moment pass, so the cost falls from O(n⁴) per step matrix to
    /// Σ_p O(n_p⁴): a biology-level family has one part per origin.
    ///
    /// Complexity: Σ_p of `momentTrajectory()` on n_p compartments, plus
    /// O(T·n²) to assemble the blocks.
    func partwiseMomentTrajectory(parts: NetworkParts) throws(EngineError) -> MomentTrajectory {
        var trajectories: [MomentTrajectory] = []
        for members in parts.members { trajectories.append(try MomentsEngine(model: model.restricted(to: members)).momentTrajectory()) }
        return PartwiseMoments(members: parts.members, parts: trajectories, count: model.count, times: model.outputTimes).assembled()
    }
}

extension MomentsEngine {
    /// `meanTrajectory()` computed part by part (`NetworkParts`): the mean of a
    /// part depends on that part alone, so each part runs its own mean pass on
    /// its n_p compartments. The same means as `meanTrajectory()` up to rounding
    /// (the exponentials of smaller matrices round differently).
    ///
    /// Complexity: Σ_p of `meanTrajectory()` on n_p compartments, O(Σ_p n_p³) per
    /// distinct step instead of O(n³), plus O(T·n) to assemble.
    public func partwiseMeanTrajectory() throws(EngineError) -> [[Double]] {
        let parts = NetworkParts(schedule: schedule, count: model.count)
        guard parts.members.count > 1 else { return try meanTrajectory() }
        var means = [[Double]](repeating: [Double](repeating: 0, count: model.count), count: model.outputTimes.count)
        for members in parts.members {
            let part = try MomentsEngine(model: model.restricted(to: members)).meanTrajectory()
            for k in means.indices {
                for (a, i) in members.enumerated() { means[k][i] = part[k][a] }
            }
        }
        return means
    }
}

extension NetworkModel {
    /// The sub-network of the compartments `members` (ascending), renumbered
    /// in that order, with the processes that touch them. A flow from a member
    /// to a compartment outside must have rate 0 (parts guarantee it) and is dropped.
    public func restricted(to members: [Int]) -> NetworkModel {
        var index = [Int: Int]()
        for (a, i) in members.enumerated() { index[i] = a }
        let flows: [Flow] = self.flows.compactMap { f in
            guard let from = index[f.from] else { return nil }
            switch f.to {
            case .out: return Flow(from: from, to: .out, rate: f.rate, window: f.window)
            case .compartment(let j):
                guard let to = index[j] else {
                    precondition(f.rate == 0, "a flow with a positive rate joins two parts")
                    return nil
                }
                return Flow(from: from, to: .compartment(to), rate: f.rate, window: f.window)
            }
        }
        return NetworkModel(
            name: name, horizon: horizon, outputTimes: outputTimes,
            compartments: members.map { compartments[$0] }, flows: flows,
            divisions: divisions.compactMap { d in index[d.compartment].map { Division(compartment: $0, rate: d.rate, window: d.window) } },
            inflows: inflows.compactMap { u in index[u.compartment].map { Inflow(compartment: $0, rate: u.rate, window: u.window) } },
            boluses: boluses.compactMap { b in index[b.compartment].map { Bolus(compartment: $0, cells: b.cells, time: b.time) } })
    }
}
