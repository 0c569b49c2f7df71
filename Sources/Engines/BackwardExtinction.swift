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
    ///   - store: step weights shared with other solves of the same evaluation.
    ///   - outputs: the output times solved for (default: all), a range of `model.outputTimes`'s indices;
    ///     the result then holds `[(output − outputs.lowerBound) · targets + target]`.
    ///   - fullSweeps: sweep every node row (`RiccatiStepper`'s earlier form of the same steps; for tests).
    static func logGenerating(model: NetworkModel, schedule: EpochSchedule, part: [Int], terminal: [[Double]],
                              tolerance: Double, store: CollocationStore = CollocationStore(), outputs: Range<Int>? = nil,
                              fullSweeps: Bool = false) throws(EngineError) -> [Double] {
        let outputs = outputs ?? model.outputTimes.indices
        var logP = [Double](repeating: 0, count: outputs.count * terminal.count) // [output·targets + target]
        try solve(model: model, schedule: schedule, part: part, terminal: terminal, order: 1, tolerance: tolerance, store: store,
                  outputs: outputs, fullSweeps: fullSweeps) { change, p, integral, columns in
            add(change, p: p, integral: integral, columns: columns, into: &logP)
        }
        return logP
    }

    /// The truncated series of `G_S(1 − w + w·z)` in z per output and target, flattened
    /// as `[output · targets + target]`, for terminal vectors `w·1_S`.
    ///
    /// Each target is a group of `order` columns, the Taylor coefficients in z of
    /// `p = 1 − q`: `p^{(0)}(σ = 0) = w·1_S`, `p^{(1)}(σ = 0) = −w·1_S`, higher ones 0;
    /// `RiccatiStepper` integrates the group (its **Jets**), and every factor of
    /// `G` is taken as a series: `−jumpᵀ·J^{(m)}` per coefficient for the inflow,
    /// `(1 − p(z))^cells` for initial and bolus cells (`ThinnedSeries`). Cost: that
    /// of `logGenerating` with `order` times as many columns, plus O(order²) per
    /// column and change for the Cauchy products and logarithms.
    static func generatingSeries(model: NetworkModel, schedule: EpochSchedule, part: [Int], terminal: [[Double]],
                                    order: Int, tolerance: Double, store: CollocationStore = CollocationStore()) throws(EngineError) -> [ThinnedSeries] {
        let jets = order == 1 ? terminal : terminal.flatMap { column in
            [column, column.map { -$0 }] + Array(repeating: [Double](repeating: 0, count: column.count), count: order - 2)
        }
        var series = [ThinnedSeries](repeating: ThinnedSeries(order: order), count: model.outputTimes.count * terminal.count)
        try solve(model: model, schedule: schedule, part: part, terminal: jets, order: order, tolerance: tolerance, store: store,
                  outputs: model.outputTimes.indices) { change, p, integral, columns in
            addSeries(change, p: p, integral: integral, columns: columns, order: order, into: &series)
        }
        return series
    }

    /// Integrates every column of `terminal` (groups of `order` jet coefficients) over the blocks,
    /// calling `accumulate(change, p, J, columns)` at every change each output time of `outputs` sees,
    /// with the n×K arrays p and J and each column's index `(output − outputs.lowerBound) · terminal.count + column`.
    private static func solve(model: NetworkModel, schedule: EpochSchedule, part: [Int], terminal: [[Double]], order: Int,
                              tolerance: Double, store: CollocationStore, outputs: Range<Int>, fullSweeps: Bool = false,
                              accumulate: (BranchingBlock.Change, [Double], [Double], [Int]) -> Void) throws(EngineError) {
        let n = part.count
        let targets = terminal.count
        let blocks = BranchingBlock.blocks(of: schedule, compartments: part)
        let times = model.outputTimes
        var home = [[Int]](repeating: [], count: blocks.count)
        for k in outputs {
            let b = blocks.lastIndex { $0.start <= times[k] } ?? 0
            home[b].append(k)
        }
        let first = outputs.lowerBound
        // Columns waiting to cross earlier blocks: (output, target) and p at the current block end.
        var pendingColumns: [Int] = [] // output·targets + target
        var pending: [Double] = []
        for b in blocks.indices.reversed() {
            let block = blocks[b]
            var stepper = RiccatiStepper(block: block, tolerance: tolerance, order: order, store: store, fullSweeps: fullSweeps)
            if !pendingColumns.isEmpty {
                try crossBlock(block, stepper: &stepper, p: &pending, columns: pendingColumns, accumulate: accumulate)
            }
            if !home[b].isEmpty {
                let starts = try solveHome(block, outputs: home[b], first: first, times: times, terminal: terminal, stepper: &stepper,
                                           accumulate: accumulate)
                for (index, k) in home[b].enumerated() {
                    for s in 0..<targets { pendingColumns.append((k - first) * targets + s) }
                    pending.append(contentsOf: starts[(index * targets * n)..<((index + 1) * targets * n)])
                }
            }
        }
        let initial = BranchingBlock.Change(time: 0, inflowJump: [Double](repeating: 0, count: n),
                                            boluses: part.enumerated().compactMap { a, i in
                                                model.compartments[i].initial > 0 ? (a, model.compartments[i].initial) : nil
                                            })
        accumulate(initial, pending, pending, pendingColumns)
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

    /// `add` for groups of `order` jet columns (consecutive, aligned): the inflow term per
    /// coefficient into the exponent, and the factor `(1 − p(z))^cells`, into `series[columns[g·order] / order]`.
    private static func addSeries(_ change: BranchingBlock.Change, p: [Double], integral: [Double], columns: [Int], order: Int,
                                  into series: inout [ThinnedSeries]) {
        let n = change.inflowJump.count
        let jumps = change.inflowJump.enumerated().filter { $0.element != 0 }
        p.withUnsafeBufferPointer { pp in
            integral.withUnsafeBufferPointer { jp in
                for g in Swift.stride(from: 0, to: columns.count, by: order) {
                    let target = columns[g] / order
                    for m in 0..<order {
                        var s = 0.0
                        for (i, jump) in jumps { s -= jump * jp[(g + m) * n + i] }
                        series[target].exponent[m] += s
                    }
                    for add in change.boluses {
                        series[target].multiply(oneMinus: pp.baseAddress! + g * n + add.compartment, stride: n, cells: add.cells)
                    }
                }
            }
        }
    }

    /// Carries every pending column from the block's end to its start.
    private static func crossBlock(_ block: BranchingBlock, stepper: inout RiccatiStepper, p: inout [Double], columns: [Int],
                                   accumulate: (BranchingBlock.Change, [Double], [Double], [Int]) -> Void) throws(EngineError) {
        var integral = [Double](repeating: 0, count: p.count)
        var sigma = 0.0
        let span = block.end - block.start
        for change in block.changes.reversed() {
            let target = block.end - change.time
            try stepper.advance(p: &p, integral: &integral, columns: columns.count, by: target - sigma, span: span)
            sigma = target
            accumulate(change, p, integral, columns)
        }
    }

    /// The block's own solution from the terminal vectors, evaluated at every σ = T − c; returns p
    /// at the block start for each output (n values per target, targets per output, in `outputs` order).
    /// Columns are numbered from the output `first`.
    private static func solveHome(_ block: BranchingBlock, outputs: [Int], first: Int, times: [Double], terminal: [[Double]],
                                  stepper: inout RiccatiStepper,
                                  accumulate: (BranchingBlock.Change, [Double], [Double], [Int]) -> Void) throws(EngineError) -> [Double] {
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
            let k = outputs[event.index] - first
            accumulate(block.changes[event.change], p, integral, Array((k * targets)..<((k + 1) * targets)))
            if event.change == 0 {
                starts.replaceSubrange((event.index * targets * n)..<((event.index + 1) * targets * n), with: p)
            }
        }
        return starts
    }
}
