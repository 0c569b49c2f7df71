/// An interval `[start, end)` of simulated time over which all rates are constant.
public struct Epoch: Sendable, Hashable {
    public let start: Double
    public let end: Double
    public let rates: RateSet

    public var duration: Double { end - start }
}

/// Boluses that happen at one instant, summed per compartment.
public struct BolusGroup: Sendable, Hashable {
    public let time: Double
    /// `(compartment, cells)` pairs, compartments ascending, cells > 0 summed.
    public let additions: [(compartment: Int, cells: Int)]

    public static func == (a: BolusGroup, b: BolusGroup) -> Bool {
        a.time == b.time && a.additions.elementsEqual(b.additions) { $0.compartment == $1.compartment && $0.cells == $1.cells }
    }
    public func hash(into h: inout Hasher) {
        h.combine(time)
        for a in additions { h.combine(a.compartment); h.combine(a.cells) }
    }
}

/// The piecewise-constant timeline of a model: epochs that tile `[0, horizon)`
/// and the bolus instants, which engines step through in order.
///
/// Breakpoints are 0, the horizon, every window start and end, and every bolus
/// time. Within an epoch nothing but the state changes, so an engine can use
/// one generator (or one transition matrix) per epoch.
public struct EpochSchedule: Sendable, Hashable {
    public let epochs: [Epoch]
    /// Bolus instants in increasing time order.
    public let bolusGroups: [BolusGroup]
    public let horizon: Double

    /// Builds the schedule. Complexity: O(B·P) for B breakpoints and P processes.
    public init(model: NetworkModel) {
        horizon = model.horizon
        var cuts: Set<Double> = [0, model.horizon]
        let windows = model.flows.map(\.window) + model.divisions.map(\.window) + model.inflows.map(\.window)
        for w in windows {
            cuts.insert(w.start)
            cuts.insert(w.end)
        }
        for b in model.boluses { cuts.insert(b.time) }
        let edges = cuts.filter { $0 >= 0 && $0 <= model.horizon }.sorted()
        var epochs: [Epoch] = []
        for (a, b) in zip(edges, edges.dropFirst()) {
            let rates = RateSet(model: model, at: a)
            if let last = epochs.last, last.rates == rates {
                // Same rates on both sides of a breakpoint: merge (a bolus instant
                // stays a bolus group; engines stop there because of it).
                epochs[epochs.count - 1] = Epoch(start: last.start, end: b, rates: rates)
            } else {
                epochs.append(Epoch(start: a, end: b, rates: rates))
            }
        }
        self.epochs = epochs
        var byTime: [Double: [Int: Int]] = [:]
        for b in model.boluses where b.cells > 0 {
            byTime[b.time, default: [:]][b.compartment, default: 0] += b.cells
        }
        bolusGroups = byTime.keys.sorted().map { t in
            BolusGroup(time: t, additions: byTime[t]!.sorted { $0.key < $1.key }.map { (compartment: $0.key, cells: $0.value) })
        }
    }

    /// Index of the epoch containing time `t` (the last epoch for `t == horizon`).
    ///
    /// Complexity: O(log E) by binary search.
    public func epochIndex(at t: Double) -> Int {
        var lo = 0, hi = epochs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if epochs[mid].start <= t { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
