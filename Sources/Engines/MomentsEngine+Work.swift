import Foundation
import LinearAlgebra
import RateModel

/// What `logGeneratingFunction(targets:)` will cost, read off the structure it
/// will solve, before solving anything.
extension MomentsEngine {
    /// The estimated work of `logGeneratingFunction(targets:)` for each of
    /// `solves` (its targets at its output times), in column-steps (one
    /// collocation step of one column on a part of n_R compartments counts
    /// n_R²), read off the plan the solve makes (`GeneratingPlan`,
    /// `BranchingBlock`) rather than the network's size.
    ///
    /// Each dividing part a target touches is solved backwards block by block
    /// (`BackwardExtinction`). In block b its K_b columns (the targets' pieces
    /// in the part, once per output time in or after b) are stepped on the
    /// n_R compartments from which their targets can be reached (`RiccatiStepper`
    /// restricts itself to those). The steps of a block: `stepsPerDivision`
    /// per unit of `max b·σ` (the fixed-point sweeps bound a step to about
    /// `1/(4·max b)` days over the σ days crossed), `stepsPerAdvance` per stop
    /// (a change of the block or an output's change), `stepsPerBlock` per
    /// block (the stepper starts small in every block and grows). So a solve
    /// costs `Σ_b n_R²·K_b·(stepsPerDivision·max b·σ_b + stepsPerAdvance·stops_b
    /// + stepsPerBlock)`; parts without division go to the forward pass
    /// (`CohortExtinction`), counted `(E + T)·n·(n + C)` for C cohort targets.
    /// The three constants were fitted to the step attempts counted in the
    /// solver on the teaching page's solves of the scenario library (within a
    /// factor 0.5–2.3 of the count for every solve; rejected steps and the
    /// sweeps per step are left out).
    /// Complexity: O(E·n² + B·(changes + outputs) + n²) per part and solve for
    /// E epochs and B blocks (the blocks are built once per part); no BLAS call.
    package func generatingWork(_ solves: [(targets: [GeneratingTarget], times: [Double])]) -> [Double] {
        let parts = NetworkParts(schedule: schedule, count: model.count)
        var blocks = [[BranchingBlock]?](repeating: nil, count: parts.members.count)
        return solves.map { solve in
            let plan = GeneratingPlan(targets: solve.targets, parts: parts, method: nil)
            var work = 0.0
            if !plan.cohortTargets.isEmpty {
                let n = Double(model.count)
                work += Double(schedule.epochs.count + solve.times.count) * n * (n + Double(plan.cohortTargets.count))
            }
            for (p, members) in parts.members.enumerated() where !plan.terminals[p].isEmpty {
                if blocks[p] == nil { blocks[p] = BranchingBlock.blocks(of: schedule, compartments: members) }
                let terms = Self.backwardWork(blocks: blocks[p] ?? [], terminal: plan.terminals[p], times: solve.times)
                work += Self.stepsPerDivision * terms.division + Self.stepsPerAdvance * terms.advances
                    + Self.stepsPerBlock * terms.blocks
            }
            return work
        }
    }

    /// The column-steps of one part's backward solve for the `terminal` columns at `times` in three sums (see `generatingWork`):
    /// `Σ n_R²·K·max b·σ`, `Σ n_R²·K·advances` and `Σ n_R²·K` over the blocks the K columns cross.
    private static func backwardWork(blocks: [BranchingBlock], terminal: [[Double]], times: [Double])
        -> (division: Double, advances: Double, blocks: Double) {
        let columns = Double(terminal.count)
        var support = Set(terminal.flatMap { column in column.indices.filter { column[$0] != 0 } })
        var carried = Set<Int>()
        var pending = 0.0 // columns carried through earlier blocks
        var work = (division: 0.0, advances: 0.0, blocks: 0.0)
        for b in blocks.indices.reversed() {
            let block = blocks[b]
            let outputs = times.filter { t in t >= block.start && (b == blocks.count - 1 || t < blocks[b + 1].start) }
            if pending > 0 {
                carried = Self.reaching(carried, generator: block.generator)
                let size = Double(carried.count)
                let rate = carried.map { block.division[$0] }.max() ?? 0
                work.division += size * size * pending * rate * (block.end - block.start)
                work.advances += size * size * pending * Double(block.changes.count)
                work.blocks += size * size * pending
            }
            if let last = outputs.last {
                support = Self.reaching(support, generator: block.generator)
                let size = Double(support.count)
                let rate = support.map { block.division[$0] }.max() ?? 0
                let events = outputs.reduce(0) { sum, t in sum + block.changes.filter { $0.time <= t }.count }
                work.division += size * size * columns * rate * (last - block.start)
                work.advances += size * size * columns * Double(events)
                work.blocks += size * size * columns
                pending += Double(outputs.count) * columns
                carried.formUnion(support)
            }
        }
        return work
    }

    /// `set` and every compartment with a path into it through `generator` (`L = Aᵀ`, column-major):
    /// the compartments a backward column starting on `set` can reach (`RiccatiStepper.relevant`).
    private static func reaching(_ set: Set<Int>, generator: Matrix) -> Set<Int> {
        let n = generator.rows
        var inside = set
        var queue = Array(set)
        generator.storage.withUnsafeBufferPointer { l in
            while let j = queue.popLast() {
                for i in 0..<n where !inside.contains(i) && l[i + j * n] != 0 {
                    inside.insert(i)
                    queue.append(i)
                }
            }
        }
        return inside
    }

    /// Steps per unit of `max b·σ` in a dividing block (fitted, see `generatingWork`).
    static let stepsPerDivision = 1.45
    /// Steps per stop of a block (fitted): the last partial step of a gap splits into powers of two.
    static let stepsPerAdvance = 2.0
    /// Steps per block crossed (fitted): the stepper starts each block at its first step and grows.
    static let stepsPerBlock = 7.1
}
