/// A population of women whose reproductive histories and kinetics are drawn
/// at random, each simulated as one individual of the scenario.
///
/// Individual `k` draws, from its own random stream: the number of
/// pregnancies from `pregnancyCount`, the age at the first from
/// `firstPregnancyAge` (normal, truncated at the start of follow-up), the
/// intervals between conceptions from `spacing` (normal, truncated below at
/// the previous pregnancy's length plus `minimumGap`), each outcome from
/// `outcomes`, each child's sex with P(male) = `pMale`, and one lognormal
/// multiplier with mean 1 and the given coefficient of variation per rate
/// group in `variation`. Pregnancies that would end after the horizon are dropped.
public struct CohortSpec: Sendable, Hashable {
    /// The most women a cohort may hold: each woman's record (her calendar
    /// and assay results) is kept in memory for individuals.csv, and a
    /// million women of the default biology already take days on 2 cores.
    public static let maximumSize = 1_000_000
    public var size: Int
    /// `P(n pregnancies)` for n = 0, 1, 2, ...; sums to 1.
    public var pregnancyCount: [Double]
    /// Age at first conception, in days (mean and standard deviation).
    public var firstPregnancyAge: NormalSpec
    /// Interval between conceptions, in days.
    public var spacing: NormalSpec
    /// Least time between the end of a pregnancy and the next conception, in days.
    public var minimumGap: Double
    /// Probability of each outcome; sums to 1.
    public var outcomes: [OutcomeProbability]
    /// Gestation length by outcome, in days.
    public var lengths: OutcomeLengths
    /// Probability that a child is male (0.512: the human sex ratio at birth).
    public var pMale: Double
    /// Coefficient of variation of the lognormal random effect of each rate group.
    public var variation: RateVariation

    public init(size: Int, pregnancyCount: [Double], firstPregnancyAge: NormalSpec, spacing: NormalSpec,
                minimumGap: Double = 90, outcomes: [OutcomeProbability], lengths: OutcomeLengths = OutcomeLengths(),
                pMale: Double = 0.512, variation: RateVariation = RateVariation()) {
        self.size = size
        self.pregnancyCount = pregnancyCount
        self.firstPregnancyAge = firstPregnancyAge
        self.spacing = spacing
        self.minimumGap = minimumGap
        self.outcomes = outcomes
        self.lengths = lengths
        self.pMale = pMale
        self.variation = variation
    }
}

/// A normal distribution by mean and standard deviation (days).
public struct NormalSpec: Sendable, Hashable {
    public var mean: Double
    public var sd: Double
    public init(mean: Double, sd: Double) {
        self.mean = mean
        self.sd = sd
    }
}

/// One possible pregnancy outcome and its probability.
public struct OutcomeProbability: Sendable, Hashable {
    public var outcome: PregnancyOutcome
    public var probability: Double
    public init(_ outcome: PregnancyOutcome, _ probability: Double) {
        self.outcome = outcome
        self.probability = probability
    }
}

/// Gestation length by outcome, in days.
public struct OutcomeLengths: Sendable, Hashable {
    public var liveBirth: Double
    public var stillbirth: Double
    public var miscarriage: Double
    public var termination: Double

    public init(liveBirth: Double = 280, stillbirth: Double = 224, miscarriage: Double = 70, termination: Double = 63) {
        self.liveBirth = liveBirth
        self.stillbirth = stillbirth
        self.miscarriage = miscarriage
        self.termination = termination
    }

    public func length(for outcome: PregnancyOutcome) -> Double {
        switch outcome {
        case .liveBirth: liveBirth
        case .stillbirth: stillbirth
        case .miscarriage: miscarriage
        case .termination: termination
        }
    }
}

/// Between-individual variation of the kinetics: coefficients of variation of
/// lognormal multipliers (mean 1) applied to every cell type's rates of a group.
public struct RateVariation: Sendable, Hashable {
    /// Clearance from blood and death in tissues (the immune response).
    public var clearance: Double
    /// Homing from blood to tissues.
    public var homing: Double
    /// Self-renewal in tissues.
    public var selfRenewal: Double
    /// Placental transfer in both directions.
    public var transfer: Double

    public init(clearance: Double = 0, homing: Double = 0, selfRenewal: Double = 0, transfer: Double = 0) {
        self.clearance = clearance
        self.homing = homing
        self.selfRenewal = selfRenewal
        self.transfer = transfer
    }
}
