import Foundation
import RateModel

/// `ln G_S(s; T) = ln E[s^{X_S(T)}]` for every output time T and every target
/// (S, s) of one part of the network (`NetworkParts`, or the whole network),
/// by the backward (Riccati) equation of the branching process, integrated
/// once per block for all targets and output times together. At s = 0 this is
/// `ln P(X_S(T) = 0)`; it is how the engine handles division.
///
/// **Equations.** With `q_i(τ) = E[s^{(descendants in S at T)}]` for one cell
/// in i at time τ, `p = 1 − q` and `σ = T − τ`,
///
///     dp/dσ = Aᵀ·p − b∘p∘p,   p(σ = 0) = (1 − s)·1_S,
///     ln G_S(s; T) = Σ_i X_i(0)·ln(1 − p_i(τ=0)) + Σ_boluses c·ln(1 − p_j(τ_b))
///                    − ∫₀ᵀ u(τ)ᵀ·p(τ) dτ.
///
/// Only the part's compartments enter (no cell leaves a part), so the
/// equation has the part's size. Each column starts from its own terminal
/// vector `p(σ = 0)`.
///
/// **Reuse.** Inside a `BranchingBlock` the equation is autonomous, so one
/// solution `p_S(σ)` from the terminal vector serves every output T of the
/// block: it is integrated once, stopping at each σ = T − c for the block's
/// changes c (start, inflow changes, boluses), with `J(σ) = ∫₀^σ p`. By
/// summation by parts the inflow integral over the block is
/// `Σ_c (u_c − u_{c⁻})ᵀ·J(T − c)`. Earlier blocks act on the value at the block
/// start by a nonlinear map that cannot be precomposed; instead every pending
/// column (one per output time and target) is carried through each earlier
/// block in one batch, so each block is integrated once for all output times
/// behind it.
///
/// **Cost.** O(Σ_blocks steps·K_it·M²n²·K) flops for a part of n compartments,
/// with K = (targets)·(outputs in or after the block): linear, not quadratic,
/// in the number of output times; plus one set of `CollocationWeights`
/// (O(n³)) per distinct step length (`RiccatiStepper`). Memory O(n·K).
enum BackwardExtinction {
    /// `ln G` per output and target, flattened as `[output · targets + target]`.
    ///
    /// - Parameters:
    ///   - part: the compartments solved for, ascending (one part of `NetworkParts` or all).
    ///   - terminal: one vector `p(σ = 0) = (1 − s)·1_S` per target, in the part's local indices.
    static func logGenerating(model: NetworkModel, schedule: EpochSchedule, part: [Int], terminal: [[Double]],
                              tolerance: Double) throws(EngineError) -> [Double] {
        let n = part.count
        let targets = terminal.count
        let blocks = BranchingBlock.blocks(of: schedule, compartments: part)
        let times = model.outputTimes
        var logP = [Double](repeating: 0, count: times.count * targets) // [output·targets + target]
        var home = [[Int]](repeating: [], count: blocks.count)
        for (k, t) in times.enumerated() {
            let b = blocks.lastIndex { $0.start <= t } ?? 0
            home[b].append(k)
        }
        // Columns waiting to cross earlier blocks: (output, target) and p at the current block end.
        var pendingColumns: [Int] = [] // output·targets + target
        var pending: [Double] = []
        for b in blocks.indices.reversed() {
            let block = blocks[b]
            var stepper = RiccatiStepper(block: block, tolerance: tolerance)
            if !pendingColumns.isEmpty {
                try crossBlock(block, stepper: &stepper, p: &pending, columns: pendingColumns, logP: &logP)
            }
            if !home[b].isEmpty {
                let starts = try solveHome(block, outputs: home[b], times: times, terminal: terminal, stepper: &stepper, logP: &logP)
                for (index, k) in home[b].enumerated() {
                    for s in 0..<targets { pendingColumns.append(k * targets + s) }
                    pending.append(contentsOf: starts[(index * targets * n)..<((index + 1) * targets * n)])
                }
            }
        }
        let initial = BranchingBlock.Change(time: 0, inflowJump: [Double](repeating: 0, count: n),
                                            boluses: part.enumerated().compactMap { a, i in
                                                model.compartments[i].initial > 0 ? (a, model.compartments[i].initial) : nil
                                            })
        add(initial, p: pending, integral: pending, columns: pendingColumns, into: &logP)
        return logP
    }

    /// `ln(1 − p)` for a probability that rounding may have pushed outside [0, 1].
    static func logAbsent(_ p: Double) -> Double { log1p(-min(max(p, 0), 1)) }

    /// Adds the contribution of `change` to every column c (p and J in column c of the n×K
    /// arrays): `logP[columns[c]] += −jumpᵀ·J_c + Σ cells·ln(1 − p_{c,j})`.
    private static func add(_ change: BranchingBlock.Change, p: [Double], integral: [Double], columns: [Int],
                            into logP: inout [Double]) {
        let n = change.inflowJump.count
        let jumps = change.inflowJump.enumerated().filter { $0.element != 0 }
        p.withUnsafeBufferPointer { pp in
            integral.withUnsafeBufferPointer { jp in
                logP.withUnsafeMutableBufferPointer { out in
                    for (c, column) in columns.enumerated() {
                        var s = 0.0
                        for (i, jump) in jumps { s -= jump * jp[c * n + i] }
                        for add in change.boluses { s += Double(add.cells) * logAbsent(pp[c * n + add.compartment]) }
                        out[column] += s
                    }
                }
            }
        }
    }

    /// Carries every pending column from the block's end to its start.
    private static func crossBlock(_ block: BranchingBlock, stepper: inout RiccatiStepper, p: inout [Double],
                                   columns: [Int], logP: inout [Double]) throws(EngineError) {
        var integral = [Double](repeating: 0, count: p.count)
        var sigma = 0.0
        let span = block.end - block.start
        for change in block.changes.reversed() {
            let target = block.end - change.time
            try stepper.advance(p: &p, integral: &integral, columns: columns.count, by: target - sigma, span: span)
            sigma = target
            add(change, p: p, integral: integral, columns: columns, into: &logP)
        }
    }

    /// The block's own solution from the terminal vectors, evaluated at every σ = T − c; returns p
    /// at the block start for each output (n values per target, targets per output, in `outputs` order).
    private static func solveHome(_ block: BranchingBlock, outputs: [Int], times: [Double], terminal: [[Double]],
                                  stepper: inout RiccatiStepper, logP: inout [Double]) throws(EngineError) -> [Double] {
        let n = block.division.count
        let targets = terminal.count
        var events: [(sigma: Double, index: Int, change: Int)] = []
        for (index, k) in outputs.enumerated() {
            for (m, change) in block.changes.enumerated() where change.time <= times[k] {
                events.append((times[k] - change.time, index, m))
            }
        }
        events.sort { $0.sigma < $1.sigma }
        var p = [Double](repeating: 0, count: n * targets)
        for (c, column) in terminal.enumerated() { p.replaceSubrange((c * n)..<((c + 1) * n), with: column) }
        var integral = [Double](repeating: 0, count: n * targets)
        var starts = [Double](repeating: 0, count: outputs.count * targets * n)
        let span = events.last?.sigma ?? 0
        var sigma = 0.0
        for event in events {
            if event.sigma > sigma {
                try stepper.advance(p: &p, integral: &integral, columns: targets, by: event.sigma - sigma, span: span)
                sigma = event.sigma
            }
            let k = outputs[event.index]
            add(block.changes[event.change], p: p, integral: integral, columns: Array((k * targets)..<((k + 1) * targets)), into: &logP)
            if event.change == 0 {
                starts.replaceSubrange((event.index * targets * n)..<((event.index + 1) * targets * n), with: p)
            }
        }
        return starts
    }
}
