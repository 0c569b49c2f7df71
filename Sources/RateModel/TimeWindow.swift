/// A half-open interval of simulated time `[start, end)`, in days.
///
/// A process carrying a window is active at time `t` exactly when
/// `start <= t < end`; rates are therefore right-continuous step functions.
public struct TimeWindow: Sendable, Hashable, Codable {
    /// First day on which the process is active (included).
    public var start: Double
    /// First day on which the process is no longer active (excluded).
    public var end: Double

    /// Creates a window; `start < end` is a programmer precondition (the
    /// scenario parser reports user errors before building one).
    public init(start: Double, end: Double) {
        precondition(start < end, "TimeWindow needs start < end, got [\(start), \(end))")
        self.start = start
        self.end = end
    }

    /// Whether the process is active at time `t` (start included, end excluded).
    @inlinable
    public func contains(_ t: Double) -> Bool { start <= t && t < end }
}
