import Engines
import RandomStreams
import RateModel
import StochasticEngines
import Synchronization

/// Runs the chosen engine on a model and returns its summary.
enum EngineDispatch {
    struct Output {
        let result: RunResult
        let trajectories: [[[Int]]]?
        let events: Int?
        let replicates: Int
        /// The exact histograms behind `result` (stochastic methods only).
        let accumulator: EnsembleAccumulator?
    }

    /// Runs `method` on `model`, reporting the series of `layout`.
    /// `streams` names replicate `r`'s stream when it is not the default
    /// (one woman of a cohort run alone).
    static func run(_ method: EngineMethod, model: NetworkModel, layout: SeriesLayout, request: RunRequest,
                    streams: (@Sendable (Int) -> StreamID)? = nil) throws(EngineError) -> Output {
        let runner = EnsembleRunner(replicates: request.replicates, threads: request.threads, seed: request.seed, streams: streams)
        let keep = request.trajectoriesPath != nil
        let total = request.replicates
        var progress: (@Sendable (Int) -> Void)?
        if let report = request.progress {
            progress = { @Sendable done in report(done, total) }
        }
        switch method {
        case .moments, .auto:
            return Output(result: try MomentsEngine(model: model).run(layout: layout, presence: request.presence), trajectories: nil, events: nil, replicates: 0,
                          accumulator: nil)
        case .exact:
            let engine = try ExactEngine(model: model)
            let events = Atomic<Int>(0)
            let (acc, trajectories) = runner.run(layout: layout, outputCount: model.outputTimes.count,
                                                 keepTrajectories: keep, progress: progress) { rng, record in
                let n = engine.simulate(using: &rng, record: record)
                events.add(n, ordering: .relaxed)
            }
            return Output(result: acc.result(times: model.outputTimes, method: .exact), trajectories: trajectories,
                          events: events.load(ordering: .relaxed), replicates: total, accumulator: acc)
        case .fast:
            let engine = try FastEngine(model: model)
            let diverged = Atomic<Bool>(false)
            let (acc, trajectories) = runner.run(layout: layout, outputCount: model.outputTimes.count,
                                                 keepTrajectories: keep, progress: progress) { rng, record in
                if !engine.simulate(using: &rng, record: record) { diverged.store(true, ordering: .relaxed) }
            }
            if diverged.load(ordering: .relaxed) { throw .diverged(context: "in the fast engine's replicates") }
            return Output(result: acc.result(times: model.outputTimes, method: .fast), trajectories: trajectories,
                          events: nil, replicates: total, accumulator: acc)
        }
    }
}
