/// When an observation was made: a time from the scenario's day 0, or a time
/// after a named event of the scenario, which the fit pipeline resolves.
public enum ObservationTime: Sendable, Hashable, CustomStringConvertible {
    /// `27 years`: days from the scenario's day 0.
    case absolute(days: Double)
    /// `4 days after delivery`: `days` after the event named `event`.
    case after(event: String, days: Double)

    /// `"9861.75 days"` or `"4 days after delivery"` (days, shortest round-trip number).
    public var description: String {
        switch self {
        case .absolute(let days): "\(days) days"
        case .after(let event, let days): "\(days) days after \(event)"
        }
    }
}
