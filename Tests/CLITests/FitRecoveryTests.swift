import Foundation
import MicrochimeraKit
import ScenarioFormat
import Testing
import TestSupport

/// Parameter recovery beyond binomial draws: detection results of a cohort
/// run fitted back, and a stochastic method (`fast`, common random numbers)
/// agreeing with the exact moments fit and reproducible by seed.
@Suite("Fit: recovery from cohort runs and stochastic methods")
struct FitRecoveryTests {
    /// A cohort of identical women: each is 25 at day 0 and conceives a son
    /// then (first pregnancy age 25 years with sd 0, one pregnancy with
    /// probability 1, every pregnancy a live birth of 40 weeks, p_male 1, no
    /// variation of the kinetics), sampled once, at `year` only.
    static func cohort(size: Int, year: Double) -> String {
        """
        name: identical women
        horizon: 20 years
        output: { every: 1 year }
        mother: { age: 25 years }
        tissues: [bone_marrow]
        cohort: { size: \(size), pregnancies: [0, 1], first_pregnancy_age: { mean: 25 years, sd: 0 years },
                  spacing: { mean: 3 years, sd: 0 years }, outcomes: { live_birth: 1 }, p_male: 1 }
        assays:
          - { name: blood_y, marker: y_chromosome, sample: 10 mL, times: [\(year) years] }
        \(FitRecovery.pinned)

        """
    }

    /// Why the family likelihood is the right one for that cohort: every woman
    /// is the family `FitRecovery.study(motherAge: 25 years)`, so the cohort's
    /// prediction (the mean over its women) is the family's, to rounding.
    @Test("a cohort of identical women predicts exactly what its family predicts")
    func identicalWomen() throws {
        let family = try FitRecovery.probabilities(halfLife: FitRecovery.truth, years: [5],
                                                   scenario: FitRecovery.study(motherAge: "25 years"))
        let cohort = try FitRecovery.probabilities(halfLife: FitRecovery.truth, years: [5], scenario: Self.cohort(size: 3, year: 5))
        #expect(abs(family[0] - cohort[0]) <= 1e-12, "family \(family[0]), cohort \(cohort[0])")
    }

    /// `microchimera run` simulates each woman once (`auto`, i.e. `fast`; the
    /// exact engine costs about 80 s for 60 women here) and draws her sample
    /// from her own stream. Each woman is sampled at one time only, one cohort
    /// per time with its own seed, so the rows are independent binomials and
    /// the family's binomial likelihood is the right one; with several times
    /// per woman the rows would be correlated and it only a composite
    /// likelihood. `fast` is second-order in its step with division: that its
    /// P(positive) is the family's within sampling error is checked on the
    /// women's own P(detect | count) (individuals.csv; |z| < 4, the standard
    /// error from their sample sd), so the data are the family's law.
    @Test("detection results of cohort runs at a known half-life, fitted with the family scenario: the truth is inside the 95% interval")
    func cohortRuns() throws {
        let dir = try TemporaryDirectory.make("cohort-fit")
        let size = 300
        let exact = try FitRecovery.probabilities(halfLife: FitRecovery.truth, scenario: FitRecovery.study(motherAge: "25 years"))
        var positive: [Int] = []
        for (i, year) in FitRecovery.years.enumerated() {
            let scenario = try CLIHarness.write(Self.cohort(size: size, year: year), named: "cohort\(i).yaml", in: dir)
            let out = dir.path + "/run\(i)"
            let result = try CLIHarness.run(["run", scenario, "--out", out, "--quiet", "--no-plot", "--seed", "\(100 + i)",
                                             "--set", "\(FitRecovery.path)=\(FitRecovery.truth) days"])
            try #require(result.status == 0, "\(result.stderr)")
            let women = try CohortTests.csv(out, "individuals.csv")
            try #require(women.count == size)
            let p = women.compactMap { $0["p_detect"].flatMap(Double.init) }
            let mean = p.reduce(0, +) / Double(size)
            let sd = (p.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(size - 1)).squareRoot()
            #expect(abs(mean - exact[i]) < 4 * sd / Double(size).squareRoot(), "year \(year): mean P(detect) \(mean), family \(exact[i])")
            positive.append(women.filter { $0["detected"] == "1" }.count)
        }
        let data = FitRecovery.csv(years: FitRecovery.years, n: FitRecovery.years.map { _ in size }, positive: positive)
        let dataDir = try FitRecovery.folder(scenario: FitRecovery.study(motherAge: "25 years"), data: data)
        let fit = try FitRecovery.interval(FitRecovery.fit(dataDir))
        #expect(fit.low <= FitRecovery.truth && FitRecovery.truth <= fit.high, "\(positive) of \(size): \(fit)")
    }

    /// The same binomial dataset fitted with moments and with `fast` (200
    /// common-random-number replicates per prediction, one start): each
    /// estimate inside the other's 95% interval. `fast` is second-order in its
    /// step with division and its P(positive) a Monte Carlo mean (standard
    /// error at most 0.035 at 200 replicates, against about 0.08 for the
    /// data's proportions at 30 samples), so the two fits differ by much less
    /// than an interval. Two `fast` fits with the same seed, on 1 and 2
    /// threads (50 replicates, to keep the pair cheap), write the same fit.json.
    @Test("method fast recovers the moments fit's estimate, and the same seed gives the same fit.json")
    func fastAgreesWithMoments() throws {
        let counts = FitRecovery.counts(dataset: 0, probabilities: try FitRecovery.probabilities(halfLife: FitRecovery.truth))
        let data = FitRecovery.csv(years: FitRecovery.years, n: counts.map { _ in FitRecovery.samples }, positive: counts)
        let moments = try FitRecovery.interval(FitRecovery.fit(FitRecovery.folder(data: data)))
        let dir = try FitRecovery.folder(data: data, method: "fast")
        let report = try FitRecovery.fit(dir, starts: 1, replicates: 200)
        let fast = try FitRecovery.interval(report)
        #expect(report.method == "fast" && report.replicates == 200)
        #expect(fast.low <= moments.estimate && moments.estimate <= fast.high, "moments \(moments), fast \(fast)")
        #expect(moments.low <= fast.estimate && fast.estimate <= moments.high, "moments \(moments), fast \(fast)")
        let timeless = try [1, 2].map { threads in
            _ = try FitRecovery.fit(dir, out: "out\(threads)", starts: 1, replicates: 50, threads: threads)
            return try FitCommandTests.timeless(dir.path + "/out\(threads)/fit.json")
        }
        #expect(timeless[0] == timeless[1])
    }
}
