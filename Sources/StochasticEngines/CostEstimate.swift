import Engines
import RateModel

/// Rough costs of the stochastic methods for one replicate, used by `auto`.
public struct CostEstimate: Sendable, Equatable {
    /// Expected number of events an exact simulation fires per replicate.
    public let expectedEvents: Double
    /// Leaps the fast engine takes per replicate.
    public let leaps: Int
    /// Multinomial/Poisson draws per leap, about the number of compartments.
    public let drawsPerLeap: Int

    /// Estimates from the exact mean: `E[events] = ∫₀ᵀ (Σ_i m_i(t)·r_i(t) + Σ_i u_i(t)) dt`
    /// (`r_i` the per-cell hazard of compartment i), by the trapezoid rule over
    /// the output grid, plus every bolus cell's first event. Complexity: that of
    /// the moments mean plus O(T·n).
    public init(model: NetworkModel, fast: FastEngine) throws(EngineError) {
        let means = try MomentsEngine(model: model).meanTrajectory()
        let schedule = EpochSchedule(model: model)
        let times = model.outputTimes
        func rate(_ k: Int) -> Double {
            let rates = schedule.epochs[schedule.epochIndex(at: times[k])].rates
            var total = 0.0
            for i in 0..<model.count {
                total += means[k][i] * (rates.exitRate(i) + rates.division[i]) + rates.inflow[i]
            }
            return total
        }
        var events = Double(model.boluses.reduce(0) { $0 + $1.cells })
        for k in 1..<max(times.count, 1) {
            events += (rate(k - 1) + rate(k)) / 2 * (times[k] - times[k - 1])
        }
        expectedEvents = events
        leaps = fast.leapsPerReplicate
        drawsPerLeap = max(1, model.count)
    }

    /// Whether event-by-event simulation is expected to be cheaper than leaping
    /// (an event costs about as much as a few draws of a leap).
    public var exactIsCheaper: Bool { expectedEvents <= 4 * Double(leaps * drawsPerLeap) }
}
