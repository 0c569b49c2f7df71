import Engines
import RandomStreams
import RateModel

/// Exact stochastic simulation of the network, one trajectory per replicate
/// (Gillespie's direct method, 1977, J. Phys. Chem. 81:2340).
///
/// With counts `X` and per-cell rates constant within an epoch, the total
/// propensity is `a₀ = Σ_i X_i·r_i + Σ_i u_i` (`r_i` the per-cell hazard of
/// compartment i, `u_i` its inflow). The waiting time to the next event is
/// `Exp(a₀)` and the event is chosen with probability proportional to its
/// propensity. At every stop (an output time, a window edge, a bolus) the
/// simulation halts exactly at the stop: by memorylessness of the exponential
/// a waiting time that overshoots the stop is discarded and redrawn from the
/// stop with the new rates, which keeps the process exact across edges.
/// Boluses are applied at their instant before the state is recorded.
///
/// Complexity: O(n) per event (the propensity sum and a linear search), and
/// two uniform draws per event.
public struct ExactEngine: Sendable {
    public let model: NetworkModel
    public let schedule: StopSchedule
    let tables: [EventTable]

    public init(model: NetworkModel) throws(EngineError) {
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        self.model = model
        schedule = StopSchedule(model: model)
        tables = schedule.epochs.epochs.map { EventTable($0.rates) }
    }

    /// Simulates one replicate, calling `record(outputIndex, counts)` at every
    /// output time in order; returns the number of events simulated.
    public func simulate<G: RandomNumberGenerator>(using rng: inout G, record: (Int, [Int]) -> Void) -> Int {
        let n = model.count
        var x = model.compartments.map(\.initial)
        var events = 0
        let stops = schedule.stops
        schedule.walk(&x, record: record) { k, x in
            let end = stops[k + 1].time
            let table = tables[stops[k].epoch]
            var t = stops[k].time
            while true {
                var a0 = table.inflowTotal
                for i in 0..<n { a0 += Double(x[i]) * table.perCell[i] }
                if !(a0 > 0) { break }
                t += Sampler.exponential(rate: a0, using: &rng)
                if t >= end { break }
                fire(table: table, total: a0, counts: &x, using: &rng)
                events += 1
            }
        }
        return events
    }

    /// Chooses the event with probability proportional to its propensity and applies it.
    @inline(__always)
    private func fire<G: RandomNumberGenerator>(table: EventTable, total a0: Double, counts x: inout [Int], using rng: inout G) {
        var target = Sampler.uniform(using: &rng) * a0
        if target < table.inflowTotal {
            var k = 0
            while k < table.inflowCumulative.count - 1 && target >= table.inflowCumulative[k] { k += 1 }
            x[table.inflowTargets[k]] += 1
            return
        }
        target -= table.inflowTotal
        var source = -1
        for i in 0..<table.count where x[i] > 0 && table.perCell[i] > 0 {
            source = i // the last compartment with a positive propensity absorbs rounding at the top end
            let a = Double(x[i]) * table.perCell[i]
            if target < a { break }
            target -= a
        }
        let i = source
        let perCellTarget = min(target / Double(x[i]), table.perCell[i])
        var e = table.offsets[i]
        let last = table.offsets[i + 1] - 1
        while e < last && perCellTarget >= table.cumulative[e] { e += 1 }
        switch table.targets[e] {
        case EventTable.loss: x[i] -= 1
        case EventTable.division: x[i] += 1
        case let j: x[i] -= 1; x[j] += 1
        }
    }
}
