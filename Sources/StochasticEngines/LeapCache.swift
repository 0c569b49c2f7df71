import LinearAlgebra
import Synchronization

/// The leaps of one fast engine whose lengths no other engine shares (a
/// cohort woman's own interval lengths), built on first use and kept for the
/// engine's replicates.
///
/// Thread-safe: replicates of one engine run on several threads; a leap may
/// be built twice at once (identical numbers), and one is kept.
final class LeapCache: Sendable {
    private struct Key: Hashable {
        let epoch: Int
        let length: Double
    }

    private let leaps = Mutex<[Key: LeapStep]>([:])

    /// The leap over `length` days of epoch `epoch` (rates `steps.rates`), or
    /// nil when its matrices cannot be computed.
    func leap(epoch: Int, length: Double, steps: EpochSteps) -> LeapStep? {
        let key = Key(epoch: epoch, length: length)
        if let known = leaps.withLock({ $0[key] }) { return known }
        guard let made = try? LeapStep(rates: steps.rates, length: length) else { return nil }
        leaps.withLock { $0[key] = made }
        return made
    }
}
