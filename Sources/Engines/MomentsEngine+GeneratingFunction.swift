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
    public func logGeneratingFunction(targets: [GeneratingTarget]) throws(EngineError) -> [[Double]] {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        var cache = MomentStepCache(schedule: schedule)
        return try logGeneratingFunction(targets: targets, walk: MomentWalk(stops: StopSchedule(model: model)), cache: &cache)
    }

    /// Where one part of a target's value comes from.
    private enum Source {
        /// Column of the forward (cohort) pass.
        case cohort(Int)
        /// Column of the backward solve of a part.
        case backward(part: Int, column: Int)
    }

    /// The generating functions with a given (or the natural) method, sharing `cache`.
    ///
    /// `.cohorts` evaluates every target whole by the forward pass (a programmer
    /// error when any compartment divides); `.backward` solves every piece by the
    /// backward equation; `nil` chooses per part as `logGeneratingFunction(targets:)` states.
    func logGeneratingFunction(targets: [GeneratingTarget], walk: MomentWalk, cache: inout MomentStepCache,
                               method: ExtinctionMethod? = nil) throws(EngineError) -> [[Double]] {
        let n = model.count
        var problems: [String] = []
        for (t, target) in targets.enumerated() {
            if let bad = target.compartments.first(where: { $0 >= n }) {
                problems.append("generating-function target #\(t) refers to compartment #\(bad), but the network has \(n) compartments (indices 0..<\(n))")
            }
        }
        guard problems.isEmpty else { throw .invalidModel(problems) }
        if method == .cohorts { precondition(!model.hasDivision, "the cohort method is exact only without division") }
        let parts = NetworkParts(schedule: schedule, count: n)

        var plans: [[Source]] = []
        var cohortTargets: [GeneratingTarget] = []
        var cohortIndex: [GeneratingTarget: Int] = [:]
        var terminals = [[[Double]]](repeating: [], count: parts.members.count)
        var backwardIndex = [[GeneratingTarget: Int]](repeating: [:], count: parts.members.count)
        func cohort(_ target: GeneratingTarget) -> Source {
            if let c = cohortIndex[target] { return .cohort(c) }
            cohortIndex[target] = cohortTargets.count
            cohortTargets.append(target)
            return .cohort(cohortTargets.count - 1)
        }
        func backward(_ piece: GeneratingTarget, part: Int) -> Source {
            if let c = backwardIndex[part][piece] { return .backward(part: part, column: c) }
            let members = parts.members[part]
            var column = [Double](repeating: 0, count: members.count)
            var a = 0
            for i in piece.compartments { // both ascending
                while members[a] != i { a += 1 }
                column[a] = 1 - piece.argument
            }
            backwardIndex[part][piece] = terminals[part].count
            terminals[part].append(column)
            return .backward(part: part, column: terminals[part].count - 1)
        }
        for target in targets {
            if target.compartments.isEmpty || target.argument == 1 {
                plans.append([])
                continue
            }
            let touched = parts.parts(touching: target.compartments)
            if method == .cohorts || (method == nil && !touched.contains { parts.divides[$0] }) {
                plans.append([cohort(target)])
                continue
            }
            plans.append(touched.map { part in
                let piece = touched.count == 1 ? target
                    : GeneratingTarget(compartments: target.compartments.filter { parts.label[$0] == part }, argument: target.argument)
                return method == nil && !parts.divides[part] ? cohort(piece) : backward(piece, part: part)
            })
        }

        let times = model.outputTimes.count
        let forward = cohortTargets.isEmpty ? []
            : try CohortExtinction.logGenerating(model: model, schedule: schedule, walk: walk, cache: &cache,
                                                 targets: cohortTargets, parts: parts)
        var solved = [[Double]](repeating: [], count: parts.members.count)
        for part in parts.members.indices where !terminals[part].isEmpty {
            solved[part] = try BackwardExtinction.logGenerating(model: model, schedule: schedule, part: parts.members[part],
                                                                terminal: terminals[part], tolerance: Self.extinctionTolerance)
        }
        func value(_ source: Source, _ k: Int) -> Double {
            switch source {
            case .cohort(let c): return forward[k][c]
            case .backward(let part, let column): return solved[part][k * terminals[part].count + column]
            }
        }
        return (0..<times).map { k in
            plans.map { plan in
                guard let first = plan.first else { return 0 }
                return plan.dropFirst().reduce(value(first, k)) { $0 + value($1, k) }
            }
        }
    }
}
