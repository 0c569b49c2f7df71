/// What one simulated trajectory reports besides its counts.
public struct TrajectoryReport: Sendable, Equatable {
    /// Events fired (moves, losses, divisions, arrivals), for engines that count them.
    public var events: Int?
    /// Whether a compartment passed the engines' cell limit (supercritical
    /// kinetics); the caller reports the divergence instead of the statistics.
    public var diverged: Bool

    public init(events: Int? = nil, diverged: Bool = false) {
        self.events = events
        self.diverged = diverged
    }
}
