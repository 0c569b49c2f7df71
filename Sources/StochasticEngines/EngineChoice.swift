import Engines
import RateModel

/// The engine that runs for a `MethodRequest`, and why (run.json's `method`).
public struct EngineChoice: Sendable {
    /// What was asked for (`auto` or an engine).
    public let requested: MethodRequest
    /// The engine that runs.
    public let engine: any SimulationEngine.Type
    /// Why it runs (run.json's `method.reason`).
    public let reason: String

    public init(requested: MethodRequest, engine: any SimulationEngine.Type, reason: String) {
        self.requested = requested
        self.engine = engine
        self.reason = reason
    }

    /// The name of the engine that runs.
    public var kind: EngineKind { engine.kind }

    /// The engine, when it samples trajectories (needed for `--trajectories` and cohorts).
    public var trajectoryEngine: (any TrajectoryEngine.Type)? { engine as? any TrajectoryEngine.Type }

    /// Prepares the engine for `model` and runs it over `layout`.
    public func run(model: NetworkModel, layout: SeriesLayout, ensemble: EnsembleSettings,
                    caches: EngineCaches = EngineCaches()) throws(EngineError) -> EngineOutput {
        try engine.init(model: model, caches: caches).run(layout: layout, ensemble: ensemble)
    }
}
