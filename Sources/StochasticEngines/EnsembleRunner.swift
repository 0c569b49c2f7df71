import Engines
import RateModel
import RandomStreams

/// Runs replicates in parallel and merges their statistics exactly.
///
/// Replicate `r` always draws from its own stream, `StreamID(seed, point,
/// firstReplicate + r)` unless `streams` names another, whatever thread runs
/// it. Replicates are handed out in fixed chunks to `threads` workers
/// (`ParallelChunks`); each worker fills its own `EnsembleAccumulator`, and the
/// accumulators (exact integer histograms) are merged at the end. Because the
/// merge is exact and order-independent, the result is byte-identical for any
/// thread count and any chunking.
public struct EnsembleRunner: Sendable {
    /// Replicates per unit of work handed to a thread.
    public static let chunkSize = 16

    public let replicates: Int
    /// Index of the first replicate (streams are numbered from it), so that a
    /// run split into batches reproduces the unsplit run exactly.
    public let firstReplicate: Int
    public let threads: Int
    public let seed: UInt64
    /// Sweep point (0 for a single run): part of every stream's identity.
    public let point: UInt64
    /// The stream of replicate `r` (0-based within this run), when it is not
    /// the default; e.g. one cohort member's replicates, which are substreams
    /// of her own replicate index.
    public let streams: (@Sendable (Int) -> StreamID)?

    public init(replicates: Int, firstReplicate: Int = 0, threads: Int, seed: UInt64, point: UInt64 = 0,
                streams: (@Sendable (Int) -> StreamID)? = nil) {
        precondition(replicates >= 1 && threads >= 1 && firstReplicate >= 0, "replicates and threads must be positive")
        self.replicates = replicates
        self.firstReplicate = firstReplicate
        self.threads = threads
        self.seed = seed
        self.point = point
        self.streams = streams
    }

    /// One replicate: given its generator, report `(outputIndex, counts)` at each output.
    public typealias Replicate = @Sendable (inout Philox4x64, (Int, [Int]) -> Void) -> Void

    /// Runs every replicate and returns the merged accumulator and, if asked,
    /// every replicate's counts (`trajectories[r][outputIndex]`, in replicate order).
    ///
    /// `progress(done)` is called from worker threads after each chunk with the
    /// number of replicates finished so far. `stop` (see `ParallelChunks`)
    /// ends the run early with the replicates of the chunks that ran.
    public func run(
        layout: SeriesLayout,
        outputCount: Int,
        keepTrajectories: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil,
        stop: (@Sendable () -> Bool)? = nil,
        replicate: Replicate
    ) -> (accumulator: EnsembleAccumulator, trajectories: [[[Int]]]?) {
        let (seed, point, first, streams) = (self.seed, self.point, firstReplicate, self.streams)
        // A worker writes a chunk's replicates to its buffer, replicate-major, and
        // then adds them to its histograms histogram by histogram
        // (`recordReplicates`): a histogram's memory is then fetched once per chunk
        // instead of once per replicate (with tens of thousands of histograms, that
        // miss was a third of a run of the default scenario). Same statistics.
        let (workers, chunks) = ParallelChunks.run(
            count: replicates, chunkSize: Self.chunkSize, threads: threads, progress: progress, stop: stop,
            local: { Worker(accumulator: EnsembleAccumulator(layout: layout, outputCount: outputCount)) }
        ) { (local: inout Worker, range: Range<Int>) -> [[[Int]]] in
            var chunkTrajectories: [[[Int]]] = []
            let stride = local.accumulator.valuesPerReplicate
            if local.batch.count < range.count * stride { local.batch = [Int](repeating: 0, count: range.count * stride) }
            for (row, r) in range.enumerated() {
                var rng = Philox4x64(stream: streams?(r) ?? StreamID(seed: seed, point: point, replicate: UInt64(first + r)))
                var trajectory: [[Int]] = []
                var recorded = 0
                replicate(&rng) { index, counts in
                    precondition(index == recorded && index < outputCount, "a replicate records every output once, in order")
                    local.accumulator.writeSeries(counts, output: index, into: &local.batch, at: row * stride)
                    recorded += 1
                    if keepTrajectories { trajectory.append(counts) }
                }
                precondition(recorded == outputCount, "a replicate records every output once, in order")
                if keepTrajectories { chunkTrajectories.append(trajectory) }
            }
            local.accumulator.recordReplicates(local.batch, count: range.count)
            return chunkTrajectories
        }
        let locals = workers.map(\.accumulator)
        // Merged into one of the workers' accumulators, taken out of the array so that
        // its histograms are extended in place instead of copied.
        var partials = locals
        var merged = partials.popLast() ?? EnsembleAccumulator(layout: layout, outputCount: outputCount)
        while let partial = partials.popLast() { merged.merge(partial) }
        let trajectories: [[[Int]]]? = keepTrajectories ? chunks.flatMap { $0 } : nil
        return (merged, trajectories)
    }
}

extension EnsembleRunner {
    /// A worker's statistics and its buffer of one chunk's series values.
    struct Worker: Sendable {
        var accumulator: EnsembleAccumulator
        var batch: [Int] = []
    }
}
