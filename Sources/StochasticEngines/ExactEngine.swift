import Engines
import RandomStreams
import RateModel

/// Exact stochastic simulation of the network, one trajectory per replicate.
///
/// The law sampled is the continuous-time Markov chain's, the one Gillespie's
/// direct method (1977, J. Phys. Chem. 81:2340) samples event by event: per
/// cell, moves, losses and divisions at constant rates within an epoch, and
/// Poisson inflows. Because the network is linear, cells are independent, and
/// each interval between two stops (output times, window edges, boluses) is
/// crossed with `CellFateStep`: cells present at the start are split by
/// binomials into "no event" and "first event of each kind", and only cells
/// that move, divide or arrive are followed event by event. The result has
/// the exact law at every output; cells that merely stay or die cost no
/// event each. Boluses are applied at their instant before the state is recorded.
///
/// Complexity per replicate: O(S·Σ_i R_i) binomial draws for S stops and R_i
/// routes of compartment i, plus one exponential and one uniform per event of
/// a followed cell.
public struct ExactEngine: Sendable {
    public let model: NetworkModel
    public let schedule: StopSchedule
    let tables: [EventTable]

    /// Prepares the tables; throws `.diverges` for a population that passes
    /// `RunBounds.population` and `.tooLarge` when a replicate is expected to
    /// fire more than `RunBounds.exactEvents` events (`PopulationCheck`).
    public init(model: NetworkModel) throws(EngineError) {
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        let events = try PopulationCheck(model: model, events: true).expectedEvents
        guard events <= RunBounds.exactEvents else {
            throw .tooLarge("too large for the exact engine: a replicate is expected to fire about \(RunBounds.text(events)) events "
                + "(moves, divisions and arrivals, each cell followed one by one), more than the bound of 1e10; "
                + "use --method fast (or auto), which leaps over large populations, or --method moments for the exact mean and sd")
        }
        self.model = model
        schedule = StopSchedule(model: model)
        tables = schedule.epochs.epochs.map { EventTable($0.rates) }
    }

    /// Simulates one replicate, calling `record(outputIndex, counts)` at every
    /// output time in order; returns the number of events (moves, losses,
    /// divisions and arrivals) in the trajectory.
    @_specialize(exported: true, where G == Philox4x64)
    public func simulate<G: RandomNumberGenerator>(using rng: inout G, record: (Int, [Int]) -> Void) -> Int {
        var x = model.compartments.map(\.initial)
        var scratch = x
        var step = CellFateStep()
        var events = 0
        let stops = schedule.stops
        schedule.walk(&x, record: record) { k, x in
            events += step.advance(&x, scratch: &scratch, table: tables[stops[k].epoch],
                                   length: stops[k + 1].time - stops[k].time, using: &rng)
        }
        return events
    }
}
