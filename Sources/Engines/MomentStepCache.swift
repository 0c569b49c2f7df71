import LinearAlgebra
import RateModel

/// The exact steps of one model, computed once per (epoch, step length).
///
/// Two kinds, cached apart: the full moment step (mean and covariance,
/// `MomentStep`, O(n⁴)) for the covariance walk, and the mean step alone
/// (`Φ`, `g` from `MeanGenerator.step`, O(n³)) for the passes that need
/// only the propagator, such as the forward extinction pass of networks
/// without division. A regular output grid reuses a handful of steps; a
/// sweep over models builds one cache per model. Complexity per miss: that
/// of `MomentStep.init` or `MeanGenerator.step`.
struct MomentStepCache {
    let schedule: EpochSchedule
    private var steps: [StepKey: MomentStep] = [:]
    private var means: [StepKey: (phi: Matrix, g: [Double])] = [:]

    init(schedule: EpochSchedule) { self.schedule = schedule }

    /// The full moment step for `key`, computed on first use.
    mutating func step(_ key: StepKey) throws(EngineError) -> MomentStep {
        if let cached = steps[key] { return cached }
        let epoch = schedule.epochs[key.epoch]
        let step: MomentStep
        try MomentStep.checkSize(epoch.rates.count)
        do {
            step = try MomentStep(rates: epoch.rates, over: key.length)
        } catch {
            throw .numerical(error, context: "in the moment step of epoch [\(epoch.start), \(epoch.end)) days")
        }
        steps[key] = step
        return step
    }

    /// The mean step `m ↦ Φ·m + g` for `key`, computed on first use
    /// (one exponential of size n + 1; the covariance is never formed).
    mutating func meanStep(_ key: StepKey) throws(EngineError) -> (phi: Matrix, g: [Double]) {
        if let cached = means[key] { return cached }
        let epoch = schedule.epochs[key.epoch]
        let step: (phi: Matrix, g: [Double])
        do {
            step = try MeanGenerator.step(epoch.rates, over: key.length)
        } catch {
            throw .numerical(error, context: "in the mean step of epoch [\(epoch.start), \(epoch.end)) days")
        }
        means[key] = step
        return step
    }
}
