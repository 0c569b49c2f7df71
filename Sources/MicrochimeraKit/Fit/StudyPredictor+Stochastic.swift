import BiologyModel
import Engines
import RandomStreams
import RateModel
import StochasticEngines

extension StudyPredictor {
    /// Predictions from `replicates` trajectories of `choice`'s engine on
    /// `model` at the requested times only, replicate r on `streams(r)`.
    ///
    /// Common random numbers: replicate r's stream does not depend on the
    /// parameters, so two evaluations differ only through the model. For each
    /// request, over the replicates' counts N of the assay's compartments,
    /// `P(positive)` is the Rao-Blackwell mean of `P(K ≥ L | N)` with
    /// `K ~ Binomial(N, f)`, and the level is `f·mean(N)/cells·10⁵`
    /// (`AssayEvaluation.estimate`, as assay.csv computes them); an assay that
    /// sees a niche's clone keeps the trajectories (`CloneDetection.detection`).
    ///
    /// Complexity: `replicates` trajectories over the distinct request times,
    /// on `threads` workers (the same result for any number).
    func stochasticPredictions(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay],
                               choice: EngineChoice, streams: @escaping @Sendable (Int) -> StreamID) throws(RunError) -> [AssayPrediction] {
        guard replicates >= 1 else {
            throw .usage("method \(choice.kind) needs at least 1 replicate per prediction, got \(replicates)")
        }
        var model = model
        model.outputTimes = Array(Set(requests.map(\.time))).sorted()
        let output = Dictionary(uniqueKeysWithValues: model.outputTimes.enumerated().map { ($1, $0) })
        let used = Set(requests.map(\.assay)).sorted()
        let series = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
        let layout = SeriesLayout(entries: used.map { AssayEvaluation.series(assays[$0]) })
        let clones = used.contains { assays[$0].seesClone }
        let ensemble = EnsembleSettings(replicates: replicates, threads: threads, seed: seed, streams: streams,
                                        keepTrajectories: clones, presence: false)
        let accumulator: EnsembleAccumulator
        var trajectories: [[[Int]]] = []
        do {
            let sampled = try choice.run(model: model, layout: layout, ensemble: ensemble)
            guard let histograms = sampled.accumulator else {
                preconditionFailure("a trajectory engine's output has its ensemble's histograms")
            }
            accumulator = histograms
            trajectories = sampled.trajectories ?? []
        } catch {
            throw .engine(error)
        }
        return requests.map { request in
            let assay = assays[request.assay]
            let estimate = AssayEvaluation.estimate(assay, histogram: accumulator.histogram(output: output[request.time]!,
                                                                                            series: series[request.assay]!))
            let clone = !assay.seesClone ? (estimate.pDetect, 0)
                : CloneDetection.estimate(assay, trajectories: trajectories, output: output[request.time]!)
            return AssayPrediction(pPositive: clone.0, meanLevel: assay.level(meanCount: estimate.meanCount, meanCloneSeen: clone.1))
        }
    }
}
