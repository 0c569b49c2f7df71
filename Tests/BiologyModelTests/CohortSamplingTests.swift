import BiologyModel
import Foundation
import RandomStreams
import Testing

/// The cohort's history sampler against the distributions it promises.
@Suite("Cohort sampling")
struct CohortSamplingTests {
    static let year = 365.25
    static let template = BiologyScenario(name: "template", horizon: 60 * year, outputTimes: [0, 60 * year],
                                          founder: Founder(ageAtStart: 15 * year))
    static let spec = CohortSpec(
        size: 20_000, pregnancyCount: [0.1, 0.3, 0.4, 0.2],
        firstPregnancyAge: NormalSpec(mean: 17 * year, sd: 4 * year), spacing: NormalSpec(mean: 1.5 * year, sd: 1 * year),
        minimumGap: 90,
        outcomes: [OutcomeProbability(.liveBirth, 0.7), OutcomeProbability(.miscarriage, 0.3)],
        pMale: 0.512, variation: RateVariation(clearance: 0.3, homing: 0, selfRenewal: 0, transfer: 0))

    static func draw(_ spec: CohortSpec = spec, template: BiologyScenario = template) -> [CohortIndividual] {
        (0..<spec.size).map { k in
            var rng = Philox4x64(stream: StreamID(seed: 77, point: 0, replicate: UInt64(k)))
            return spec.individual(k, template: template, using: &rng)
        }
    }

    /// 20,000 women over 60 years (every pregnancy fits): the number of
    /// pregnancies passes a chi-square test against P = (0.1, 0.3, 0.4, 0.2)
    /// (3 degrees of freedom, critical value 16.27 at α = 0.001); the share
    /// of sons and of live births have |z| < 4 against 0.512 and 0.7; every
    /// interval respects the previous length plus the minimum gap; children
    /// are named child1, child2, … in order.
    @Test("numbers, outcomes, sexes and spacing follow the cohort's distributions")
    func historyDistributions() throws {
        let women = Self.draw()
        var counts = [0, 0, 0, 0]
        for w in women { counts[w.pregnancies.count] += 1 }
        let n = Double(women.count)
        let chi2 = zip(counts, Self.spec.pregnancyCount).map { c, p in (Double(c) - n * p) * (Double(c) - n * p) / (n * p) }.reduce(0, +)
        #expect(chi2 < 16.27, "counts \(counts), chi2 = \(chi2)")
        let pregnancies = women.flatMap(\.pregnancies)
        let m = Double(pregnancies.count)
        let sons = Double(pregnancies.filter { $0.child.sex == .male }.count)
        let zSex = (sons / m - 0.512) / (0.512 * 0.488 / m).squareRoot()
        let live = Double(pregnancies.filter(\.outcome.isLiveBirth).count)
        let zLive = (live / m - 0.7) / (0.7 * 0.3 / m).squareRoot()
        #expect(abs(zSex) < 4 && abs(zLive) < 4, "z(sex) = \(zSex), z(live) = \(zLive)")
        for w in women {
            #expect(w.pregnancies.map(\.child.name) == (0..<w.pregnancies.count).map { "child\($0 + 1)" })
            for (a, b) in zip(w.pregnancies, w.pregnancies.dropFirst()) {
                #expect(b.start - a.start >= a.length + 90 - 1e-9)
            }
            for p in w.pregnancies { #expect(p.length == Self.spec.lengths.length(for: p.outcome) && p.mother == "mother") }
        }
    }

    /// The first conception is N(17 y, 4 y) truncated at the start of
    /// follow-up (age 15): its mean is μ + σ·φ(a)/(1 − Φ(a)) with
    /// a = (15 − 17)/4, and the sample mean has |z| < 4 against it (sd of the
    /// truncated normal, σ²·(1 + aλ − λ²) with λ = φ(a)/(1 − Φ(a))). None is
    /// before day 0.
    @Test("the first conception is a normal age truncated at the start of follow-up")
    func firstAgeTruncated() throws {
        let starts = Self.draw().compactMap { $0.pregnancies.first?.start }
        #expect(starts.allSatisfy { $0 >= 0 })
        let a = -0.5
        let phi = exp(-a * a / 2) / (2 * Double.pi).squareRoot()
        let tail = erfc(a / 2.0.squareRoot()) / 2
        let lambda = phi / tail
        let mean = (17 + 4 * lambda) * Self.year - 15 * Self.year
        let sd = 4 * Self.year * (1 + a * lambda - lambda * lambda).squareRoot()
        let sample = starts.reduce(0, +) / Double(starts.count)
        let z = (sample - mean) / (sd / Double(starts.count).squareRoot())
        #expect(abs(z) < 4, "mean \(sample / Self.year) years after start, expected \(mean / Self.year), z = \(z)")
    }

    /// Clearance multipliers: lognormal with mean 1 and CV 0.3, so the
    /// sample mean has |z| < 4 against 1 (sd 0.3); the multipliers with CV 0
    /// are exactly 1; and a woman's scenario has her multiplier applied to
    /// blood clearance and tissue death, nothing else.
    @Test("rate multipliers are lognormal with mean 1 and scale their rate group")
    func multipliers() throws {
        let women = Self.draw()
        let c = women.map(\.multipliers.clearance)
        let z = (c.reduce(0, +) / Double(c.count) - 1) / (0.3 / Double(c.count).squareRoot())
        #expect(abs(z) < 4, "z = \(z)")
        #expect(women.allSatisfy { $0.multipliers.homing == 1 && $0.multipliers.selfRenewal == 1 && $0.multipliers.transfer == 1 })
        let w = women[3]
        let base = BiologyDefaults.progenitor, mine = try #require(w.scenario.cellTypes.first { $0.name == base.name })
        #expect(abs(mine.bloodClearance - base.bloodClearance * w.multipliers.clearance) < 1e-15)
        #expect(abs(mine.kinetics(in: "bone_marrow").death - base.kinetics(in: "bone_marrow").death * w.multipliers.clearance) < 1e-15)
        #expect(mine.kinetics(in: "bone_marrow").selfRenewal == base.kinetics(in: "bone_marrow").selfRenewal)
        #expect(mine.homing == base.homing && w.scenario.transfer == Self.template.transfer)
    }

    /// With a short horizon, the first pregnancy that would end after it is
    /// dropped with every later one; every kept pregnancy ends inside.
    @Test("pregnancies ending after the horizon are dropped")
    func horizonDrops() throws {
        var template = Self.template
        template.horizon = 4 * Self.year
        let women = Self.draw(template: template)
        #expect(women.allSatisfy { $0.pregnancies.allSatisfy { $0.end <= 4 * Self.year } })
        #expect(women.contains { $0.pregnancies.isEmpty } && women.contains { !$0.pregnancies.isEmpty })
        // Same stream, longer horizon: the kept pregnancies are a prefix of the full history.
        let full = Self.draw()
        for (short, long) in zip(women, full) {
            #expect(Array(long.pregnancies.prefix(short.pregnancies.count)) == short.pregnancies)
        }
    }
}
