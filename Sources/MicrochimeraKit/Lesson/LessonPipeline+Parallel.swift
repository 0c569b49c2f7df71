import Foundation
import Synchronization

extension LessonPipeline {
    /// Runs two independent computations at once, one per core, and returns both results.
    ///
    /// The page's exact answer has two solves that share nothing (the summary's
    /// presence at the checkpoints, and the curves); each builds its own engine,
    /// and OpenBLAS is pinned to one thread by the engines, so running them side
    /// by side changes no bit of either. The first error (in argument order) is thrown.
    static func both<A: Sendable, B: Sendable>(_ first: @Sendable () throws(LessonError) -> A,
                                               _ second: @Sendable () throws(LessonError) -> B) throws(LessonError) -> (A, B) {
        let a = Mutex<Result<A, LessonError>?>(nil)
        let b = Mutex<Result<B, LessonError>?>(nil)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 {
                let r: Result<A, LessonError> = Result { () throws(LessonError) in try first() }
                a.withLock { $0 = r }
            } else {
                let r: Result<B, LessonError> = Result { () throws(LessonError) in try second() }
                b.withLock { $0 = r }
            }
        }
        guard let ra = a.withLock({ $0 }), let rb = b.withLock({ $0 }) else { preconditionFailure("concurrentPerform ran both") }
        return (try ra.get(), try rb.get())
    }
}
