import Synchronization

/// A flag a newer request sets to stop an older computation at its next check.
///
/// The pipeline checks it between stages and a stochastic run between
/// replicates; a cancelled computation throws `LessonError.cancelled`.
public final class LessonCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the computation to stop; idempotent.
    public func cancel() { flag.store(true, ordering: .relaxed) }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool { flag.load(ordering: .relaxed) }
}
