import RateModel

/// A maximal run of consecutive epochs over which the per-cell rates
/// (transfer, loss, division) stay the same; only inflow may change inside,
/// and boluses may fall inside.
///
/// Within a block the backward extinction equation is autonomous, so its
/// solution for a target time T depends on `T − τ` only: one solution serves
/// every output time of the block (see `BackwardExtinction`).
struct BranchingBlock {
    /// An instant inside the block where something enters the empty
    /// probability: the block start, an inflow change, or a bolus.
    struct Change {
        let time: Double
        /// `u(time) − u(previous change)` (with `u = 0` before the block start):
        /// by summation by parts, `ln P` gains `−inflowJumpᵀ·J(T − time)` where
        /// `J(σ) = ∫₀^σ p(σ') dσ'` is the integrated backward solution.
        let inflowJump: [Double]
        /// Bolus additions at this instant.
        let boluses: [(compartment: Int, cells: Int)]
    }

    let start: Double
    let end: Double
    /// The per-cell rates of the block (inflow is that of its first epoch; see `changes`).
    let rates: RateSet
    /// Changes in increasing time; the first is at `start`.
    let changes: [Change]

    /// The blocks of `schedule`. A bolus at the horizon belongs to the last block.
    /// Complexity: O(E·n² + B) for E epochs and B bolus groups.
    static func blocks(of schedule: EpochSchedule) -> [BranchingBlock] {
        var runs: [[Epoch]] = []
        for epoch in schedule.epochs {
            if let last = runs.last?.last, samePerCellRates(last.rates, epoch.rates) {
                runs[runs.count - 1].append(epoch)
            } else {
                runs.append([epoch])
            }
        }
        var blocks: [BranchingBlock] = []
        for (r, run) in runs.enumerated() {
            let start = run[0].start, end = run[run.count - 1].end
            let isLast = r == runs.count - 1
            var times = Set(run.map(\.start))
            for g in schedule.bolusGroups where g.time >= start && (g.time < end || isLast) { times.insert(g.time) }
            var changes: [Change] = []
            var previous = [Double](repeating: 0, count: run[0].rates.count)
            for t in times.sorted() {
                let inflow = run.last { $0.start <= t }?.rates.inflow ?? previous
                let jump = zip(inflow, previous).map { $0 - $1 }
                previous = inflow
                let boluses = schedule.bolusGroups.first { $0.time == t }?.additions ?? []
                changes.append(Change(time: t, inflowJump: jump, boluses: boluses))
            }
            blocks.append(BranchingBlock(start: start, end: end, rates: run[0].rates, changes: changes))
        }
        return blocks
    }

    private static func samePerCellRates(_ a: RateSet, _ b: RateSet) -> Bool {
        a.transfer == b.transfer && a.loss == b.loss && a.division == b.division
    }

    /// Whether any division rate is positive (otherwise the backward equation is linear).
    var hasDivision: Bool { rates.division.contains { $0 > 0 } }
}
