import LinearAlgebra
import RateModel

/// The independent jobs of `run(layout:presence:threads:)` and of the
/// concurrent generating function, run on several threads.
extension MomentsEngine {
    /// One independent job of a moments run.
    enum PassJob: Sendable {
        /// The mean and covariance of one part (`nil`: the whole network, when it is one part).
        case moments(part: Int?)
        /// One solve of the generating-function plan.
        case generating(GeneratingPlan.Solve)
    }

    /// The value of one `PassJob`.
    enum PassValue: Sendable {
        case moments(MomentTrajectory)
        case generating(GeneratingPlan.Solved)
    }

    /// The moment pass of every part and the solves of `plan`, as independent
    /// jobs on up to `threads` threads (`ConcurrentJobs`), the costliest first.
    ///
    /// Each job has its own step cache (`MomentStepCache`; the moment pass
    /// caches full moment steps, the forward pass mean steps, so nothing was
    /// shared between them) and borrows a collocation store from one pool kept
    /// for the whole run (`CollocationStorePool`, nothing trimmed before the
    /// run ends: parts with the same generator still share their weights when
    /// they run on the same thread). The weights, steps and solutions depend
    /// on their inputs only, so the values are the same bits for any thread
    /// count and any order.
    ///
    /// Complexity: that of the jobs (Σ_p moment pass of part p, plus the
    /// solves of `plan`); wall time about their sum divided by `threads`,
    /// bounded below by the longest job.
    func runPasses(parts: NetworkParts, plan: GeneratingPlan?, threads: Int)
        throws(EngineError) -> (moments: PartwiseMoments, generating: [GeneratingPlan.Solved]) {
        let n = model.count
        let whole = parts.members.count <= 1
        let momentJobs: [PassJob] = whole ? [.moments(part: nil)] : parts.members.indices.map { .moments(part: $0) }
        let jobs = momentJobs + (plan.map { solves(of: $0) } ?? []).map { PassJob.generating($0) }
        let stores = CollocationStorePool(retained: jobs.count + 1)
        let walk = MomentWalk(stops: StopSchedule(model: model))
        let priority = jobs.indices.sorted { a, b in
            let (x, y) = (cost(jobs[a], parts: parts, plan: plan), cost(jobs[b], parts: parts, plan: plan))
            return x != y ? x > y : a < b
        }
        let values = try ConcurrentJobs.run(count: jobs.count, threads: threads, priority: priority) { j throws(EngineError) -> PassValue in
            switch jobs[j] {
            case .moments(nil):
                var cache = MomentStepCache(schedule: schedule)
                return .moments(try momentTrajectory(walk: walk, cache: &cache))
            case .moments(let part?):
                return .moments(try MomentsEngine(model: model.restricted(to: parts.members[part])).momentTrajectory())
            case .generating(let solve):
                guard let plan else { preconditionFailure("a generating job comes from a plan") }
                var cache = MomentStepCache(schedule: schedule)
                return .generating(try stores.withStore { store throws(EngineError) in
                    try self.solve(solve, plan: plan, walk: walk, cache: &cache, store: store)
                })
            }
        }
        var trajectories: [MomentTrajectory] = [], generating: [GeneratingPlan.Solved] = []
        for value in values {
            switch value {
            case .moments(let t): trajectories.append(t)
            case .generating(let g): generating.append(g)
            }
        }
        let members = whole ? [Array(0..<n)] : parts.members
        return (PartwiseMoments(members: members, parts: trajectories, count: n, times: model.outputTimes), generating)
    }

    /// `ln G_S(s; T)` for every output time T and target, as
    /// `logGeneratingFunction(targets:)` computes it (the same bits), with
    /// its independent solves (the forward pass, each dividing part's backward
    /// solve) on up to `threads` threads.
    ///
    /// - Throws: as `logGeneratingFunction(targets:)`.
    public func logGeneratingFunction(targets: [GeneratingTarget], threads: Int) throws(EngineError) -> [[Double]] {
        BLASThreading.pinForReproducibility()
        precondition(threads >= 1, "a solve needs a thread")
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        let plan = try generatingPlan(targets: targets, method: nil)
        let parts = plan.parts
        let jobs = solves(of: plan)
        let stores = CollocationStorePool(retained: jobs.count + 1)
        let walk = MomentWalk(stops: StopSchedule(model: model))
        let priority = jobs.indices.sorted { a, b in
            let (x, y) = (cost(.generating(jobs[a]), parts: parts, plan: plan), cost(.generating(jobs[b]), parts: parts, plan: plan))
            return x != y ? x > y : a < b
        }
        let solved = try ConcurrentJobs.run(count: jobs.count, threads: threads, priority: priority) { j throws(EngineError) in
            var cache = MomentStepCache(schedule: schedule)
            return try stores.withStore { store throws(EngineError) in
                try self.solve(jobs[j], plan: plan, walk: walk, cache: &cache, store: store)
            }
        }
        return plan.combine(solved, times: model.outputTimes.count)
    }

    /// A rough cost of a job in flops, for the order the jobs start in (the
    /// wall time only): a moment pass O(E·30·m⁴) for E epochs and a part of m
    /// compartments; a backward solve about 10⁴ sweeps of O(36·m²) per column
    /// over the part's pieces, times the share of the part's outputs it solves
    /// for; the forward pass O(T·n²·C).
    private func cost(_ job: PassJob, parts: NetworkParts, plan: GeneratingPlan?) -> Double {
        let epochs = Double(schedule.epochs.count), outputs = Double(model.outputTimes.count)
        switch job {
        case .moments(let part):
            let m = Double(part.map { parts.members[$0].count } ?? model.count)
            return 30 * epochs * m * m * m * m
        case .generating(.forward):
            let n = Double(model.count)
            return outputs * n * n * Double(plan?.cohortTargets.count ?? 0)
        case .generating(.backward(let part, let range)):
            let m = Double(parts.members[part].count)
            return 1e4 * 36 * m * m * Double(plan?.terminals[part].count ?? 0) * Double(range.count) / max(outputs, 1)
        }
    }
}
