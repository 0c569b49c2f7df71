/// Something that happens at a fixed time, marked on `timeline.svg`: an
/// instant (a conception, a delivery, a transfusion) or a span (breastfeeding,
/// an injury).
public struct TimelineEvent: Sendable, Equatable {
    /// What happened; decides how the marker is drawn.
    public enum Kind: String, Sendable, Equatable {
        case conception, delivery, miscarriage, termination, stillbirth
        case transfusion, breastfeeding, injury, bolus
    }

    /// Day of the event (the start of a span).
    public var time: Double
    /// Day a span ends; `nil` for an instant.
    public var end: Double?
    public var kind: Kind
    /// The short text written beside the marker.
    public var label: String
    /// The host the event concerns (empty at network level).
    public var host: String

    public init(time: Double, end: Double? = nil, kind: Kind, label: String, host: String = "") {
        self.time = time
        self.end = end
        self.kind = kind
        self.label = label
        self.host = host
    }
}
