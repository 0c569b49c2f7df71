import RateModel

/// What an engine does, in order, to go from time 0 through every output time:
/// exact steps inside one epoch, boluses at their instants, and outputs.
///
/// Stops are output times, epoch edges and bolus times; boluses at an instant
/// come before an output at that instant (right-continuous paths). This is the
/// walk of `MomentsEngine.meanTrajectory()`, written out once so the moment
/// and empty-probability passes share it. Complexity: O(S log E) for S stops.
struct MomentWalk {
    enum Action {
        case step(StepKey)
        case bolus(Int)
        case output(Int)
    }

    let actions: [Action]

    init(schedule: EpochSchedule, outputTimes: [Double]) {
        var actions: [Action] = []
        var t = 0.0
        var nextBolus = 0
        let groups = schedule.bolusGroups
        func applyBoluses(upTo time: Double) {
            while nextBolus < groups.count && groups[nextBolus].time <= time {
                actions.append(.bolus(nextBolus))
                nextBolus += 1
            }
        }
        applyBoluses(upTo: 0)
        for (k, tau) in outputTimes.enumerated() {
            while t < tau {
                let e = schedule.epochIndex(at: t)
                var next = min(tau, schedule.epochs[e].end)
                if nextBolus < groups.count { next = min(next, groups[nextBolus].time) }
                actions.append(.step(StepKey(epoch: e, length: next - t)))
                t = next
                applyBoluses(upTo: t)
            }
            actions.append(.output(k))
        }
        self.actions = actions
    }
}
