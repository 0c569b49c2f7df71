import LinearAlgebra
import RateModel

/// The probability generating function of summed counts, `E[s^{X_S(T)}]`.
extension MomentsEngine {
    /// `ln G_S(s; T) = ln E[s^{X_S(T)}]` for every output time T and every
    /// target (S, s): `result[k][t]` for output k and `targets[t]`.
    ///
    /// At `s = 0` this is `ln P(X_S(T) = 0)` (`p_present = −expm1(ln G)`); for an
    /// assay that sees each cell present independently with probability `1 − s`,
    /// it is the log-probability that no cell of S is seen (see
    /// `GeneratingTarget`). An empty S, or `s = 1`, gives 0.
    ///
    /// **Maths.** Cells act independently (a multi-type branching process with
    /// immigration), so
    ///
    ///     G_S(s; T) = Π_i q_i(0)^{X_i(0)} · Π_boluses q_j(τ_b)^{cells}
    ///                 · exp(−∫₀ᵀ Σ_i u_i(τ)·(1 − q_i(τ)) dτ),
    ///
    /// where `q_i(τ) = E[s^{(descendants in S at T)}]` for one cell in i at τ
    /// solves `−dq_i/dτ = Σ_j k_ij(q_j − q_i) + d_i(1 − q_i) + b_i(q_i² − q_i)`
    /// with `q_i(T) = s` for i ∈ S and 1 otherwise.
    ///
    /// **Method.** The network is split into its independent parts
    /// (`NetworkParts`: no transfer between them), over which `G` factorises:
    /// `ln G_S = Σ_parts ln G_{S ∩ part}`. A target whose parts never divide is
    /// evaluated whole and exactly by one forward pass shared by all such
    /// targets (`CohortExtinction`, O(S·n²·C) for S stops and C cohorts, plus
    /// O(|S|·C) per target and output). Otherwise each piece `S ∩ part` of a
    /// dividing part is solved by the backward Riccati equation on that part
    /// alone, all distinct pieces (set, s) of a part in one batch
    /// (`BackwardExtinction`, accurate to `extinctionTolerance`, O(n_part²)
    /// per column and step); pieces in parts without division take the exact
    /// forward pass. Repeated targets are computed once. Parts no target
    /// touches cost nothing.
    ///
    /// - Throws: `EngineError.invalidModel` when the model is inconsistent or a
    ///   target names a compartment the network does not have.
    ///
    /// `store` holds the collocation weights of the backward solves; a caller
    /// solving several networks with the same rates passes one store to all
    /// (`CollocationStore`), which changes no bit of the results.
    public func logGeneratingFunction(targets: [GeneratingTarget],
                                      store: CollocationStore = CollocationStore()) throws(EngineError) -> [[Double]] {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        var cache = MomentStepCache(schedule: schedule)
        return try logGeneratingFunction(targets: targets, walk: MomentWalk(stops: StopSchedule(model: model)), cache: &cache, store: store)
    }

    /// The generating functions with a given (or the natural) method, sharing `cache`.
    ///
    /// `.cohorts` evaluates every target whole by the forward pass (a programmer
    /// error when any compartment divides); `.backward` solves every piece by the
    /// backward equation; `nil` chooses per part as `logGeneratingFunction(targets:)` states.
    func logGeneratingFunction(targets: [GeneratingTarget], walk: MomentWalk, cache: inout MomentStepCache,
                               method: ExtinctionMethod? = nil, store: CollocationStore = CollocationStore()) throws(EngineError) -> [[Double]] {
        let plan = try generatingPlan(targets: targets, method: method)
        var solved: [GeneratingPlan.Solved] = []
        for solve in solves(of: plan) { solved.append(try self.solve(solve, plan: plan, walk: walk, cache: &cache, store: store)) }
        return plan.combine(solved, times: model.outputTimes.count)
    }

    /// The plan of a generating-function evaluation (see `logGeneratingFunction(targets:)`),
    /// after checking the targets.
    func generatingPlan(targets: [GeneratingTarget], method: ExtinctionMethod?) throws(EngineError) -> GeneratingPlan {
        try checkTargets(targets.map(\.touched), kind: "generating-function")
        if method == .cohorts { precondition(!model.hasDivision, "the cohort method is exact only without division") }
        return GeneratingPlan(targets: targets, parts: NetworkParts(schedule: schedule, count: model.count), method: method)
    }

    /// One independent solve of `plan`: the forward pass of every cohort target, or the backward
    /// solve of one part's pieces. Each depends on its own inputs only, so solves may run in any
    /// order or concurrently (each with its own `cache` and `store`) and give the same bits.
    func solve(_ solve: GeneratingPlan.Solve, plan: GeneratingPlan, walk: MomentWalk, cache: inout MomentStepCache,
               store: CollocationStore) throws(EngineError) -> GeneratingPlan.Solved {
        switch solve {
        case .forward:
            return .forward(try CohortExtinction.logGenerating(model: model, schedule: schedule, walk: walk, cache: &cache,
                                                              targets: plan.cohortTargets, parts: plan.parts))
        case .backward(let part, let outputs):
            return .backward(part: part, outputs: outputs, try BackwardExtinction.logGenerating(
                model: model, schedule: schedule, part: plan.parts.members[part], terminal: plan.terminals[part],
                tolerance: Self.extinctionTolerance, store: store, outputs: outputs))
        }
    }

    /// The independent solves of `plan`: the forward pass, and each dividing
    /// part's backward solve split into `backwardSplits` ranges of consecutive
    /// output times of about equal crossing work (`outputRanges`).
    func solves(of plan: GeneratingPlan) -> [GeneratingPlan.Solve] {
        plan.solves { part in outputRanges(part: plan.parts.members[part], pieces: Self.backwardSplits) }
    }

    /// A dividing part's backward solve runs as this many independent solves (fewer
    /// when there are fewer outputs), whatever the thread count.
    static let backwardSplits = 2

    /// The outputs `0..<T` cut into at most `pieces` consecutive ranges of about
    /// equal crossing work, for independent backward solves of one part.
    ///
    /// The columns of output k cross every block before the block it falls in
    /// (`BranchingBlock` of the part), one collocation batch per output; its own
    /// block is solved once for all outputs in it. So output k weighs the days
    /// from 0 to the start of its block, and the cuts fall where the running sum
    /// passes each `j/pieces` of the total. Outputs that cross nothing are never
    /// split (their solve is shared: splitting would repeat it). Depends on the
    /// model alone, never on the thread count, so the bits do not either.
    /// Complexity: O(E·n² + T) for E epochs and T outputs.
    func outputRanges(part: [Int], pieces: Int) -> [Range<Int>] {
        let times = model.outputTimes
        let blocks = BranchingBlock.blocks(of: schedule, compartments: part)
        let weights = times.map { t in blocks.last { $0.start <= t }?.start ?? 0 }
        let total = weights.reduce(0, +)
        guard pieces > 1, total > 0 else { return [times.indices] }
        var cuts: [Int] = [0]
        var sum = 0.0
        for (k, w) in weights.enumerated() {
            sum += w
            if cuts.count < pieces, sum >= total * Double(cuts.count) / Double(pieces), k + 1 < times.count { cuts.append(k + 1) }
        }
        cuts.append(times.count)
        return zip(cuts, cuts.dropFirst()).compactMap { $0 < $1 ? $0..<$1 : nil }
    }

    /// Throws `invalidModel` when a target names a compartment the network does not have.
    func checkTargets(_ sets: [[Int]], kind: String) throws(EngineError) {
        let n = model.count
        var problems: [String] = []
        for (t, set) in sets.enumerated() {
            if let bad = set.first(where: { $0 >= n }) {
                problems.append("\(kind) target #\(t) refers to compartment #\(bad), but the network has \(n) compartments (indices 0..<\(n))")
            }
        }
        guard problems.isEmpty else { throw .invalidModel(problems) }
    }
}
