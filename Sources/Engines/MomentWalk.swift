import RateModel

/// What the moments engine does, in order, to go from time 0 through every
/// output time: exact steps inside one epoch, boluses at their instants, and
/// outputs.
///
/// It is `StopSchedule` (the stops every engine shares: output times, epoch
/// edges, bolus times) written out as a list, so the mean, covariance and
/// empty-probability passes replay the same actions. Boluses at an instant
/// come before an output at that instant (right-continuous paths).
/// Complexity: O(S) for S stops.
struct MomentWalk {
    enum Action {
        case step(StepKey)
        case bolus(Int)
        case output(Int)
    }

    let actions: [Action]

    init(stops schedule: StopSchedule) {
        var actions: [Action] = []
        let stops = schedule.stops
        if let last = schedule.lastOutputStop {
            for k in 0...last {
                if let g = stops[k].bolusGroup { actions.append(.bolus(g)) }
                if let o = stops[k].output { actions.append(.output(o)) }
                if k < last {
                    actions.append(.step(StepKey(epoch: stops[k].epoch, length: stops[k + 1].time - stops[k].time)))
                }
            }
        }
        self.actions = actions
    }
}
