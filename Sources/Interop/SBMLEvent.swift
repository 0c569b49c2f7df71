import RateModel

/// What happens at one instant after time 0: the rates that change there and
/// the cells added there, from an `EpochSchedule`.
public struct SBMLEvent: Sendable, Hashable {
    /// Day of the event (> 0).
    public let time: Double
    /// Processes whose rate changes at `time`, with the rate from `time` on.
    public let rates: [Change]
    /// `(compartment, cells)` added at `time`, compartments ascending.
    public let cells: [Addition]

    public struct Change: Sendable, Hashable {
        public let process: SBMLProcess
        public let rate: Double
    }

    public struct Addition: Sendable, Hashable {
        public let compartment: Int
        public let cells: Int
    }

    /// Every epoch start after 0 (with the processes whose rate differs from
    /// the previous epoch) and every bolus time after 0, merged by time,
    /// in time order. Boluses at 0 belong to the initial amounts. O(E·P + B).
    public static func all(schedule: EpochSchedule, processes: [SBMLProcess]) -> [SBMLEvent] {
        var changes: [Double: [Change]] = [:]
        for (previous, epoch) in zip(schedule.epochs, schedule.epochs.dropFirst()) {
            let changed = processes.compactMap { p -> Change? in
                let rate = p.rate(in: epoch.rates)
                return rate == p.rate(in: previous.rates) ? nil : Change(process: p, rate: rate)
            }
            if !changed.isEmpty { changes[epoch.start] = changed }
        }
        var additions: [Double: [Addition]] = [:]
        for group in schedule.bolusGroups where group.time > 0 {
            additions[group.time] = group.additions.map { Addition(compartment: $0.compartment, cells: $0.cells) }
        }
        let times = Set(changes.keys).union(additions.keys).sorted()
        return times.map { SBMLEvent(time: $0, rates: changes[$0] ?? [], cells: additions[$0] ?? []) }
    }
}
