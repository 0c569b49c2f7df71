import BiologyModel
import Engines
import RandomStreams
import RateModel
import StochasticEngines
import Synchronization

/// A family's population prediction (`population:`) with a method that
/// samples trajectories: each replicate is a woman of the population, who
/// draws her own rate multipliers and then one trajectory of the family with
/// them, so the ensemble's statistics estimate the population quantities that
/// `PopulationMixture` integrates for the moments method.
///
/// Streams: replicate r draws four standard normal deviates (clearance,
/// homing, self-renewal, transfer, one `Sampler.normal` each, drawn even when
/// a coefficient of variation is 0) from `StreamID(seed, point: p, replicate:
/// r, substream: 1)` and maps them by `RateMultipliers(variation:normals:)`;
/// its trajectory uses the ordinary replicate stream `StreamID(seed, point: p,
/// replicate: r)` (p is a sweep point's index, 0 for a run). So the bytes do
/// not depend on the thread count, and without variation the run is the
/// family's ordinary ensemble.
enum PopulationEnsemble {
    /// The substream of a replicate's stream its multipliers come from.
    static let multiplierSubstream: UInt64 = 1

    /// Replicate r's multipliers (see the stream layout above).
    static func multipliers(_ r: Int, variation: RateVariation, seed: UInt64, point: UInt64) -> RateMultipliers {
        var rng = Philox4x64(stream: StreamID(seed: seed, point: point, replicate: UInt64(r), substream: multiplierSubstream))
        let normals = (0..<4).map { _ in Sampler.normal(mean: 0, sd: 1, using: &rng) }
        return RateMultipliers(variation: variation, normals: normals)
    }

    /// `ensemble.replicates` women of the population, each compiled from
    /// `scenario` with her multipliers and given `outputTimes`, simulated by
    /// `engine` and recorded over `layout` (whose compartment indices hold for
    /// every woman: the multipliers change rates, not the network's shape);
    /// their exact histograms merged in any order, as `EnsembleRunner` does.
    ///
    /// Complexity: one compilation and one trajectory per replicate.
    /// - Throws: `.invalidModel` if a woman's family does not compile,
    ///   `.diverged` when a trajectory passed the cell limit.
    static func run(_ spec: PopulationSpec, scenario: BiologyScenario, outputTimes: [Double], engine: any TrajectoryEngine.Type,
                    layout: SeriesLayout, ensemble: EnsembleSettings, point: UInt64 = 0) throws(EngineError) -> EngineOutput {
        let family = { var s = scenario; s.population = nil; return s }()
        let (seed, keep) = (ensemble.seed, ensemble.keepTrajectories)
        let events = Atomic<Int>(0), counted = Atomic<Bool>(false), diverged = Atomic<Bool>(false)
        let (locals, chunks) = ParallelChunks.run(
            count: ensemble.replicates, chunkSize: EnsembleRunner.chunkSize, threads: ensemble.threads, progress: ensemble.progress,
            local: { EnsembleAccumulator(layout: layout, outputCount: outputTimes.count) }
        ) { (local: inout EnsembleAccumulator, range: Range<Int>) -> Result<[[[Int]]], EngineError> in
            var kept: [[[Int]]] = []
            for r in range {
                do throws(EngineError) {
                    let woman = multipliers(r, variation: spec.variation, seed: seed, point: point)
                    var network: NetworkModel
                    do throws(BiologyProblems) {
                        network = try BiologyCompiler.compile(woman.applied(to: family)).network
                    } catch {
                        throw .invalidModel(error.problems.map { "the population's replicate \(r) (multipliers \(woman)): \($0.message)" })
                    }
                    network.outputTimes = outputTimes
                    var rng = Philox4x64(stream: StreamID(seed: seed, point: point, replicate: UInt64(r)))
                    var trajectory: [[Int]] = []
                    let report = try engine.init(model: network, caches: EngineCaches()).trajectory(using: &rng) { index, counts in
                        local.record(output: index, counts: counts)
                        if keep { trajectory.append(counts) }
                    }
                    if let n = report.events {
                        events.add(n, ordering: .relaxed)
                        counted.store(true, ordering: .relaxed)
                    }
                    if report.diverged { diverged.store(true, ordering: .relaxed) }
                    if keep { kept.append(trajectory) }
                } catch {
                    return .failure(error)
                }
            }
            return .success(kept)
        }
        var trajectories: [[[Int]]] = []
        for chunk in chunks { trajectories += try chunk.get() }
        if diverged.load(ordering: .relaxed) {
            throw .diverged(context: "in the \(engine.kind) engine's population replicates (a woman with low clearance "
                            + "or high self-renewal; lower population.variation)")
        }
        var merged = EnsembleAccumulator(layout: layout, outputCount: outputTimes.count)
        for partial in locals { merged.merge(partial) }
        return EngineOutput(result: merged.result(times: outputTimes, method: engine.kind, threads: ensemble.threads), trajectories: keep ? trajectories : nil,
                            events: counted.load(ordering: .relaxed) ? events.load(ordering: .relaxed) : nil,
                            replicates: ensemble.replicates, accumulator: merged)
    }
}
