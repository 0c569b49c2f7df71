import Engines
import LinearAlgebra
import RateModel
import Synchronization

/// What the fast engine precomputes for one epoch's rates: its event table,
/// its independent parts with their moment ladders, and its leap matrices
/// and cell-by-cell costs by length, each built once (`FastStepStore`).
/// Only lengths that engines share (the output spacing, whole epochs) are
/// kept: a cohort woman's own lengths would make the store grow with the cohort.
///
/// The parts are the connected components of the epoch's transfers: no cell
/// crosses between them while these rates hold, so their counts over an
/// interval of the epoch are independent.
final class EpochSteps: Sendable {
    let rates: RateSet
    let table: EventTable
    /// Compartments of each part, ascending.
    let parts: [[Int]]
    /// The moment ladder of each part.
    let ladders: [MomentLadder]
    /// Cells per day flowing into each part.
    let partInflow: [Double]
    private let leaps = Mutex<[Double: LeapStep]>([:])
    private let costs = Mutex<[Double: CellwiseCost]>([:])

    init(rates: RateSet, store: FastStepStore) {
        self.rates = rates
        table = EventTable(rates)
        parts = NetworkParts(rateSets: [rates], count: rates.count).members
        ladders = parts.map { store.ladder(rates.restricted(to: $0)) }
        partInflow = parts.map { $0.reduce(0) { $0 + rates.inflow[$1] } }
    }

    /// The leap over `length` days, kept for every engine when `shared`.
    /// Complexity of a miss: that of `LeapStep.init`.
    func leap(_ length: Double, shared: Bool) throws(LinearAlgebraError) -> LeapStep {
        if let known = leaps.withLock({ $0[length] }) { return known }
        let made = try LeapStep(rates: rates, length: length)
        if shared { leaps.withLock { $0[length] = made } }
        return made
    }

    /// The cost of crossing `length` days cell by cell, kept for every engine
    /// when `shared`. Complexity of a miss: that of `CellwiseCost.init`.
    func cellwiseCost(_ length: Double, shared: Bool) -> CellwiseCost {
        if let known = costs.withLock({ $0[length] }) { return known }
        let made = CellwiseCost(rates: rates, length: length)
        if shared { costs.withLock { $0[length] = made } }
        return made
    }
}
