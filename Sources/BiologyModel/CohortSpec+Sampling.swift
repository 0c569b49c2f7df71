import RandomStreams
import RateModel

extension CohortSpec {
    /// Draws one woman: her random effects, then her pregnancies, from `rng`.
    ///
    /// The draws, in this fixed order (so an individual is a pure function of
    /// her stream):
    /// 1. four lognormal multipliers with mean 1 (clearance, homing,
    ///    self-renewal, transfer; coefficient of variation from `variation`,
    ///    a multiplier with CV 0 is exactly 1 but its two uniforms are still drawn);
    /// 2. the number of pregnancies `n ~ pregnancyCount` (one uniform);
    /// 3. per pregnancy `i`: the conception day, then the outcome and the
    ///    sex (one uniform each). Conception of the first is at age
    ///    `A ~ N(firstPregnancyAge) | A ≥ founder's age at start` (the
    ///    scenario starts at her age `ageAtStart`, so day `A − ageAtStart`);
    ///    of each later one, the previous conception plus
    ///    `S ~ N(spacing) | S ≥ previous length + minimumGap`. Lengths come
    ///    from `lengths` by outcome.
    ///
    /// The first pregnancy that would end after the horizon is dropped with
    /// all later ones. Conceptuses are named `child1`, `child2`, … in order;
    /// the founder is their mother. `template` must have no pregnancies.
    ///
    /// Complexity O(n) draws plus O(cell types × tissues) to apply the multipliers.
    public func individual(_ index: Int, template: BiologyScenario,
                           using rng: inout some RandomNumberGenerator) -> CohortIndividual {
        precondition(template.pregnancies.isEmpty, "a cohort's template has no pregnancies of its own")
        let v = variation
        let multipliers = RateMultipliers(
            clearance: Sampler.lognormal(mean: 1, coefficientOfVariation: v.clearance, using: &rng),
            homing: Sampler.lognormal(mean: 1, coefficientOfVariation: v.homing, using: &rng),
            selfRenewal: Sampler.lognormal(mean: 1, coefficientOfVariation: v.selfRenewal, using: &rng),
            transfer: Sampler.lognormal(mean: 1, coefficientOfVariation: v.transfer, using: &rng))
        let count = Self.category(pregnancyCount, using: &rng)
        let startAge = template.founder.ageAtStart
        var pregnancies: [Pregnancy] = []
        var conception = 0.0
        var previousLength = 0.0
        for i in 0..<count {
            if i == 0 {
                let age = Sampler.normal(mean: firstPregnancyAge.mean, sd: firstPregnancyAge.sd, atLeast: startAge, using: &rng)
                conception = age - startAge
            } else {
                conception += Sampler.normal(mean: spacing.mean, sd: spacing.sd, atLeast: previousLength + minimumGap, using: &rng)
            }
            let outcome = outcomes[Self.category(outcomes.map(\.probability), using: &rng)].outcome
            let sex: Sex = Sampler.uniform(using: &rng) < pMale ? .male : .female
            let length = lengths.length(for: outcome)
            guard conception + length <= template.horizon else { break }
            pregnancies.append(Pregnancy(mother: template.founder.name, child: Child(name: ReservedName.cohortChild(i + 1), sex: sex),
                                         start: conception, length: length, outcome: outcome))
            previousLength = length
        }
        var scenario = multipliers.applied(to: template)
        scenario.pregnancies = pregnancies
        return CohortIndividual(index: index, scenario: scenario, multipliers: multipliers)
    }

    /// The index `k` with `Σ_{j<k} p_j ≤ U < Σ_{j≤k} p_j` for one uniform `U`
    /// (the last index with positive probability absorbs rounding).
    static func category(_ probabilities: [Double], using rng: inout some RandomNumberGenerator) -> Int {
        let u = Sampler.uniform(using: &rng)
        var cumulative = 0.0
        for (k, p) in probabilities.enumerated() {
            cumulative += p
            if u < cumulative && p > 0 { return k }
        }
        return probabilities.lastIndex { $0 > 0 } ?? 0
    }
}
