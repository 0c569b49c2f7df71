import Engines
import RateModel

/// An engine that turns a network into the statistics of its series: the one
/// interface the run pipeline, cohorts, sweeps and the CLI go through.
///
/// `ExactEngine`, `FastEngine` and `MomentsEngine` conform; `EngineRegistry`
/// lists them, and resolves `--method` (a `MethodRequest`, possibly `auto`)
/// to one of them with its reason (`EngineChoice`). Engines that sample one
/// trajectory at a time conform to `TrajectoryEngine`, which runs the
/// ensemble for them. To add an engine, see docs/engines.md, "Adding an engine".
public protocol SimulationEngine: Sendable {
    /// The engine's name (`--method`, run.json, sweep.csv).
    static var kind: EngineKind { get }

    /// Why this engine runs when asked for by name (run.json's `method.reason`).
    static func explicitReason(for model: NetworkModel) -> String

    /// Prepares the engine for `model`; `caches` holds what engines of one
    /// run may share (the women of a cohort).
    ///
    /// - Throws: `EngineError.invalidModel` when the model breaks the engines' invariants.
    init(model: NetworkModel, caches: EngineCaches) throws(EngineError)

    /// The model the engine was prepared for.
    var model: NetworkModel { get }

    /// Every series of `layout` at the model's output times, with what the
    /// run pipeline reports beside them.
    func run(layout: SeriesLayout, ensemble: EnsembleSettings) throws(EngineError) -> EngineOutput
}

extension SimulationEngine {
    /// `requested explicitly`.
    public static func explicitReason(for model: NetworkModel) -> String {
        "requested explicitly"
    }
}
