import LinearAlgebra
import RateModel

/// The exact moment steps of one model, computed once per (epoch, step length).
///
/// A regular output grid reuses a handful of steps; a sweep over models builds
/// one cache per model. Complexity per miss: that of `MomentStep.init`.
struct MomentStepCache {
    let schedule: EpochSchedule
    private var steps: [StepKey: MomentStep] = [:]

    init(schedule: EpochSchedule) { self.schedule = schedule }

    /// The step for `key`, computed on first use.
    mutating func step(_ key: StepKey) throws(EngineError) -> MomentStep {
        if let cached = steps[key] { return cached }
        let epoch = schedule.epochs[key.epoch]
        let step: MomentStep
        do {
            step = try MomentStep(rates: epoch.rates, over: key.length)
        } catch {
            throw .numerical(error, context: "in the moment step of epoch [\(epoch.start), \(epoch.end)) days")
        }
        steps[key] = step
        return step
    }
}
