import Engines
import RandomStreams
import RateModel
import Synchronization

/// An engine that samples one trajectory at a time (exact, fast): it runs
/// ensembles through `EnsembleRunner`, and one trajectory per cohort woman.
public protocol TrajectoryEngine: SimulationEngine {
    /// Simulates one trajectory from `rng`, calling `record(outputIndex,
    /// counts)` at every output time in order.
    func trajectory(using rng: inout Philox4x64, record: (Int, [Int]) -> Void) -> TrajectoryReport
}

extension TrajectoryEngine {
    /// `ensemble.replicates` trajectories in parallel (`EnsembleRunner`),
    /// their exact histograms merged: byte-identical for any thread count.
    ///
    /// - Throws: `EngineError.diverged` when a replicate passed the cell limit.
    public func run(layout: SeriesLayout, ensemble: EnsembleSettings) throws(EngineError) -> EngineOutput {
        let runner = EnsembleRunner(replicates: ensemble.replicates, threads: ensemble.threads, seed: ensemble.seed,
                                    streams: ensemble.streams)
        let events = Atomic<Int>(0)
        let counted = Atomic<Bool>(false)
        let diverged = Atomic<Bool>(false)
        let (acc, trajectories) = runner.run(layout: layout, outputCount: model.outputTimes.count,
                                             keepTrajectories: ensemble.keepTrajectories, progress: ensemble.progress,
                                             stop: ensemble.stop) { rng, record in
            let report = trajectory(using: &rng, record: record)
            if let n = report.events {
                events.add(n, ordering: .relaxed)
                counted.store(true, ordering: .relaxed)
            }
            if report.diverged { diverged.store(true, ordering: .relaxed) }
        }
        if diverged.load(ordering: .relaxed) { throw .diverged(context: "in the \(Self.kind) engine's replicates", divides: model.hasDivision) }
        return EngineOutput(result: acc.result(times: model.outputTimes, method: Self.kind, threads: ensemble.threads), trajectories: trajectories,
                            events: counted.load(ordering: .relaxed) ? events.load(ordering: .relaxed) : nil,
                            replicates: ensemble.replicates, accumulator: acc)
    }
}
