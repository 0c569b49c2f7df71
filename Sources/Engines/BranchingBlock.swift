import LinearAlgebra
import RateModel

/// A maximal run of consecutive epochs over which the per-cell rates
/// (transfer, loss, division) of a set of compartments stay the same; only
/// inflow may change inside, and boluses may fall inside.
///
/// Within a block the backward extinction equation is autonomous, so its
/// solution for a target time T depends on `T − τ` only: one solution serves
/// every output time of the block (see `BackwardExtinction`).
///
/// A block describes the compartments of one `NetworkParts` part (or the
/// whole network) in *local* indices: local compartment a is the a-th of the
/// part's compartments. Only the part's rates decide where blocks end, so
/// epochs that differ only elsewhere in the network are merged.
struct BranchingBlock {
    /// An instant inside the block where something enters the generating
    /// function: the block start, an inflow change, or a bolus.
    struct Change {
        let time: Double
        /// `u(time) − u(previous change)` (with `u = 0` before the block start),
        /// local indices: by summation by parts, `ln G` gains `−inflowJumpᵀ·J(T − time)`
        /// where `J(σ) = ∫₀^σ p(σ') dσ'` is the integrated backward solution.
        let inflowJump: [Double]
        /// Bolus additions at this instant, local compartment indices.
        let boluses: [(compartment: Int, cells: Int)]
    }

    let start: Double
    let end: Double
    /// `L = Aᵀ` (`MeanGenerator.matrix` transposed) restricted to the part,
    /// column-major: the linear part of the backward equation.
    let generator: Matrix
    /// Per-cell division rates of the part's compartments.
    let division: [Double]
    /// Changes in increasing time; the first is at `start`.
    let changes: [Change]

    /// The blocks of `schedule` for the compartments `part` (ascending; all
    /// of them or one part of `NetworkParts`, so no transfer leaves the set).
    /// A change is recorded at the block start, where the part's inflow changes,
    /// and at boluses into the part. A bolus at the horizon belongs to the last block.
    /// Complexity: O(E·n² + B·a) for E epochs, B bolus groups of a additions.
    static func blocks(of schedule: EpochSchedule, compartments part: [Int]) -> [BranchingBlock] {
        guard let first = schedule.epochs.first else { return [] }
        let n = first.rates.count
        let whole = part.count == n
        var local = [Int?](repeating: nil, count: n)
        for (a, i) in part.enumerated() { local[i] = a }
        func inflow(_ r: RateSet) -> [Double] { whole ? r.inflow : part.map { r.inflow[$0] } }

        var runs: [[Epoch]] = []
        for epoch in schedule.epochs {
            if let last = runs.last?.last, samePerCellRates(last.rates, epoch.rates, part: part, whole: whole) {
                runs[runs.count - 1].append(epoch)
            } else {
                runs.append([epoch])
            }
        }
        var blocks: [BranchingBlock] = []
        for (r, run) in runs.enumerated() {
            let start = run[0].start, end = run[run.count - 1].end
            let isLast = r == runs.count - 1
            var times: Set<Double> = [start]
            for (e, epoch) in run.enumerated() where e > 0 && inflow(epoch.rates) != inflow(run[e - 1].rates) {
                times.insert(epoch.start)
            }
            for g in schedule.bolusGroups where g.time >= start && (g.time < end || isLast)
                && g.additions.contains(where: { local[$0.compartment] != nil }) {
                times.insert(g.time)
            }
            var changes: [Change] = []
            var previous = [Double](repeating: 0, count: part.count)
            for t in times.sorted() {
                let u = run.last { $0.start <= t }.map { inflow($0.rates) } ?? previous
                let jump = zip(u, previous).map { $0 - $1 }
                previous = u
                let additions = schedule.bolusGroups.first { $0.time == t }?.additions ?? []
                let boluses = additions.compactMap { add in local[add.compartment].map { (compartment: $0, cells: add.cells) } }
                changes.append(Change(time: t, inflowJump: jump, boluses: boluses))
            }
            let full = MeanGenerator.matrix(run[0].rates).transposed
            var generator = full
            if !whole {
                generator = Matrix(rows: part.count, cols: part.count)
                for (b, j) in part.enumerated() { for (a, i) in part.enumerated() { generator[a, b] = full[i, j] } }
            }
            let division = whole ? run[0].rates.division : part.map { run[0].rates.division[$0] }
            blocks.append(BranchingBlock(start: start, end: end, generator: generator, division: division, changes: changes))
        }
        return blocks
    }

    /// Whether `a` and `b` have the same transfer, loss and division rates on `part`.
    private static func samePerCellRates(_ a: RateSet, _ b: RateSet, part: [Int], whole: Bool) -> Bool {
        if whole { return a.transfer == b.transfer && a.loss == b.loss && a.division == b.division }
        for i in part {
            guard a.loss[i] == b.loss[i], a.division[i] == b.division[i] else { return false }
            for j in part where a.transfer(from: i, to: j) != b.transfer(from: i, to: j) { return false }
        }
        return true
    }

    /// Whether any division rate is positive (otherwise the backward equation is linear).
    var hasDivision: Bool { division.contains { $0 > 0 } }
}
