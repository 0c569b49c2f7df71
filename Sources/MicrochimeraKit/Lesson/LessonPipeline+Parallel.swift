import Foundation
import Synchronization

extension LessonPipeline {
    /// Runs independent jobs on every core and returns their results in the jobs' order.
    ///
    /// The page's exact answer is a handful of solves that share nothing (each
    /// host's curves, P(present) at each time the narration reads, its assay,
    /// the figure); each builds its own engine, and OpenBLAS is pinned to one
    /// thread by the engines, so running them side by side changes no bit of
    /// any. Jobs are taken in order by whichever core is free, so the longest
    /// should come first. A job not yet started when `cancellation` is set
    /// is skipped; the first error (in the jobs' order) is thrown.
    static func concurrently<T: Sendable>(_ jobs: [@Sendable () throws(LessonError) -> T],
                                          cancellation: LessonCancellation) throws(LessonError) -> [T] {
        let results = Mutex<[Result<T, LessonError>?]>(Array(repeating: nil, count: jobs.count))
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let r: Result<T, LessonError> = Result { () throws(LessonError) in
                try check(cancellation)
                return try jobs[i]()
            }
            results.withLock { $0[i] = r }
        }
        return try results.withLock { $0 }.map { r throws(LessonError) in
            guard let r else { preconditionFailure("concurrentPerform ran every job") }
            return try r.get()
        }
    }
}
