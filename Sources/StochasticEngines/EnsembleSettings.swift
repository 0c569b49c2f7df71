import RandomStreams

/// How a run samples and what it keeps: replicates, threads, streams, and
/// the optional outputs. Deterministic engines read only `presence`.
public struct EnsembleSettings: Sendable {
    public var replicates: Int
    public var threads: Int
    public var seed: UInt64
    /// The stream of replicate `r`, when it is not `StreamID(seed, 0, r)`
    /// (a sweep point's, or one cohort woman's family).
    public var streams: (@Sendable (Int) -> StreamID)?
    /// Keep every replicate's counts (`EngineOutput.trajectories`).
    public var keepTrajectories: Bool
    /// Compute p_present (the moments engine: most of its cost with division).
    public var presence: Bool
    /// Called from worker threads with the number of replicates finished.
    public var progress: (@Sendable (Int) -> Void)?
    /// Asked between chunks of replicates (`ParallelChunks`): once true, no
    /// further replicate starts and the output holds only those that ran, a
    /// partial result the caller who stopped it discards (the teaching page
    /// cancelling an outdated run). Nil runs every replicate.
    public var stop: (@Sendable () -> Bool)?

    public init(replicates: Int, threads: Int, seed: UInt64, streams: (@Sendable (Int) -> StreamID)? = nil,
                keepTrajectories: Bool = false, presence: Bool = true, progress: (@Sendable (Int) -> Void)? = nil,
                stop: (@Sendable () -> Bool)? = nil) {
        self.replicates = replicates
        self.threads = threads
        self.seed = seed
        self.streams = streams
        self.keepTrajectories = keepTrajectories
        self.presence = presence
        self.progress = progress
        self.stop = stop
    }
}
