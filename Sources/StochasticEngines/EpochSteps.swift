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
    /// Whether some compartment divides.
    let hasDivision: Bool
    /// The random draws of one leap of any length, about (`LeapStep.draws`):
    /// one per route (a compartment or `out` reachable from a compartment),
    /// one per dividing compartment, one per compartment an inflow reaches.
    let leapDraws: Int
    private let leaps = Mutex<[Double: LeapStep]>([:])
    private let costs = Mutex<[Double: CellwiseCost]>([:])

    init(rates: RateSet, store: FastStepStore) {
        self.rates = rates
        table = EventTable(rates)
        parts = NetworkParts(rateSets: [rates], count: rates.count).members
        ladders = parts.map { store.ladder(rates.restricted(to: $0)) }
        partInflow = parts.map { $0.reduce(0) { $0 + rates.inflow[$1] } }
        hasDivision = rates.division.contains { $0 > 0 }
        leapDraws = Self.leapDraws(rates)
    }

    /// `LeapStep.draws` without its matrices: entry (j, i) of `e^{Qh}` is
    /// positive for every h > 0 exactly when j is reachable from i, so the
    /// routes follow from the transfer graph. Complexity: O(n³).
    static func leapDraws(_ rates: RateSet) -> Int {
        let n = rates.count
        var reach = (0..<n).map { i in (0..<n).map { j in i == j || rates.transfer(from: i, to: j) > 0 } }
        for k in 0..<n { for i in 0..<n where reach[i][k] { for j in 0..<n where reach[k][j] { reach[i][j] = true } } }
        var draws = 0
        for i in 0..<n where rates.exitRate(i) > 0 {
            draws += reach[i].enumerated().filter { $0.element && $0.offset != i }.count
            if (0..<n).contains(where: { reach[i][$0] && rates.loss[$0] > 0 }) { draws += 1 }
        }
        draws += rates.division.filter { $0 > 0 }.count
        draws += (0..<n).filter { j in (0..<n).contains { rates.inflow[$0] > 0 && reach[$0][j] } }.count
        return draws
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
