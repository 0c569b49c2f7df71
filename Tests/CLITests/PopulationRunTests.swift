import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Testing
import TestSupport

/// `population:` through `run --method moments` and the fit's predictor,
/// against a cohort of women who share the family's history and draw the same
/// lognormal multipliers: the cohort samples the population law that the
/// quadrature integrates.
@Suite("Population prediction runs")
struct PopulationRunTests {
    static let variation = "{ clearance: 0.5, transfer: 0.3 }"

    static let family = """
        name: one family over a population
        \(CohortTests.kinetics)
        pregnancies:
          - { child: child1, sex: male, start: 0 days, length: 40 weeks }
        population: { variation: \(variation) }
        """

    /// `CohortTests`' 400 women of one history, with the population's variation.
    static let cohort = CohortTests.sameHistoryCohort(size: 400) + "\n  variation: \(variation)"

    /// 400 women are 400 independent draws of the population (the fast
    /// engine's leap is exact for these kinetics, see `CohortTests`). At 1, 2
    /// and 3 years: the women's mean P(detect | count) against the population
    /// p_detect, and the women's blood counts of child1's cells against the
    /// population mean (mean z with the population sd); every |z| < 4. At 1
    /// year the counts are large and mildly skewed (sd about the mean), so
    /// the sample variance is tested too against the total-variance sd
    /// (variance z, fourth moment from the sample, |z| < 4); later the
    /// lognormal clearance makes the counts' law so heavy-tailed that 400
    /// women rarely see the tail that carries the variance, and a variance z
    /// would not be trustworthy. Dropping the between-women term of the
    /// variance (the sd at 1 year would fall from about 37,000 to about
    /// 200) or a wrong weight or node moves these by far more.
    @Test("the moments population prediction matches a cohort with the same multipliers")
    func matchesCohort() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let familyPath = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        let cohortPath = try CLIHarness.write(Self.cohort, named: "cohort.yaml", in: dir)
        let population = dir.path + "/population", women = dir.path + "/cohort"
        let a = try CLIHarness.run(["run", familyPath, "--method", "moments", "--out", population, "--quiet"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLIHarness.run(["run", cohortPath, "--out", women, "--seed", "5", "--quiet"])
        #expect(b.status == 0, "\(b.stderr)")

        let assay = try CohortTests.csv(population, "assay.csv")
        let series = try CohortTests.csv(population, "timeseries.csv").filter {
            $0["host"] == "mother" && $0["origin"] == "child1" && $0["cell_type"] == "stem" && $0["compartment"] == "blood"
        }
        let individuals = try CohortTests.csv(women, "individuals.csv")
        for years in [1.0, 2, 3] {
            let at = { (row: [String: String]) in abs(Double(row["time_days"]!)! - years * 365.25) < 1e-6 }
            let sample = individuals.filter(at)
            #expect(sample.count == 400)
            let p = try #require(assay.first(where: at).flatMap { Double($0["p_detect"]!) })
            let ps = sample.map { Double($0["p_detect"]!)! }
            let pMean = ps.reduce(0, +) / 400
            let pSD = (ps.map { ($0 - pMean) * ($0 - pMean) }.reduce(0, +) / 399).squareRoot()
            let zP = (pMean - p) / max(pSD / 20, 1e-12)
            #expect(abs(zP) < 4, "year \(years): cohort P(detect) \(pMean), population \(p), z = \(zP)")

            let row = try #require(series.first(where: at))
            let (mean, sd) = (Double(row["mean"]!)!, Double(row["sd"]!)!)
            let counts = sample.map { Double($0["count"]!)! }
            let zMean = Moments.meanZ(counts, mean: mean, sd: sd)
            #expect(abs(zMean) < 4, "year \(years): population mean \(mean) sd \(sd); z = \(zMean)")
            if years == 1 {
                let zVariance = Moments.varianceZ(counts, mean: mean, variance: sd * sd)
                #expect(abs(zVariance) < 4, "year 1: population sd \(sd); variance z = \(zVariance)")
            }
        }
        let manifest = try RunManifestText.read(population)
        #expect(manifest.contains("\"population\"") && manifest.contains("\"runs\" : 49"), "\(manifest)")
    }

    /// The fit's moments predictor and `run` compute the same mixture by
    /// different paths (requested times only, against every output time).
    @Test("the fit's predictor gives the population run's P(detect) and level")
    func predictorMatchesRun() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        let out = dir.path + "/out"
        let r = try CLIHarness.run(["run", path, "--method", "moments", "--out", out, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try CohortTests.csv(out, "assay.csv")
        let predictor = try StudyPredictor(template: ScenarioTemplate(path: path), fixed: [], method: .moments, seed: 1, replicates: 0)
        let times = rows.map { Double($0["time_days"]!)! }
        let predictions = try predictor.predict(times.map { PredictionRequest(assay: 0, time: $0) }, overrides: [])
        for (row, prediction) in zip(rows, predictions) {
            let p = Double(row["p_detect"]!)!, level = Double(row["mean_geq_per_1e5"]!)!
            #expect(abs(prediction.pPositive - p) <= 1e-9 * p && abs(prediction.meanLevel - level) <= 1e-9 * level,
                    "day \(row["time_days"]!): predictor \(prediction), run \(p), \(level)")
        }
        // With the variation removed by --set, the prediction is the family's own.
        let own = try predictor.predict([PredictionRequest(assay: 0, time: times[0])],
                                        overrides: [SetOverride(path: "population.variation.clearance", value: "0"),
                                                    SetOverride(path: "population.variation.transfer", value: "0")])
        let family = try StudyPredictor(template: ScenarioTemplate(text: CohortTests.family, file: "own.yaml"), fixed: [],
                                        method: .moments, seed: 1, replicates: 0)
        let direct = try family.predict([PredictionRequest(assay: 0, time: times[0])], overrides: [])
        #expect(own == direct)
    }

    /// The same bytes for 1 and 2 threads, with moments and with a sampling
    /// method; and a population without variation samples exactly the
    /// family's ordinary ensemble (its trajectories use the replicates' own
    /// streams, the multipliers a substream).
    @Test("population runs are the same for any thread count, and zero variation is the ordinary ensemble")
    func threadsAndStreams() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        for method in ["moments", "fast"] {
            for threads in ["1", "2"] {
                let r = try CLIHarness.run(["run", path, "--method", method, "--threads", threads, "--replicates", "40",
                                            "--out", dir.path + "/\(method)\(threads)", "--quiet"])
                #expect(r.status == 0, "\(r.stderr)")
            }
            for file in ["timeseries.csv", "summary.csv", "assay.csv"] {
                let one = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/\(method)1/" + file))
                let two = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/\(method)2/" + file))
                #expect(one == two, "\(method): \(file) differs between 1 and 2 threads")
            }
        }
        let still = try CLIHarness.write(CohortTests.family + "\npopulation: { variation: { clearance: 0 } }", named: "still.yaml", in: dir)
        let plain = try CLIHarness.write(CohortTests.family, named: "plain.yaml", in: dir)
        for (name, file) in [("still", still), ("plain", plain)] {
            let r = try CLIHarness.run(["run", file, "--method", "fast", "--replicates", "40", "--out", dir.path + "/" + name, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
        }
        for file in ["timeseries.csv", "assay.csv"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/still/" + file))
            let b = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/plain/" + file))
            #expect(a == b, "\(file): a population without variation differs from the family's own ensemble")
        }
    }

    /// A sampling engine's ensemble over the population (each replicate a
    /// woman with her own multipliers) against the moments quadrature. The
    /// fast engine's leap is exact for these kinetics (no division, see
    /// `CohortTests`), so its ensemble samples the population exactly, at a
    /// fraction of the exact engine's cost on thousands of transferred cells. The
    /// blood count of child1's cells at 1, 2 and 3 years, |z| < 4 for the
    /// ensemble mean with the population sd; at 1 year (counts mildly skewed,
    /// see `matchesCohort`) the ensemble sd within 25% of the population sd
    /// (several standard errors of a sample sd of 400 there); P(detect)
    /// within 4 × 0.5/√400 (the largest standard error of a mean of
    /// probabilities).
    @Test("a sampled population ensemble agrees with the moments population prediction")
    func sampledEnsembleMatchesMoments() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        let moments = dir.path + "/moments", sampled = dir.path + "/sampled"
        let a = try CLIHarness.run(["run", path, "--method", "moments", "--out", moments, "--quiet"])
        #expect(a.status == 0, "\(a.stderr)")
        let b = try CLIHarness.run(["run", path, "--method", "fast", "--replicates", "400", "--seed", "9", "--out", sampled, "--quiet"])
        #expect(b.status == 0, "\(b.stderr)")
        let blood = { (row: [String: String]) in
            row["host"] == "mother" && row["origin"] == "child1" && row["cell_type"] == "stem" && row["compartment"] == "blood"
        }
        let expected = try CohortTests.csv(moments, "timeseries.csv").filter(blood)
        let ensemble = try CohortTests.csv(sampled, "timeseries.csv").filter(blood)
        let expectedAssay = try CohortTests.csv(moments, "assay.csv"), sampledAssay = try CohortTests.csv(sampled, "assay.csv")
        for years in [1.0, 2, 3] {
            let at = { (row: [String: String]) in abs(Double(row["time_days"]!)! - years * 365.25) < 1e-6 }
            let e = try #require(expected.first(where: at)), s = try #require(ensemble.first(where: at))
            let (mean, sd) = (Double(e["mean"]!)!, Double(e["sd"]!)!)
            let z = (Double(s["mean"]!)! - mean) / (sd / 20)
            #expect(abs(z) < 4, "year \(years): ensemble mean \(s["mean"]!), population \(mean), z = \(z)")
            if years == 1 { #expect(abs(Double(s["sd"]!)! / sd - 1) < 0.25, "year 1: ensemble sd \(s["sd"]!), population \(sd)") }
            let p = Double(try #require(expectedAssay.first(where: at))["p_detect"]!)!
            let pHat = Double(try #require(sampledAssay.first(where: at))["p_detect"]!)!
            #expect(abs(pHat - p) < 0.1, "year \(years): ensemble P(detect) \(pHat), population \(p)")
        }
        let manifest = try RunManifestText.read(sampled)
        #expect(manifest.contains("substream 1"), "\(manifest)")
    }

    /// A sweep point of a population scenario is the population prediction,
    /// as `run` gives it with the point's values set (not the family's own);
    /// to 1e-9, since a run's extra summary times change the moments
    /// engine's steps in the last digits.
    @Test("a sweep of a population scenario predicts the population at each point")
    func sweepPoints() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let path = try CLIHarness.write(Self.family, named: "family.yaml", in: dir)
        let sweep = try CLIHarness.run(["sweep", path, "--vary", "population.variation.clearance=0,0.3", "--method", "moments",
                                        "--out", dir.path + "/sweep", "--quiet"])
        #expect(sweep.status == 0, "\(sweep.stderr)")
        let points = try CohortTests.csv(dir.path + "/sweep", "sweep.csv").filter {
            $0["host"] == "mother" && $0["origin"] == "child1" && $0["cell_type"] == "stem" && $0["compartment"] == "blood"
        }
        for (k, cv) in ["0", "0.3"].enumerated() {
            let out = dir.path + "/run\(k)"
            let r = try CLIHarness.run(["run", path, "--method", "moments", "--set", "population.variation.clearance=\(cv)", "--out", out, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let run = try CohortTests.csv(out, "timeseries.csv").filter {
                $0["host"] == "mother" && $0["origin"] == "child1" && $0["cell_type"] == "stem" && $0["compartment"] == "blood"
            }
            for row in points where row["point"] == String(k) {
                let same = try #require(run.first { $0["time_days"] == row["time_days"] })
                let close = { (key: String) in
                    let (a, b) = (Double(same[key]!)!, Double(row[key]!)!)
                    return abs(a - b) <= 1e-9 * abs(b)
                }
                #expect(close("mean") && close("sd"), "point \(k) day \(row["time_days"]!): sweep \(row), run \(same)")
            }
        }
    }
}
