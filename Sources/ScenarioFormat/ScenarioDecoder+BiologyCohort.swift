import BiologyModel

/// `cohort:`: a population of women whose pregnancies and kinetics are drawn
/// at random (`CohortSpec`). `size`, `pregnancies`, `first_pregnancy_age`,
/// `spacing` and `outcomes` have no default and are required; the rest keep
/// the defaults of `CohortSpec`.
extension ScenarioDecoder {
    static let cohortKeys = ["size", "pregnancies", "first_pregnancy_age", "spacing", "minimum_gap", "outcomes", "lengths",
                             "p_male", "variation"]
    static let normalKeys = ["mean", "sd"]
    /// Outcome keys of `cohort.outcomes`, with what each means.
    static let cohortOutcomes: [(String, PregnancyOutcome)] = [
        ("live_birth", .liveBirth), ("stillbirth", .stillbirth), ("miscarriage", .miscarriage),
        ("termination_surgical", .termination(.surgical)), ("termination_medical", .termination(.medical)),
    ]
    static let lengthKeys = ["live_birth", "stillbirth", "miscarriage", "termination"]
    static let variationKeys = ["clearance", "homing", "self_renewal", "transfer"]

    /// Decodes `cohort:`.
    mutating func cohort(_ node: YAMLNode, path: NodePath) -> CohortSpec? {
        guard let fields = fields(node, path: path, expected: "the cohort", keys: Self.cohortKeys) else { return nil }
        let before = sink.count
        var size = fields.require("size", hint: "the number of women, e.g. 'size: 1000'", in: &self)
            .flatMap { wholeNumber($0, path: path.key("size"), minimum: 1, expected: "a number of women >= 1 such as '1000'") }
        if let women = size, women > CohortSpec.maximumSize, let node = fields["size"] {
            sink.report("a cohort of \(women) women is more than the \(CohortSpec.maximumSize) accepted: every woman's record is kept "
                        + "in memory for individuals.csv; split the cohort into runs with different --seed",
                        at: node.position, path: path.key("size"))
            size = nil
        }
        let counts = fields.require("pregnancies", hint: "P(0), P(1), ... pregnancies, e.g. 'pregnancies: [0.15, 0.2, 0.4, 0.25]'", in: &self)
            .flatMap { pregnancyCounts($0, path: path.key("pregnancies")) }
        let firstAge = fields.require("first_pregnancy_age", hint: "e.g. 'first_pregnancy_age: { mean: 27 years, sd: 5 years }'", in: &self)
            .flatMap { normal($0, path: path.key("first_pregnancy_age")) }
        let spacing = fields.require("spacing", hint: "time between conceptions, e.g. 'spacing: { mean: 3 years, sd: 1 year }'", in: &self)
            .flatMap { normal($0, path: path.key("spacing")) }
        let outcomes = fields.require("outcomes", hint: "probability of each outcome, e.g. 'outcomes: { live_birth: 0.85, miscarriage: 0.15 }'", in: &self)
            .flatMap { outcomeProbabilities($0, path: path.key("outcomes")) }
        var minimumGap: Double?, lengths: OutcomeLengths?, pMale: Double?, variation: RateVariation?
        if let node = fields["minimum_gap"] { minimumGap = time(node, path: path.key("minimum_gap"), requirement: .nonNegative) }
        if let node = fields["lengths"] { lengths = self.lengths(node, path: path.key("lengths")) }
        if let node = fields["p_male"] { pMale = probability(node, path: path.key("p_male")) }
        if let node = fields["variation"] { variation = self.variation(node, path: path.key("variation")) }
        guard let size, let counts, let firstAge, let spacing, let outcomes else { return nil }
        var spec = CohortSpec(size: size, pregnancyCount: counts, firstPregnancyAge: firstAge, spacing: spacing, outcomes: outcomes)
        if let minimumGap { spec.minimumGap = minimumGap }
        if let lengths { spec.lengths = lengths }
        if let pMale { spec.pMale = pMale }
        if let variation { spec.variation = variation }
        return sink.count == before ? spec : nil
    }

    /// A non-empty list of probabilities summing to 1.
    private mutating func pregnancyCounts(_ node: YAMLNode, path: NodePath) -> [Double]? {
        guard let items = node.items, !items.isEmpty else {
            sink.report("expected a list of probabilities of 0, 1, 2, ... pregnancies such as '[0.15, 0.2, 0.4, 0.25]', got "
                        + (node.items == nil ? node.kindDescription : "an empty list"), at: node.position, path: path)
            return nil
        }
        let values = items.enumerated().map { index, item in probability(item, path: path.index(index)) }
        guard values.allSatisfy({ $0 != nil }) else { return nil }
        let probabilities = values.map { $0! }
        return checkSumIsOne(probabilities, node: node, path: path, what: "the probabilities of the numbers of pregnancies") ? probabilities : nil
    }

    /// `{ mean, sd }`, both times `>= 0`.
    private mutating func normal(_ node: YAMLNode, path: NodePath) -> NormalSpec? {
        guard let fields = fields(node, path: path, expected: "a normal distribution", keys: Self.normalKeys) else { return nil }
        let mean = fields.require("mean", hint: "a time such as 'mean: 27 years'", in: &self)
            .flatMap { time($0, path: path.key("mean"), requirement: .nonNegative) }
        let sd = fields.require("sd", hint: "a time such as 'sd: 5 years'", in: &self)
            .flatMap { time($0, path: path.key("sd"), requirement: .nonNegative) }
        guard let mean, let sd else { return nil }
        return NormalSpec(mean: mean, sd: sd)
    }

    /// Probabilities by outcome (missing outcomes: 0), summing to 1.
    private mutating func outcomeProbabilities(_ node: YAMLNode, path: NodePath) -> [OutcomeProbability]? {
        guard let fields = fields(node, path: path, expected: "outcome probabilities", keys: Self.cohortOutcomes.map(\.0)) else { return nil }
        let before = sink.count
        var result: [OutcomeProbability] = []
        for (key, outcome) in Self.cohortOutcomes {
            if let valueNode = fields[key], let p = probability(valueNode, path: path.key(key)) { result.append(OutcomeProbability(outcome, p)) }
        }
        guard sink.count == before else { return nil }
        return checkSumIsOne(result.map(\.probability), node: node, path: path, what: "the outcome probabilities") ? result : nil
    }

    /// Gestation lengths by outcome, each 4 to 45 weeks, over the defaults.
    private mutating func lengths(_ node: YAMLNode, path: NodePath) -> OutcomeLengths? {
        guard let fields = fields(node, path: path, expected: "gestation lengths by outcome", keys: Self.lengthKeys) else { return nil }
        let before = sink.count
        var lengths = OutcomeLengths()
        for key in Self.lengthKeys {
            guard let valueNode = fields[key], let length = gestation(valueNode, path: path.key(key)) else { continue }
            switch key {
            case "live_birth": lengths.liveBirth = length
            case "stillbirth": lengths.stillbirth = length
            case "miscarriage": lengths.miscarriage = length
            default: lengths.termination = length
            }
        }
        return sink.count == before ? lengths : nil
    }

    /// Coefficients of variation `>= 0` by rate group, over zero.
    mutating func variation(_ node: YAMLNode, path: NodePath) -> RateVariation? {
        guard let fields = fields(node, path: path, expected: "coefficients of variation", keys: Self.variationKeys) else { return nil }
        let before = sink.count
        var variation = RateVariation()
        for key in Self.variationKeys {
            guard let valueNode = fields[key],
                  let cv = number(valueNode, path: path.key(key), range: .nonNegative, expected: "a coefficient of variation such as '0.3'") else { continue }
            switch key {
            case "clearance": variation.clearance = cv
            case "homing": variation.homing = cv
            case "self_renewal": variation.selfRenewal = cv
            default: variation.transfer = cv
            }
        }
        return sink.count == before ? variation : nil
    }
}
