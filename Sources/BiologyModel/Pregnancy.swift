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
    /// overriding the default for the outcome (and not scaled by gestational age).
    public var pulse: Int?
    /// Days before the end at which the conceptus died (fetal demise before
    /// evacuation): placental transfer stops then; `nil` when it lived to the end.
    /// Only for outcomes other than a live birth.
    public var demise: Double?

    public init(mother: String = "mother", child: Child, twin: Child? = nil, start: Double, length: Double = 280,
                outcome: PregnancyOutcome = .liveBirth, pulse: Int? = nil, demise: Double? = nil) {
        self.mother = mother
        self.child = child
        self.twin = twin
        self.start = start
        self.length = length
        self.outcome = outcome
        self.pulse = pulse
        self.demise = demise
    }

    /// The day the pregnancy ends.
    public var end: Double { start + length }
    /// The conceptuses: the child, then the twin.
    public var children: [Child] { [child] + (twin.map { [$0] } ?? []) }
    /// The conceptuses alive at the end: all but a vanished twin.
    public var survivors: [Child] { children.filter { $0.vanished == nil } }
    /// The children born alive, who become hosts: the survivors of a live birth, else none.
    public var born: [Child] { outcome.isLiveBirth ? survivors : [] }
    /// Gestational age (days) at which placental transfer stops: `length − demise`.
    public var transferEnd: Double { length - (demise ?? 0) }

    /// Gestational age (days) until which conceptus `x` sends cells: the
    /// transfer end, or earlier if it vanished.
    public func transferEnd(of x: Child) -> Double { min(transferEnd, x.vanished ?? transferEnd) }
}

/// A conceptus: its name (as an origin, and as a host when born alive) and sex.
public struct Child: Sendable, Hashable {
    public var name: String
    public var sex: Sex
    /// Gestational age (days) at which this co-twin died and was resorbed (a
    /// vanished twin): it sends cells to its mother and its co-twin until
    /// then, gives no pulse at the end and is never born. `nil`: it lives to the end.
    public var vanished: Double?

    public init(name: String, sex: Sex, vanished: Double? = nil) {
        self.name = name
        self.sex = sex
        self.vanished = vanished
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
