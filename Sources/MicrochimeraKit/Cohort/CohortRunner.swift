// Cohort/: `run` on a scenario with `cohort:`. `CohortRunner` draws and simulates
// every woman of the cohort, `CheckpointTally` counts her carriage at her own
// checkpoints, `CohortReport` writes the cohort's tables (prevalence by age and by
// years since delivery, one row per woman and sampling time), and `RunPipeline+Cohort`
// hooks the cohort (or one woman alone, `--individual`) into the run pipeline.

import BiologyModel
import Engines
import RandomStreams
import RateModel
import StochasticEngines
import Synchronization

/// Simulates a cohort: every woman draws her own history, is compiled to her
/// own network and simulated once, and her assays are sampled.
///
/// Woman `k` is replicate `k` of the run, and uses substreams of it
/// (`StreamID(seed, point, k, substream)`): 0 for her history and random
/// effects, 1 for her assay samples, and `2 + r` for trajectory `r` of her
/// family (the cohort uses `r = 0`; `run --individual k` runs `r = 0, 1, …`).
/// So she is a pure function of (seed, k): the same for any thread count,
/// cohort size or chunking, and re-runnable alone.
///
/// Two passes over the women, each in parallel chunks: the first collects
/// the series any of them has (their union, in `reportingOrder`); the second
/// compiles every woman and simulates her, so no more than one network per
/// thread is alive at a time. The first pass compiles one woman per family
/// structure (`StructureKey`: her pregnancies but not when they fall, and
/// her rate multipliers), since which series a woman has follows from that
/// structure in all but edge cases (a window clipped to nothing at the
/// horizon). The second pass checks every woman against the union; should
/// one have a series it lacks, the union is rebuilt from every woman and the
/// cohort simulated again, so the result never depends on the shortcut.
struct CohortRunner: Sendable {
    static let historySubstream: UInt64 = 0
    static let assaySubstream: UInt64 = 1
    static func trajectorySubstream(_ replicate: Int) -> UInt64 { 2 + UInt64(replicate) }
    static let chunkSize = 32

    let template: CompiledScenario
    let spec: CohortSpec
    let seed: UInt64
    let point: UInt64
    let threads: Int
    /// What every woman's engine shares: the fast engine's matrices (women
    /// with the same kinetics share all but those of the interval lengths
    /// only they have). No per-woman walk of the exact mean: a diverging
    /// woman stops at the fast engine's cell limit, named (`EngineCaches`).
    let caches = EngineCaches(checksPopulation: false)

    /// `template`'s outputs gain the calendar checkpoints (1, 5, … years after
    /// time 0) of summary.csv; every woman's outputs include the template's.
    init(template: CompiledScenario, spec: CohortSpec, seed: UInt64, point: UInt64 = 0, threads: Int) {
        var template = template
        let calendar = SummaryCheckpoints.times(references: [0], horizon: template.network.horizon)
        template = SummaryCheckpoints.prepare(template, extra: calendar)
        self.template = template
        self.spec = spec
        self.seed = seed
        self.point = point
        self.threads = threads
    }

    /// Woman `k`: her history and random effects.
    func individual(_ k: Int) -> CohortIndividual {
        var rng = Philox4x64(stream: StreamID(seed: seed, point: point, replicate: UInt64(k), substream: Self.historySubstream))
        return spec.individual(k, template: template.scenario, using: &rng)
    }

    /// The stream of trajectory `replicate` of woman `k`'s family.
    func trajectoryStream(_ k: Int, replicate: Int) -> StreamID {
        StreamID(seed: seed, point: point, replicate: UInt64(k), substream: Self.trajectorySubstream(replicate))
    }

    /// Woman `k` compiled, her outputs the template's plus her own
    /// checkpoints; a problem means the template cannot hold the history the
    /// cohort drew for her.
    func compile(_ woman: CohortIndividual) throws(RunError) -> CompiledScenario {
        do {
            return SummaryCheckpoints.prepare(try BiologyCompiler.compile(woman.scenario), extra: template.network.outputTimes)
        } catch {
            let problems = error.problems.map { "\($0.site): \($0.message)" }.joined(separator: "; ")
            throw .cohort("cohort woman \(woman.index) (\(woman.pregnancies.count) pregnancies) cannot be compiled: \(problems)")
        }
    }

    /// Everything a cohort run produced.
    struct Outcome: Sendable {
        /// The union of the women's series, then one series per assay.
        let layout: SeriesLayout
        /// How many of `layout`'s series are reported (the rest are assay series).
        let reportedCount: Int
        /// Statistics over the women of every series at every output.
        let accumulator: EnsembleAccumulator
        /// Carriage at each woman's own checkpoints, per reported series.
        let checkpoints: CheckpointTally
        /// One record per woman, by index.
        let women: [WomanRecord]
    }

    /// What the reports need of one woman.
    struct WomanRecord: Sendable {
        let individual: CohortIndividual
        /// `samples[a][j]`: assay `a` at its `j`-th sampling time.
        let samples: [[AssaySample]]
    }

    /// One assay sample of one woman.
    struct AssaySample: Sendable {
        /// Visible cells in the assay's compartment.
        let count: Int
        /// P(detect | count).
        let pDetect: Double
        /// Her drawn result.
        let detected: Bool
    }

    /// Sampling times of each assay as (day, output index), in time order.
    var assayTimes: [[(time: Double, output: Int)]] {
        let times = template.network.outputTimes
        return template.assays.map { a in
            a.assay.times.sorted().compactMap { t in times.firstIndex(of: t).map { (t, $0) } }
        }
    }

    /// Runs every woman with `engine`, one trajectory each. `stop` (see
    /// `ParallelChunks`) ends the run early with the women that ran, a
    /// partial outcome its caller discards.
    func run(engine: any TrajectoryEngine.Type, progress: (@Sendable (Int) -> Void)? = nil,
             stop: (@Sendable () -> Bool)? = nil) throws(RunError) -> Outcome {
        if let outcome = try run(engine: engine, layout: unionLayout(byStructure: true), progress: progress, stop: stop) {
            return outcome
        }
        guard let outcome = try run(engine: engine, layout: unionLayout(byStructure: false), progress: progress, stop: stop) else {
            preconditionFailure("the union of every woman's series lacks one of hers")
        }
        return outcome
    }

    /// Runs every woman over `layout`; nil when a woman has a series that
    /// `layout` lacks.
    func run(engine: any TrajectoryEngine.Type, layout: SeriesLayout, progress: (@Sendable (Int) -> Void)?,
             stop: (@Sendable () -> Bool)? = nil) throws(RunError) -> Outcome? {
        let reported = layout.count - template.assays.count
        let outputs = template.network.outputTimes.count
        let times = assayTimes
        // Set by the first woman outside `layout`: every later woman is skipped, the run is redone.
        let incomplete = Atomic<Bool>(false)
        let (locals, chunks) = ParallelChunks.run(
            count: spec.size, chunkSize: Self.chunkSize, threads: threads, progress: progress, stop: stop,
            local: { (EnsembleAccumulator(layout: layout, outputCount: outputs), CheckpointTally(seriesCount: reported)) }
        ) { (totals: inout (EnsembleAccumulator, CheckpointTally), range: Range<Int>) -> Result<[WomanRecord]?, RunError> in
            var records: [WomanRecord] = []
            var series: [Int] = []
            for k in range {
                if incomplete.load(ordering: .relaxed) { return .success(nil) }
                do throws(RunError) {
                    guard let record = try simulate(k, engine: engine, layout: layout, reportedCount: reported, times: times,
                                                    appendingTo: &series, checkpoints: &totals.1) else {
                        incomplete.store(true, ordering: .relaxed)
                        return .success(nil)
                    }
                    records.append(record)
                } catch {
                    return .failure(error)
                }
            }
            totals.0.recordReplicates(series, count: range.count)
            return .success(records)
        }
        var women: [WomanRecord] = []
        women.reserveCapacity(spec.size)
        var complete = true
        for chunk in chunks {
            switch chunk {
            case .success(let records?): women += records
            case .success(nil): complete = false
            case .failure(let error): throw error
            }
        }
        guard complete else { return nil }
        var merged = EnsembleAccumulator(layout: layout, outputCount: outputs)
        var tally = CheckpointTally(seriesCount: reported)
        for local in locals {
            merged.merge(local.0)
            tally.merge(local.1)
        }
        return Outcome(layout: layout, reportedCount: reported, accumulator: merged, checkpoints: tally, women: women)
    }
}
