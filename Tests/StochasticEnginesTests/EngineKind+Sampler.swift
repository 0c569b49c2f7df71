import Engines
import RateModel
import StochasticEngines
import Testing

extension EngineKind {
    /// The standard registry's engine of this kind prepared for `model`, as a
    /// trajectory sampler (the path the run pipeline and cohorts take).
    func sampler(for model: NetworkModel) throws -> any TrajectoryEngine {
        let engine = try #require(EngineRegistry.standard.engine(self) as? any TrajectoryEngine.Type, "\(self) samples trajectories")
        return try engine.init(model: model, caches: EngineCaches())
    }
}
