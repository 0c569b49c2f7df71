/// One woman of a cohort: her drawn history and random effects, and the
/// family scenario they make.
public struct CohortIndividual: Sendable, Hashable {
    /// Her index in the cohort, from 0.
    public let index: Int
    /// The cohort's template with her pregnancies and with every rate group
    /// multiplied by `multipliers`: what `BiologyCompiler` compiles for her.
    public let scenario: BiologyScenario
    public let multipliers: RateMultipliers

    public init(index: Int, scenario: BiologyScenario, multipliers: RateMultipliers) {
        self.index = index
        self.scenario = scenario
        self.multipliers = multipliers
    }

    /// Her pregnancies in calendar order.
    public var pregnancies: [Pregnancy] { scenario.pregnancies }

    /// Days at which her pregnancies ended in a delivery (live birth or stillbirth).
    public var deliveries: [Double] { pregnancies.filter(\.outcome.isDelivery).map(\.end) }

    /// Live-born children.
    public var liveBirths: Int { pregnancies.filter(\.outcome.isLiveBirth).count }

    /// Live-born sons.
    public var sons: Int { pregnancies.filter { $0.outcome.isLiveBirth && $0.child.sex == .male }.count }

    /// Days since her most recent delivery at `time`, or `nil` before her first.
    public func daysSinceDelivery(at time: Double) -> Double? {
        deliveries.filter { $0 <= time }.max().map { time - $0 }
    }
}
