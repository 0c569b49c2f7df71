import Dispatch
import Engines
import RateModel
import RandomStreams
import Synchronization

/// Runs replicates in parallel and merges their statistics exactly.
///
/// Replicate `r` always draws from its own stream `StreamID(seed, point, r)`,
/// whatever thread runs it. Replicates are handed out in fixed chunks to
/// `threads` workers; each worker fills its own `EnsembleAccumulator`, and the
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

    public init(replicates: Int, firstReplicate: Int = 0, threads: Int, seed: UInt64, point: UInt64 = 0) {
        precondition(replicates >= 1 && threads >= 1 && firstReplicate >= 0, "replicates and threads must be positive")
        self.replicates = replicates
        self.firstReplicate = firstReplicate
        self.threads = threads
        self.seed = seed
        self.point = point
    }

    /// One replicate: given its generator, report `(outputIndex, counts)` at each output.
    public typealias Replicate = @Sendable (inout Philox4x64, (Int, [Int]) -> Void) -> Void

    /// Runs every replicate and returns the merged accumulator and, if asked,
    /// every replicate's counts (`trajectories[r][outputIndex]`, in replicate order).
    ///
    /// `progress(done)` is called from worker threads after each chunk with the
    /// number of replicates finished so far.
    public func run(
        layout: SeriesLayout,
        outputCount: Int,
        keepTrajectories: Bool = false,
        progress: (@Sendable (Int) -> Void)? = nil,
        replicate: Replicate
    ) -> (accumulator: EnsembleAccumulator, trajectories: [[[Int]]]?) {
        let chunks = (replicates + Self.chunkSize - 1) / Self.chunkSize
        let workers = min(threads, chunks)
        let nextChunk = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let results = Mutex<[EnsembleAccumulator]>([])
        let kept = Mutex<[Int: [[[Int]]]]>([:])
        let (seed, point, total, first) = (self.seed, self.point, replicates, firstReplicate)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var local = EnsembleAccumulator(layout: layout, outputCount: outputCount)
            while true {
                let chunk = nextChunk.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks else { break }
                let range = (chunk * Self.chunkSize)..<min(total, (chunk + 1) * Self.chunkSize)
                var chunkTrajectories: [[[Int]]] = []
                for r in range {
                    var rng = Philox4x64(stream: StreamID(seed: seed, point: point, replicate: UInt64(first + r)))
                    var trajectory: [[Int]] = []
                    replicate(&rng) { index, counts in
                        local.record(output: index, counts: counts)
                        if keepTrajectories { trajectory.append(counts) }
                    }
                    if keepTrajectories { chunkTrajectories.append(trajectory) }
                }
                if keepTrajectories { kept.withLock { $0[chunk] = chunkTrajectories } }
                let done = finished.add(range.count, ordering: .relaxed).newValue
                progress?(done)
            }
            results.withLock { $0.append(local) }
        }
        var merged = EnsembleAccumulator(layout: layout, outputCount: outputCount)
        for partial in results.withLock({ $0 }) { merged.merge(partial) }
        var trajectories: [[[Int]]]?
        if keepTrajectories {
            let byChunk = kept.withLock { $0 }
            trajectories = (0..<chunks).flatMap { byChunk[$0] ?? [] }
        }
        return (merged, trajectories)
    }
}
