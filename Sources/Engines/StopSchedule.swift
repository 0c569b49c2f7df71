import RateModel

/// The instants at which an engine must stop: output times, epoch edges and
/// boluses, merged and sorted, with what happens at each.
///
/// Between two consecutive stops all rates are constant and nothing is
/// recorded, so an engine may take one exact step (or simulate freely) over
/// the interval. At a stop, boluses are applied first and the state is then
/// recorded, which makes outputs right-continuous.
public struct StopSchedule: Sendable {
    public struct Stop: Sendable {
        /// Time of the stop, in days.
        public let time: Double
        /// Index into `EpochSchedule.epochs` of the epoch that starts at or
        /// contains `time` (the rates in force just after the stop).
        public let epoch: Int
        /// Index into `EpochSchedule.bolusGroups` of the boluses at this instant, if any.
        public let bolusGroup: Int?
        /// Index into the model's output times recorded at this instant, if any.
        public let output: Int?
    }

    public let epochs: EpochSchedule
    /// Stops in increasing time; the first is at time 0.
    public let stops: [Stop]

    /// Merges the model's output times, epoch starts and bolus times.
    /// Complexity: O(S log S) for S stops.
    public init(model: NetworkModel) {
        let epochs = EpochSchedule(model: model)
        self.epochs = epochs
        var times = Set<Double>([0])
        times.formUnion(model.outputTimes)
        times.formUnion(epochs.epochs.map(\.start))
        times.formUnion(epochs.bolusGroups.map(\.time))
        let bolusIndex = Dictionary(uniqueKeysWithValues: epochs.bolusGroups.enumerated().map { ($1.time, $0) })
        let outputIndex = Dictionary(uniqueKeysWithValues: model.outputTimes.enumerated().map { ($1, $0) })
        stops = times.filter { $0 <= model.horizon }.sorted().map { t in
            Stop(time: t, epoch: epochs.epochIndex(at: t), bolusGroup: bolusIndex[t], output: outputIndex[t])
        }
    }

    /// Index of the last stop that records an output (stopping after it is wasted work).
    public var lastOutputStop: Int? { stops.lastIndex { $0.output != nil } }
}

extension StopSchedule {
    /// Walks `state` from time 0 to the last output: at each stop applies its
    /// boluses, then records the state if the stop is an output time, then lets
    /// `advance(k, &state)` carry the state across the interval from stop k to
    /// stop k + 1 (all rates constant there). Stops after the last output are
    /// never advanced over.
    @inlinable
    public func walk(_ state: inout [Int], record: (Int, [Int]) -> Void, advance: (Int, inout [Int]) -> Void) {
        guard let last = lastOutputStop else { return }
        let groups = epochs.bolusGroups
        for k in 0...last {
            let stop = stops[k]
            if let g = stop.bolusGroup {
                for add in groups[g].additions { state[add.compartment] += add.cells }
            }
            if let o = stop.output { record(o, state) }
            if k < last { advance(k, &state) }
        }
    }
}
