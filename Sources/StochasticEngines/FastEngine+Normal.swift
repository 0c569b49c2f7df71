import Engines
import Foundation
import LinearAlgebra
import RandomStreams
import RateModel

extension FastEngine {
    /// A part of the network crosses an interval by the normal approximation
    /// when one of its compartments holds at least this many cells, or its
    /// inflow brings that many.
    public static let normalThreshold = 1000

    /// In such a part, the compartments with at least this many cells are
    /// carried by their moments; the others cross exactly.
    public static let normalGroupThreshold = 100

    /// The fixed cost of drawing a part of m compartments from its moments,
    /// in followed events of the exact step (the factorisation and the
    /// draws): about 4.5 µs, 150 events, for m = 18 on the cohort benchmark.
    static func normalPartCost(_ m: Int) -> Double { 40 + Double(m * m * m) / 50 }

    /// The cost of one moment step of a part of m compartments, in followed
    /// events (two `dgemm` and a `dgemv` of that size at most): about 2.6 µs,
    /// 90 events, for m = 18 on the cohort benchmark.
    static func momentStepCost(_ m: Int) -> Double { Double(m * m * m) / 60 }

    /// Below this many expected events the exact step is always taken: it
    /// costs at most about 30 µs.
    static let approximationFloor = 1_000.0

    /// How much cheaper than the exact step the normal approximation must be
    /// to be chosen: the exact step is preferred unless it costs 4 times more.
    static let exactnessPremium = 4.0

    /// A leap draw (a binomial or Poisson of a large count) in followed
    /// events of the exact step, as measured: about 5.
    static let drawCost = 5.0

    /// How an interval is crossed by the normal approximation: per chosen
    /// part, its moment steps and whether its inflow is carried by them; the
    /// ladder's rest; which compartments' inflow the exact step skips; and
    /// the expected cost, in the units of `CellwiseCost` (followed events).
    struct NormalPlan {
        var parts: [(part: Int, steps: [MomentStep], inflow: Bool)] = []
        var rest = 0.0
        var skippedInflow: [Bool]
        var cost = 0.0
    }

    /// The plan for crossing the interval after stop k from counts `x` by the
    /// normal approximation, or nil when no part holds `normalThreshold`
    /// cells in a compartment or receives that many by inflow, or when a
    /// moment step cannot be built.
    ///
    /// Its cost, in followed events of the exact step (about 30 ns each), is
    /// the exact step's for what stays exact, plus per part of m compartments
    /// `normalPartCost(m)` for the draw and `momentStepCost(m)` per moment step (two
    /// `dgemm` and a `dgemv` of that size), as measured on the cohort benchmark.
    func normalPlan(interval k: Int, counts x: [Int]) -> NormalPlan? {
        let stops = schedule.stops
        let epoch = stops[k].epoch
        let length = stops[k + 1].time - stops[k].time
        let threshold = Self.normalThreshold
        var plan = NormalPlan(skippedInflow: [Bool](repeating: false, count: x.count))
        var small = x
        let steps = epochs[epoch]
        let unitExponent = Self.ladderUnitExponent(table: steps.table, counts: x)
        for (p, members) in steps.parts.enumerated() {
            let inflow = steps.partInflow[p] * length >= Double(threshold)
            guard inflow || members.contains(where: { x[$0] >= threshold }) else { continue }
            let ladder = steps.ladders[p]
            var moments: [MomentStep] = []
            do throws(EngineError) {
                if recurring[k] {
                    moments = [try ladder.whole(length)]
                } else {
                    let (exponents, rest) = MomentLadder.decompose(length, unitExponent: unitExponent)
                    for exponent in exponents { moments.append(try ladder.rung(exponent)) }
                    plan.rest = rest
                }
            } catch {
                return nil
            }
            plan.parts.append((p, moments, inflow))
            for i in members where x[i] >= Self.normalGroupThreshold { small[i] = 0 }
            if inflow { for i in members { plan.skippedInflow[i] = true } }
            plan.cost += Self.normalPartCost(members.count) + Double(moments.count) * Self.momentStepCost(members.count)
        }
        guard !plan.parts.isEmpty else { return nil }
        plan.cost += intervals[k].cost.events(from: small, skippingInflow: plan.skippedInflow)
        return plan
    }

    /// Crosses the interval after stop k by `plan`, with the descendants of
    /// large populations drawn from their exact moments.
    ///
    /// Cells are independent, so the cells present at the start split into
    /// groups whose descendants add up: in each chosen part, the
    /// compartments with at least `normalGroupThreshold` cells (and the part's
    /// inflow, when large) are carried by their exact mean and covariance
    /// over the interval (`MomentStep`s of the part's `MomentLadder`) and
    /// drawn by `NormalCounts`; every other cell, and every small inflow, is
    /// crossed exactly (`CellFateStep`). The ladder's rest r (shorter than
    /// its unit) is crossed exactly first, by every cell.
    ///
    /// What is approximated: the law of the large groups' descendants, by a
    /// normal vector with their exact mean and covariance (negative binomial
    /// marginals where few of them arrive). Means stay exact; sd are exact
    /// for the normal block; the error in quantiles and P(empty) is of order
    /// skewness/√`normalGroupThreshold` (measured in `FastNormalTests`).
    ///
    /// Complexity: O(Σ_parts L·m³) for L moment steps over parts of m
    /// compartments (BLAS `dgemm`, LAPACK `dpstrf_`), plus the exact step's
    /// cost for the small groups; independent of the counts.
    func crossByMoments<G: RandomNumberGenerator>(_ plan: NormalPlan, interval k: Int, _ x: inout [Int],
                                                  scratch next: inout [Int], cellwise: inout CellFateStep,
                                                  moments: inout MomentScratch, using rng: inout G) {
        let stops = schedule.stops
        let epoch = epochs[stops[k].epoch]
        let table = epoch.table
        let length = stops[k + 1].time - stops[k].time
        let threshold = Self.normalGroupThreshold
        if plan.rest > 0 { _ = cellwise.advance(&x, scratch: &next, table: table, length: plan.rest, using: &rng) }
        // Take the large groups out; what is left (and the small inflows) crosses exactly.
        moments.prepare(parts: plan.parts.count)
        for (c, chosen) in plan.parts.enumerated() {
            moments.parts[c].start(members: epoch.parts[chosen.part], taking: &x, threshold: threshold)
        }
        _ = cellwise.advance(&x, scratch: &next, table: table, length: length - plan.rest,
                             skippingInflow: plan.skippedInflow, using: &rng)
        for (c, chosen) in plan.parts.enumerated() {
            moments.parts[c].carry(by: chosen.steps, inflow: chosen.inflow ? 1 : 0)
            moments.parts[c].draw(members: epoch.parts[chosen.part], adding: &x, draws: &moments.draws, using: &rng)
        }
    }

    /// The exponent u of the ladder unit `2^u` days for an interval from
    /// counts `x`: the largest with `2^u ≤ 1/16` day in which the cells and
    /// the inflow have at most about 256 events in all (`Σ x_i·r_i + Σ u_j`
    /// per day), so that the rest of an interval, shorter than the unit, is
    /// cheap to cross cell by cell.
    static func ladderUnitExponent(table: EventTable, counts x: [Int]) -> Int {
        var rate = table.inflowRates.reduce(0, +)
        for i in x.indices where x[i] > 0 { rate += Double(x[i]) * table.perCell[i] }
        let bound = rate > 0 ? min(1.0 / 16, 256 / rate) : 1.0 / 16
        return max(-60, Int(log2(bound).rounded(.down)))
    }
}
