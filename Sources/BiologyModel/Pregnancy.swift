/// One pregnancy on the calendar: who carries it, who is conceived, how long
/// it lasts and how it ends.
public struct Pregnancy: Sendable, Hashable {
    /// The pregnant woman: the founder or a live-born daughter.
    public var mother: String
    /// The conceptus (or the first twin).
    public var child: Child
    /// The co-twin, if any; co-twins exchange cells through the placenta.
    public var twin: Child?
    /// Day of conception (gestational week 0 is taken as this day).
    public var start: Double
    /// Length of gestation in days (biologically 4 to 45 weeks).
    public var length: Double
    public var outcome: PregnancyOutcome
    /// Cells released into the mother at the end (delivery or procedure),
    /// overriding the default for the outcome.
    public var pulse: Int?

    public init(mother: String = "mother", child: Child, twin: Child? = nil, start: Double, length: Double = 280,
                outcome: PregnancyOutcome = .liveBirth, pulse: Int? = nil) {
        self.mother = mother
        self.child = child
        self.twin = twin
        self.start = start
        self.length = length
        self.outcome = outcome
        self.pulse = pulse
    }

    /// The day the pregnancy ends.
    public var end: Double { start + length }
    /// The conceptuses: the child, then the twin.
    public var children: [Child] { [child] + (twin.map { [$0] } ?? []) }
}

/// A conceptus: its name (as an origin, and as a host when born alive) and sex.
public struct Child: Sendable, Hashable {
    public var name: String
    public var sex: Sex

    public init(name: String, sex: Sex) {
        self.name = name
        self.sex = sex
    }
}

/// How a pregnancy ends.
public enum PregnancyOutcome: Sendable, Hashable {
    case liveBirth
    case stillbirth
    case miscarriage
    case termination(TerminationMethod)

    /// Whether a child is born alive (and becomes a host).
    public var isLiveBirth: Bool { self == .liveBirth }
    /// Whether the end counts as a delivery (a birth, alive or not).
    public var isDelivery: Bool { self == .liveBirth || self == .stillbirth }

    /// The name used in scenario files and output.
    public var name: String {
        switch self {
        case .liveBirth: "live_birth"
        case .stillbirth: "stillbirth"
        case .miscarriage: "miscarriage"
        case .termination(.surgical): "termination (surgical)"
        case .termination(.medical): "termination (medical)"
        }
    }
}

/// How a termination is carried out; surgical evacuation releases many more
/// fetal cells into the mother than a medical termination.
public enum TerminationMethod: String, Sendable, Hashable, CaseIterable {
    case surgical, medical
}
