import Foundation
import LinearAlgebra
import RateModel

/// Whether a model's expected population stays within `RunBounds.population`,
/// and how many events a replicate is expected to fire, decided before any
/// engine runs it.
///
/// **Cheap bound first.** Transfers conserve the total, so the total mean
/// `N(t) = Σ_i m_i(t)` obeys `N' ≤ g⁺·N + U` with `g⁺ = max(0, max_i (b_i − ℓ_i))`
/// (division minus loss out of the system) and `U` the inflow. Hence
/// `N(t) ≤ (N₀ + boluses + arrivals)·exp(Σ_epochs g⁺·duration)`, and the
/// followed events of a replicate are at most `N_max·r_max·T + arrivals + boluses`
/// (`r_max` the largest per-cell rate of moving or dividing). Both cost O(epochs·n).
///
/// **Followed events.** The exact engine splits the cells present at each
/// stop by binomials and follows one by one only the cells that move,
/// divide or arrive (`CellFateStep`); cells that stay or leave the system
/// cost nothing each. So the events counted are moves, divisions and
/// arrivals: `∫ (Σ_i m_i·(t_i + b_i) + Σ_i u_i) dt` (each followed cell
/// leaves at most once more).
///
/// **Exact mean when the bound is not enough.** The mean is then walked
/// through every stop (`m ← Φ·m + g`, the moments engine's mean step,
/// O(E·n³)): a compartment whose mean passes the bound (or overflows) makes
/// the model diverge, named with its rates; the followed events are
/// estimated by the trapezoid rule over the stops.
public struct PopulationCheck: Sendable {
    /// An upper bound (cheap) or estimate (exact mean) of the followed events
    /// (moves, divisions, arrivals) per replicate.
    public let expectedEvents: Double

    /// Checks `model`; `events` asks for the expected events too (the exact
    /// engine), which may need the exact mean even when the population bound holds.
    ///
    /// - Throws: `EngineError.diverges` when some compartment's expected count
    ///   passes `RunBounds.population`.
    public init(model: NetworkModel, events: Bool = false) throws(EngineError) {
        let schedule = EpochSchedule(model: model)
        var seeded = model.compartments.reduce(0.0) { $0 + Double($1.initial) }
        seeded += model.boluses.reduce(0.0) { $0 + Double($1.cells) }
        var growth = 0.0, rMax = 0.0
        for epoch in schedule.epochs {
            let r = epoch.rates
            var g = 0.0
            for i in 0..<r.count {
                g = max(g, r.division[i] - r.loss[i])
                rMax = max(rMax, r.exitRate(i) - r.loss[i] + r.division[i])
                seeded += r.inflow[i] * epoch.duration
            }
            growth += g * epoch.duration
        }
        let peak = seeded * exp(growth)
        let cheapEvents = peak * rMax * model.horizon + seeded
        if peak <= RunBounds.population && (!events || cheapEvents <= RunBounds.exactEvents) {
            expectedEvents = cheapEvents
            return
        }
        expectedEvents = try Self.walk(model, schedule: schedule, growing: growth > 0)
    }

    /// Walks the exact mean through the stops, throwing `.diverges` where a
    /// compartment passes the bound; returns the expected followed events.
    ///
    /// Each step is one exponential of the (n+2)×(n+2) matrix
    /// `[[A, u, 0], [0, 0, 0], [ρᵀ, Σu, 0]]·h` (`ρ_i = t_i + b_i`, Van Loan
    /// 1978) applied to `(m, 1, 0)`: its last entry is `∫₀ʰ (ρᵀm(s) + Σu) ds`
    /// exactly, however fast the mean changes within the step. Cached per
    /// (epoch, step length): O(E·n³) for E distinct steps, O(S·n²) for S stops.
    private static func walk(_ model: NetworkModel, schedule: EpochSchedule, growing: Bool) throws(EngineError) -> Double {
        let stops = StopSchedule(model: model)
        let n = model.count
        var steps: [StepKey: Matrix] = [:]
        var m = model.compartments.map { Double($0.initial) }
        var events = model.boluses.reduce(0.0) { $0 + Double($1.cells) }
        guard let last = stops.lastOutputStop else { return events }
        for k in 0...last {
            let stop = stops.stops[k]
            if let g = stop.bolusGroup {
                for add in schedule.bolusGroups[g].additions { m[add.compartment] += Double(add.cells) }
            }
            try check(m, model: model, schedule: schedule, epoch: stop.epoch, day: stop.time)
            guard k < last else { break }
            let key = StepKey(epoch: stop.epoch, length: stops.stops[k + 1].time - stop.time)
            var state = m + [1, 0]
            do throws(LinearAlgebraError) {
                if steps[key] == nil { steps[key] = try augmented(schedule.epochs[key.epoch].rates, count: n).scaled(by: key.length).exponential() }
                state = steps[key]!.multiplied(by: state)
            } catch {
                // A step whose exponential overflows: the growth is beyond any bound.
                guard growing else { throw .numerical(error, context: "in the population check's mean step over \(key.length) days") }
                state = state.map { _ in .infinity }
            }
            m = Array(state[0..<n])
            events += state[n + 1]
            try check(m, model: model, schedule: schedule, epoch: stop.epoch, day: stops.stops[k + 1].time)
        }
        return events
    }

    /// `[[A, u, 0], [0, 0, 0], [ρᵀ, Σu, 0]]` for one epoch's rates (see `walk`).
    private static func augmented(_ rates: RateSet, count n: Int) -> Matrix {
        var a = Matrix(rows: n + 2, cols: n + 2)
        a.setBlock(row: 0, col: 0, to: MeanGenerator.matrix(rates))
        var arrivals = 0.0
        for i in 0..<n {
            a[i, n] = rates.inflow[i]
            a[n + 1, i] = rates.exitRate(i) - rates.loss[i] + rates.division[i]
            arrivals += rates.inflow[i]
        }
        a[n + 1, n] = arrivals
        return a
    }

    /// Throws `.diverges` when some mean in `m` passes the bound at `day`.
    private static func check(_ m: [Double], model: NetworkModel, schedule: EpochSchedule, epoch: Int, day: Double) throws(EngineError) {
        guard let i = m.indices.first(where: { !(m[$0] <= RunBounds.population) }) else { return }
        throw .diverges(message(compartment: i, mean: m[i], day: day, model: model, rates: schedule.epochs[epoch].rates))
    }

    /// The message: where the mean passes the bound, and the rates that make it grow.
    static func message(compartment i: Int, mean: Double, day: Double, model: NetworkModel, rates: RateSet) -> String {
        let names = model.compartments.map(\.name)
        let reach = "the expected number of cells in '\(names[i])' reaches \(RunBounds.text(mean)) by day \(RunBounds.text(day.rounded())) "
            + "(year \((day / 365.25 * 10).rounded() / 10)), past the bound of \(ModelBounds.cellsText) cells (a human body holds about 3.7e13)"
        func describe(_ j: Int) -> String {
            let moves = rates.exitRate(j) - rates.loss[j]
            return "'\(names[j])' divides at \(rates.division[j]) per day but loses cells at only \(rates.loss[j]) per day"
                + (moves > 0 ? " (and moves them to other compartments at \(moves) per day)" : "")
        }
        // The compartment whose division most exceeds its loss out of the system (what makes the
        // total grow: transfers conserve it), else the population comes from inflows and boluses.
        let growing = (0..<rates.count).filter { rates.division[$0] > rates.loss[$0] }
        let driver = growing.max { rates.division[$0] - rates.loss[$0] < rates.division[$1] - rates.loss[$1] }
        if let driver {
            return "the population diverges: \(reach). \(describe(driver)). Lower the division rates (self-renewal) or raise "
                + "the losses (`describe` lists them), or shorten the horizon"
        }
        return "the population is too large: \(reach), brought by inflows and boluses. Lower the inflow rates, the initial counts "
            + "or the bolus cells"
    }
}
