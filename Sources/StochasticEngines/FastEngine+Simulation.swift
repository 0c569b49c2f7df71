import Engines
import RandomStreams
import RateModel

extension FastEngine: TrajectoryEngine {
    public static var kind: EngineKind { .fast }

    /// Why `fast` runs when asked for: whether its leaps are exact for `model`.
    public static func explicitReason(for model: NetworkModel) -> String {
        model.hasDivision
            ? "requested explicitly; the model divides, so leaps use exact half-step births (second-order splitting)"
            : "requested explicitly; without division the leap is exact at any step size"
    }

    /// A fast engine sharing `caches.fastSteps`, checking the population
    /// before it starts when `caches.checksPopulation`.
    public init(model: NetworkModel, caches: EngineCaches) throws(EngineError) {
        try self.init(model: model, store: caches.fastSteps, checksPopulation: caches.checksPopulation)
    }

    /// One trajectory; reports whether it diverged.
    public func trajectory(using rng: inout Philox4x64, record: (Int, [Int]) -> Void) -> TrajectoryReport {
        TrajectoryReport(diverged: !simulate(using: &rng, record: record))
    }
}
