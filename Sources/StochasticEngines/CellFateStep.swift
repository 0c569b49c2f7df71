import Foundation
import RandomStreams

/// The exact law of the counts across one interval of constant rates, drawn by
/// following independent cells only where they matter.
///
/// In a linear network every cell moves, dies and divides on its own: a cell
/// of compartment i has its next event after an `Exp(r_i)` time (`r_i` its
/// total per-cell hazard), of kind e with probability `ρ_e/r_i` independent
/// of that time. Over an interval of length Δ, with `p_i = 1 − e^{−r_i Δ}`:
///
/// 1. The `x_i` cells present at the start split multinomially into "no event
///    before Δ" (probability `1 − p_i`) and "first event of kind e before Δ"
///    (probability `p_i·ρ_e/r_i`). Cells that leave the system need nothing
///    more. Given an event before Δ, its time is exponential truncated to
///    (0, Δ), independent of the kind. (With at most `fewCells` cells, each
///    cell's first wait is drawn directly instead.)
/// 2. Inflow into j is a `Poisson(u_j·Δ)` number of cells at independent
///    uniform times.
/// 3. Every cell made by 1 or 2 (a mover at its arrival, both daughters of a
///    division, an immigrant) is followed event by event, `Exp(r)` waits and
///    one uniform for the kind, until it leaves or Δ is reached.
///
/// Every draw is exact, so the counts at the end of the interval have exactly
/// the law of the continuous-time Markov chain, the law Gillespie's direct
/// method samples. A cell that does nothing, or only leaves, costs a share
/// of one binomial per compartment and route instead of an event, which is
/// where the direct method spends most of its time (initial cells that die).
///
/// Complexity per interval: O(Σ_i R_i) binomial draws (R_i the routes of i;
/// at most `fewCells` exponentials instead when x_i is that small) plus O(E) for
/// the E events of followed cells, each one exponential (ziggurat, no
/// logarithm) and one uniform.
struct CellFateStep {
    /// Counts at or below which the cells of a compartment are drawn one by
    /// one (one exponential wait says whether and when the first event falls)
    /// instead of by binomials.
    static let fewCells = 8

    /// Daughters of divisions still to follow.
    private let pending = CellStack()
    private var exitProbabilities: [Double] = []
    private var routeCounts: [Int] = []
    private let exponential = ExponentialZiggurat.shared

    init() {}

    /// Carries the counts `x` across an interval of `length` days under
    /// `table`, using `next` as scratch (its contents are overwritten).
    /// Inflow into a compartment j with `skippingInflow[j]` is left out (the
    /// caller accounts for it). Returns the number of events (moves, losses,
    /// divisions, arrivals).
    mutating func advance<G: RandomNumberGenerator>(_ x: inout [Int], scratch next: inout [Int], table: EventTable,
                                                    length: Double, skippingInflow: [Bool]? = nil,
                                                    using rng: inout G) -> Int {
        let n = table.count
        for i in 0..<n { next[i] = 0 }
        var events = 0
        for i in 0..<n where x[i] > 0 {
            let r = table.perCell[i]
            guard r > 0 else { next[i] += x[i]; continue }
            let p = -expm1(-r * length)
            if x[i] <= Self.fewCells {
                for _ in 0..<x[i] {
                    let wait = exponential.sample(using: &rng) * table.meanWait[i]
                    if wait >= length { next[i] += 1; continue }
                    events += 1 + fire(from: i, at: wait, until: length, into: &next, table: table, using: &rng)
                }
                continue
            }
            let first = table.offsets[i]
            let routes = table.offsets[i + 1] - first
            exitProbabilities.removeAll(keepingCapacity: true)
            for e in first..<(first + routes) { exitProbabilities.append(p * table.shares[e]) }
            let stay = Sampler.multinomial(count: x[i], exitProbabilities: exitProbabilities, into: &routeCounts, using: &rng)
            next[i] += stay
            events += x[i] - stay
            for route in 0..<routes where routeCounts[route] > 0 {
                let target = table.targets[first + route]
                if target == EventTable.loss { continue }
                for _ in 0..<routeCounts[route] {
                    let time = Sampler.exponential(rate: r, below: length, probability: p, using: &rng)
                    if target == EventTable.division {
                        events += lineage(i, from: time, until: length, into: &next, table: table, using: &rng)
                        events += lineage(i, from: time, until: length, into: &next, table: table, using: &rng)
                    } else {
                        events += lineage(target, from: time, until: length, into: &next, table: table, using: &rng)
                    }
                }
            }
        }
        for (k, j) in table.inflowTargets.enumerated() where !(skippingInflow?[j] ?? false) {
            let arrivals = Sampler.poisson(mean: table.inflowRates[k] * length, using: &rng)
            events += arrivals
            for _ in 0..<arrivals {
                let time = Sampler.uniform(using: &rng) * length
                events += lineage(j, from: time, until: length, into: &next, table: table, using: &rng)
            }
        }
        swap(&x, &next)
        return events
    }

    /// Applies the event of a cell of `source` at `time` (its kind picked
    /// with one uniform) and follows the cells it leaves behind; returns the
    /// number of their events.
    @inline(__always)
    private mutating func fire<G: RandomNumberGenerator>(from source: Int, at time: Double, until end: Double,
                                                         into next: inout [Int], table: EventTable,
                                                         using rng: inout G) -> Int {
        switch table.targets[Self.pick(source, table: table, using: &rng)] {
        case EventTable.loss: return 0
        case EventTable.division:
            return lineage(source, from: time, until: end, into: &next, table: table, using: &rng)
                + lineage(source, from: time, until: end, into: &next, table: table, using: &rng)
        case let j: return lineage(j, from: time, until: end, into: &next, table: table, using: &rng)
        }
    }

    /// Follows one cell that is in `start` at `time`, and all its
    /// descendants, to the end of the interval, adding the survivors to
    /// `next`; returns the number of their events.
    @inline(__always)
    private mutating func lineage<G: RandomNumberGenerator>(_ start: Int, from time: Double, until end: Double,
                                                            into next: inout [Int], table: EventTable,
                                                            using rng: inout G) -> Int {
        var events = follow(start, from: time, until: end, into: &next, table: table, using: &rng)
        while let (compartment, t) = pending.pop() {
            events += follow(compartment, from: t, until: end, into: &next, table: table, using: &rng)
        }
        return events
    }

    /// Follows one cell from `time` to the end of the interval or its loss;
    /// the daughter of each division is pushed on `pending`. Returns the
    /// number of its events.
    @inline(__always)
    private mutating func follow<G: RandomNumberGenerator>(_ start: Int, from time: Double, until end: Double,
                                                           into next: inout [Int], table: EventTable,
                                                           using rng: inout G) -> Int {
        var compartment = start
        var t = time
        var events = 0
        while true {
            let meanWait = table.meanWait[compartment]
            if meanWait.isFinite { t += exponential.sample(using: &rng) * meanWait }
            if t >= end || !meanWait.isFinite {
                next[compartment] += 1
                return events
            }
            events += 1
            switch table.targets[Self.pick(compartment, table: table, using: &rng)] {
            case EventTable.loss: return events
            case EventTable.division: pending.push(compartment, at: t)
            case let j: compartment = j
            }
        }
    }

    /// The index into `table.targets` of the kind of an event of a cell of `i`.
    @inline(__always)
    private static func pick<G: RandomNumberGenerator>(_ i: Int, table: EventTable, using rng: inout G) -> Int {
        let u = Sampler.uniform(using: &rng)
        var e = table.offsets[i]
        let last = table.offsets[i + 1] - 1
        while e < last && u >= table.shareCumulative[e] { e += 1 }
        return e
    }
}
