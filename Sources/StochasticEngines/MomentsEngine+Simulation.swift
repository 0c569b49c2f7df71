import Engines
import RateModel

extension MomentsEngine: SimulationEngine {
    public static var kind: EngineKind { .moments }

    public init(model: NetworkModel, caches: EngineCaches) {
        self.init(model: model)
    }

    /// `run(layout:presence:threads:)`: the exact mean, sd and p_present, no
    /// replicates; its independent parts on `ensemble.threads` threads (the same bits for any number).
    public func run(layout: SeriesLayout, ensemble: EnsembleSettings) throws(EngineError) -> EngineOutput {
        EngineOutput(result: try run(layout: layout, presence: ensemble.presence, threads: ensemble.threads), replicates: 0)
    }
}
