import BiologyModel
import Engines
import RandomStreams
import RateModel
import ScenarioFormat
import StochasticEngines

/// Predicts the assays of one study's scenario for given parameter values:
/// what a likelihood evaluation of `microchimera fit` asks, thousands of times.
///
/// Built once per study from the parsed scenario (`ScenarioTemplate`) and the
/// overrides that never change; `predict` then applies a point's overrides,
/// compiles, and predicts every request:
/// - **moments** (the default, or `auto` when it picks moments): the model's
///   output times are replaced by the requested times alone, only the mean
///   trajectory and the generating functions of the requested assays are
///   computed (no covariance), and `P(positive) = 1 − G_S(1 − f)` exactly for
///   a limit of detection of 1 (`StudyPredictor+Moments.swift`);
/// - **a stochastic method** (`fast`, `exact`): `replicates` trajectories,
///   replicate r always on `StreamID(seed:, point: 0, replicate: r)` whatever
///   the parameters (common random numbers, so that the objective is smooth in
///   them up to the jumps of a discrete sample), each simulated to the end of
///   the transfers only and continued exactly (conditional Monte Carlo,
///   `StudyPredictor+Conditional.swift`); an assay with a limit above 1 that
///   sees a niche's clone takes the Rao-Blackwell mean of `P(detect | N)` over
///   whole trajectories (`StudyPredictor+Stochastic.swift`);
/// - **a population** (`population:`, moments only): the mixture over the
///   women's rate multipliers (`PopulationMixture`) of the moments
///   predictions above (`StudyPredictor+Moments.swift`);
/// - **a cohort** (`cohort:`): the mean over its women of each woman's
///   prediction, woman k drawn from her fixed stream exactly as `run` draws her
///   (`CohortRunner.individual`), so the same women at every evaluation
///   (`StudyPredictor+Cohort.swift`).
///
/// Same seed, same predictions, for any `threads`.
public struct StudyPredictor: Sendable {
    public let template: ScenarioTemplate
    /// Overrides applied first at every evaluation (the study's own `--set`s).
    public let fixed: [SetOverride]
    public let method: MethodRequest
    public let seed: UInt64
    /// Trajectories per prediction with a stochastic method (per woman in a cohort).
    public let replicates: Int
    /// Workers for a stochastic ensemble or a cohort's women.
    public let threads: Int
    /// The engines `method` names (`EngineRegistry.standard` unless given).
    public let engines: EngineRegistry
    /// The scenario with the fixed overrides only: its assays (the indices of
    /// `PredictionRequest.assay`), horizon and cohort.
    public let base: LoadedScenario

    /// Loads the scenario with `fixed` and checks that it can be predicted: a
    /// biology-level scenario with at least one assay, a known method, and
    /// replicates for a stochastic one.
    public init(template: ScenarioTemplate, fixed: [SetOverride], method: MethodRequest, seed: UInt64, replicates: Int,
                threads: Int = 1, engines: EngineRegistry = .standard) throws(RunError) {
        self.template = template
        self.fixed = fixed
        self.method = method
        self.seed = seed
        self.replicates = replicates
        self.threads = max(threads, 1)
        self.engines = engines
        do {
            base = try template.load(overrides: fixed)
        } catch {
            throw .scenario(error)
        }
        guard let compiled = base.compiled, !compiled.assays.isEmpty else {
            let what = base.compiled == nil ? "is a network-level scenario and has no assays" : "has no assays"
            throw .usage("\(template.file) \(what): a fit compares assays with data, so the study's scenario needs "
                         + "an 'assays:' block (a biology-level scenario; docs/scenario-format.md#assays)")
        }
        if case .engine(let kind) = method, engines.engine(kind) == nil {
            throw .usage("unknown method '\(method)': use one of \(engines.methodNames.joined(separator: ", "))")
        }
        if method != .moments && method != .auto && replicates < 1 {
            throw .usage("method \(method) needs at least 1 replicate per prediction, got \(replicates)")
        }
    }

    /// The assays of the study's scenario, in the order `PredictionRequest.assay` indexes.
    public var assays: [CompiledAssay] { base.compiled?.assays ?? [] }

    /// Applies `fixed` then `overrides`, compiles, and predicts every request
    /// (in request order). Throws `.scenario` when the overrides make the
    /// scenario invalid, `.usage` for a request outside the scenario, and
    /// `.engine` when the engine fails.
    ///
    /// Complexity: one override application and compilation, then for moments
    /// one mean pass and one generating-function pass over the distinct request
    /// times (see `momentsPredictions`); for a stochastic method `replicates`
    /// trajectories; a cohort multiplies either by its size.
    public func predict(_ requests: [PredictionRequest], overrides: [SetOverride]) throws(RunError) -> [AssayPrediction] {
        try predict(requests, overrides: overrides, memo: PredictionMemo())
    }

    /// `predict(_:overrides:)` with `memo` carrying the collocation weights of
    /// the moments method, and its predictions of every family, from one study
    /// to the next within one evaluation of a fit (the studies share most of
    /// their rates, and some compile to the same family); it changes no bit of
    /// the predictions. Not thread-safe: one memo per thread.
    func predict(_ requests: [PredictionRequest], overrides: [SetOverride], memo: PredictionMemo) throws(RunError) -> [AssayPrediction] {
        let loaded: LoadedScenario
        do {
            loaded = try template.load(overrides: fixed + overrides)
        } catch {
            throw .scenario(error)
        }
        guard let compiled = loaded.compiled else {
            throw .usage("\(template.file) with these overrides is no longer a biology-level scenario with assays")
        }
        try check(requests, compiled: compiled)
        if let spec = loaded.cohort {
            return try cohortPredictions(requests, template: compiled, spec: spec)
        }
        if let population = compiled.scenario.population {
            return try populationPredictions(requests, compiled: compiled, spec: population)
        }
        return try familyPredictions(requests, model: compiled.network, assays: compiled.assays, memo: memo) { r in
            StreamID(seed: seed, point: 0, replicate: UInt64(r))
        }
    }

    /// Every request names an assay of `compiled` and a time inside its horizon.
    func check(_ requests: [PredictionRequest], compiled: CompiledScenario) throws(RunError) {
        let horizon = compiled.network.horizon
        for request in requests {
            guard compiled.assays.indices.contains(request.assay) else {
                throw .usage("prediction request for assay #\(request.assay), but \(template.file) has \(compiled.assays.count) assays "
                             + "(indices 0..<\(compiled.assays.count))")
            }
            guard request.time >= 0 && request.time <= horizon else {
                throw .usage("prediction request for assay '\(compiled.assays[request.assay].assay.name)' at day \(request.time), "
                             + "outside \(template.file)'s horizon [0, \(horizon)] days")
            }
        }
    }

    /// Predicts `requests` on one family's network (`assays` compiled with
    /// it), with the method `method` resolves to for this network; `streams`
    /// names replicate r's stream for a stochastic method; the moments method
    /// goes through `memo` (`PredictionMemo`).
    func familyPredictions(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay],
                           memo: PredictionMemo = PredictionMemo(),
                           streams: @escaping @Sendable (Int) -> StreamID) throws(RunError) -> [AssayPrediction] {
        if requests.isEmpty { return [] }
        if model.compartments.isEmpty {
            // No cell ever enters (a cohort's woman without a pregnancy): nothing to detect.
            return requests.map { _ in AssayPrediction(pPositive: 0, meanLevel: 0) }
        }
        let choice: EngineChoice
        do {
            choice = try engines.choose(method, for: model)
        } catch {
            throw .engine(error)
        }
        if choice.kind == .moments {
            return try memo.moments(requests, model: model, assays: assays) { () throws(RunError) in
                try Self.momentsPredictions(requests, model: model, assays: assays, store: memo.store)
            }
        }
        guard choice.trajectoryEngine != nil else {
            throw .usage("method \(choice.kind) neither computes moments nor samples trajectories, so it cannot predict assays; "
                         + "use moments or \(engines.samplingNames)")
        }
        guard Self.conditionable(requests, assays: assays) else {
            return try stochasticPredictions(requests, model: model, assays: assays, choice: choice, streams: streams)
        }
        return try conditionalSamples(requests, model: model, assays: assays, choice: choice, streams: streams).predictions
    }
}
