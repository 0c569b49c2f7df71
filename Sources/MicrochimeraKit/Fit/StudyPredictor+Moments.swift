import BiologyModel
import Engines
import Foundation
import RateModel
import StochasticEngines

extension StudyPredictor {
    /// How the moments engine gives an assay's P(positive).
    enum Detection {
        /// Limit of detection 1: `P(K ≥ 1) = 1 − G_S(1 − f)`, from the generating function.
        case generatingFunction
        /// Limit L > 1: `P(K ≥ L) = 1 − Σ_{k<L} P(K = k)`, from the law of the
        /// thinned count (`MomentsEngine.thinnedCountProbabilities`).
        case thinnedCounts(limit: Int)

        init(_ assay: CompiledAssay) {
            let limit = assay.assay.limitOfDetection
            self = limit <= 1 ? .generatingFunction : .thinnedCounts(limit: limit)
        }
    }

    /// Exact predictions of the moments engine on `model` at the requested
    /// times only.
    ///
    /// The model's outputs become the distinct request times; then
    /// - `E[N_S(t)] = Σ_{i∈S} m_i(t)` from the mean trajectory alone (no
    ///   covariance), the level `f·E[N_S]/cells analysed·10⁵`
    ///   (`AssayEvaluation.level`);
    /// - `P(positive) = 1 − G_S(1 − f; t) = −expm1(ln G_S(1 − f; t))` from
    ///   `MomentsEngine.logGeneratingFunction`, each requested assay one target:
    ///   each of the sampled cells is seen independently with probability f,
    ///   so `P(K = 0) = E[(1 − f)^{N_S}]`. Exact without division; with
    ///   division accurate to the engine's `extinctionTolerance`.
    /// An assay that sees a niche's clone mixes generating functions with the
    /// niches forced empty (`CloneDetection`). An assay whose marker sees no
    /// compartment (and no clone) is never positive.
    ///
    /// Complexity: the mean pass (when some request wants a level) and the generating-function pass over
    /// the stops of T distinct times (see `MomentsEngine`), O(|S|) per request.
    static func momentsPredictions(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay],
                                   store: CollocationStore = CollocationStore()) throws(RunError) -> [AssayPrediction] {
        do { try CloneDetection.checkMoments(assays) } catch { throw .engine(error) }
        var model = model
        model.outputTimes = Array(Set(requests.map(\.time))).sorted()
        let output = Dictionary(uniqueKeysWithValues: model.outputTimes.enumerated().map { ($1, $0) })
        var column: [Int: Int] = [:] // assay -> its factors in `detection`
        var chosen: [CompiledAssay] = []
        var thinnedColumn: [Int: Int] = [:] // assay -> thinned-count target
        var thinned: [ThinnedCountTarget] = []
        // An assay that sees a clone gets its targets for a level too: the level needs `P(N_j > 0)` (its limit is 1).
        for a in Set(requests.filter { $0.detection || ($0.level && assays[$0.assay].seesClone) }.map(\.assay)).sorted() {
            switch Detection(assays[a]) {
            case .generatingFunction:
                column[a] = chosen.count
                chosen.append(assays[a])
            case .thinnedCounts(let limit):
                thinnedColumn[a] = thinned.count
                thinned.append(ThinnedCountTarget(compartments: assays[a].compartments, fraction: assays[a].sampledFraction, maxCount: limit))
            }
        }
        let detection = CloneDetection(chosen)
        let targets = detection.targets
        let engine = MomentsEngine(model: model)
        let means: [[Double]]
        var logG: [[Double]] = []
        var laws: [[[Double]]] = []
        do {
            means = requests.contains(where: \.level) ? try engine.partwiseMeanTrajectory() : []
            if !targets.isEmpty { logG = try engine.logGeneratingFunction(targets: targets, store: store) }
            if !thinned.isEmpty { laws = try engine.thinnedCountProbabilities(targets: thinned, store: store) }
        } catch {
            throw .engine(error)
        }
        return requests.map { request in
            let assay = assays[request.assay]
            let k = output[request.time]!
            let mean = request.level ? assay.compartments.reduce(0) { $0 + means[k][$1] } : Double.nan
            var p = Double.nan
            if request.detection, let c = column[request.assay] {
                p = -expm1(detection.logMiss(c, logG: logG[k]))
            } else if request.detection, let c = thinnedColumn[request.assay] {
                p = max(0, 1 - laws[k][c].reduce(0, +))
            }
            let clone = column[request.assay].map { detection.meanCloneSeen($0, logG: logG[k]) } ?? 0
            return AssayPrediction(pPositive: p, meanLevel: assay.level(meanCount: mean, meanCloneSeen: clone))
        }
    }

    /// The population prediction of a family with `population:`: the moments
    /// predictions of every member of `PopulationMixture(spec)` (the family
    /// with that member's multipliers, on `threads` workers), combined by the
    /// quadrature weights (`PopulationMixture.combine`). Only the moments
    /// method averages over the multipliers; any other is refused.
    ///
    /// Complexity: `spec.runs` times `momentsPredictions`.
    func populationPredictions(_ requests: [PredictionRequest], compiled: CompiledScenario,
                               spec: PopulationSpec) throws(RunError) -> [AssayPrediction] {
        let choice: EngineChoice
        do {
            choice = try engines.choose(method, for: compiled.network)
        } catch {
            throw .engine(error)
        }
        guard choice.kind == .moments else {
            throw .usage("\(template.file) has 'population:', which only the moments method averages over the women's rate multipliers; "
                         + "fit it with 'method: moments' (method \(choice.kind) was chosen), or remove 'population:'")
        }
        let mixture = PopulationMixture(spec)
        return mixture.combine(try mixture.map(compiled.scenario, threads: threads) { member throws(RunError) in
            try Self.momentsPredictions(requests, model: member.network, assays: member.assays)
        })
    }
}
