import Dispatch
import LinearAlgebra
import Synchronization

/// Runs independent jobs of the moments engine on up to a given number of
/// threads and returns their results in job order.
///
/// A job reads only its own inputs and returns a value, so which thread ran
/// it, and when, changes no bit of what it returns: the results, and
/// anything assembled from them in job order, are the same for any thread
/// count (OpenBLAS is pinned to one thread per call first, so a product never
/// depends on how OpenBLAS would split it). `priority` orders the start of
/// the jobs (the longest first keeps both cores busy to the end); it changes
/// the wall time only.
///
/// With one thread, or one job, the jobs run in order on the caller's thread.
/// When jobs fail, the error of the lowest-numbered failing job is thrown
/// (the same one for any thread count); jobs not yet started when a job
/// fails are skipped.
///
/// Complexity: the jobs' own, plus O(jobs) to schedule.
enum ConcurrentJobs {
    /// `job(i)` for every i in `0..<count`, on up to `threads` threads, started in `priority` order (default: 0, 1, …).
    static func run<T: Sendable>(count: Int, threads: Int, priority: [Int]? = nil,
                                 _ job: @Sendable (Int) throws(EngineError) -> T) throws(EngineError) -> [T] {
        precondition(threads >= 1, "jobs need a thread")
        let order = priority ?? Array(0..<count)
        precondition(order.sorted() == Array(0..<count), "the priority lists every job once")
        if threads == 1 || count <= 1 {
            var results: [T] = []
            results.reserveCapacity(count)
            for i in 0..<count { results.append(try job(i)) }
            return results
        }
        BLASThreading.pinForReproducibility()
        let next = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let results = Mutex<[Result<T, EngineError>?]>(Array(repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while !failed.load(ordering: .relaxed) {
                let slot = next.add(1, ordering: .relaxed).oldValue
                guard slot < count else { break }
                let i = order[slot]
                let r = Result { () throws(EngineError) in try job(i) }
                if case .failure = r { failed.store(true, ordering: .relaxed) }
                results.withLock { $0[i] = r }
            }
        }
        let finished = results.withLock { $0 }
        if failed.load(ordering: .relaxed) {
            for r in finished { if case .failure(let error)? = r { throw error } }
        }
        return try finished.map { r throws(EngineError) in
            guard let r else { preconditionFailure("every job ran when none failed") }
            return try r.get()
        }
    }
}
