import Engines

/// What an engine's run produced: the summary and what the writers need beside it.
public struct EngineOutput: Sendable {
    public let result: RunResult
    /// `trajectories[r][outputIndex]`, when kept (sampling engines only).
    public let trajectories: [[[Int]]]?
    /// Events simulated in all, for engines that count them (exact).
    public let events: Int?
    /// Replicates simulated (0 for a deterministic engine).
    public let replicates: Int
    /// The exact histograms behind `result` (sampling engines only).
    public let accumulator: EnsembleAccumulator?

    public init(result: RunResult, trajectories: [[[Int]]]? = nil, events: Int? = nil, replicates: Int,
                accumulator: EnsembleAccumulator? = nil) {
        self.result = result
        self.trajectories = trajectories
        self.events = events
        self.replicates = replicates
        self.accumulator = accumulator
    }
}
