import Dispatch
import LinearAlgebra
import Synchronization

/// Runs indexed work on several threads in fixed chunks, so that what each
/// index computes never depends on which thread ran it.
///
/// Indices `0..<count` are cut into chunks of `chunkSize`; `threads` workers
/// take the next chunk until none is left. Each worker owns one `Local`
/// (say, an accumulator it adds into); each chunk returns a `Chunk` value.
/// The chunk values come back in chunk order and the locals in no particular
/// order, so callers that need byte-identical results for any thread count
/// either merge locals exactly (integer histograms) or reduce the chunk
/// values in order.
///
/// Every run first pins OpenBLAS to one thread
/// (`BLASThreading.pinForReproducibility()`): the workers are the
/// parallelism, and a chunk's bytes must not depend on how OpenBLAS would
/// split a product. So ensembles (`EnsembleRunner`), cohorts and sweeps keep
/// the same-bytes guarantee for any caller of the library.
public enum ParallelChunks {
    /// Runs `body` on every chunk and returns the workers' locals and the chunk values in order.
    ///
    /// `progress(done)` is called from worker threads after each chunk with
    /// the number of indices finished so far. `stop`, when given, is asked
    /// before each chunk: once it says true no further chunk starts, and only
    /// the chunks that ran come back (in order); the caller, who set it,
    /// discards such a partial result. Without it every chunk runs.
    public static func run<Local: Sendable, Chunk: Sendable>(
        count: Int, chunkSize: Int, threads: Int,
        progress: (@Sendable (Int) -> Void)? = nil,
        stop: (@Sendable () -> Bool)? = nil,
        local makeLocal: @Sendable () -> Local,
        _ body: @Sendable (inout Local, Range<Int>) -> Chunk
    ) -> (locals: [Local], chunks: [Chunk]) {
        precondition(count >= 0 && chunkSize >= 1 && threads >= 1, "chunked work needs a size, a chunk size and a thread")
        BLASThreading.pinForReproducibility()
        let chunks = (count + chunkSize - 1) / chunkSize
        let workers = max(1, min(threads, chunks))
        let next = Atomic<Int>(0)
        let finished = Atomic<Int>(0)
        let values = Mutex<[Int: Chunk]>([:])
        let locals = Mutex<[Local]>([])
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var local = makeLocal()
            while true {
                let chunk = next.add(1, ordering: .relaxed).oldValue
                guard chunk < chunks, stop?() != true else { break }
                let range = (chunk * chunkSize)..<min(count, (chunk + 1) * chunkSize)
                let value = body(&local, range)
                values.withLock { $0[chunk] = value }
                progress?(finished.add(range.count, ordering: .relaxed).newValue)
            }
            locals.withLock { $0.append(local) }
        }
        let byChunk = values.withLock { $0 }
        return (locals.withLock { $0 }, (0..<chunks).compactMap { byChunk[$0] })
    }
}
