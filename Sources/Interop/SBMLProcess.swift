import RateModel

/// One reaction of the export: a process of the network summed over the
/// entries for the same pair (as `RateSet` sums them).
public enum SBMLProcess: Sendable, Hashable {
    /// `X_i -> X_j` at `k·X_i` (i ≠ j).
    case transfer(Int, Int)
    /// `X_i -> ∅` at `k·X_i`.
    case loss(Int)
    /// `X_i -> 2 X_i` at `k·X_i`.
    case division(Int)
    /// `∅ -> X_i` at `u` cells per day.
    case inflow(Int)

    /// Its rate in `rates` (per cell per day, or cells per day for an inflow).
    public func rate(in rates: RateSet) -> Double {
        switch self {
        case .transfer(let i, let j): rates.transfer(from: i, to: j)
        case .loss(let i): rates.loss[i]
        case .division(let i): rates.division[i]
        case .inflow(let i): rates.inflow[i]
        }
    }

    /// Every process with a positive rate in some epoch, grouped by compartment:
    /// for each `i`, transfers `i → j` (j ascending), then loss, division, inflow.
    /// Complexity O(E·n²) for E epochs and n compartments.
    public static func active(in schedule: EpochSchedule, count n: Int) -> [SBMLProcess] {
        var out: [SBMLProcess] = []
        for i in 0..<n {
            var candidates: [SBMLProcess] = []
            for j in 0..<n where j != i { candidates.append(.transfer(i, j)) }
            candidates += [.loss(i), .division(i), .inflow(i)]
            for p in candidates where schedule.epochs.contains(where: { p.rate(in: $0.rates) > 0 }) { out.append(p) }
        }
        return out
    }
}
