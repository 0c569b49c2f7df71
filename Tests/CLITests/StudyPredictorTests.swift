import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import RandomStreams
import RateModel
import ScenarioFormat
import Testing

/// `StudyPredictor`'s family predictions against closed forms on hand-built
/// networks: exact with moments, statistically exact with a sampling method.
@Suite("Study predictor: closed forms")
struct StudyPredictorTests {
    /// An assay of compartment 0 (or of none) sampling fraction `f` of its cells.
    static func assay(_ name: String, compartments: [Int] = [0], f: Double, cells: Double = 7e4, limit: Int = 1) -> CompiledAssay {
        CompiledAssay(assay: Assay(name: name, marker: .yChromosome, sample: .bloodVolume(milliliters: 10), limitOfDetection: limit,
                                   times: []),
                      compartments: compartments, visibleOrigins: [], sampledFraction: f, hostCellsAnalysed: cells)
    }

    /// One compartment: inflow `lambda` cells/day, death `mu` /day, division `b` /day, `initial` cells at day 0.
    static func network(lambda: Double = 0, mu: Double, b: Double = 0, initial: Int = 0, horizon: Double) -> NetworkModel {
        let w = TimeWindow(start: 0, end: horizon)
        return NetworkModel(name: "one", horizon: horizon, outputTimes: [horizon], compartments: [Compartment(name: "x", initial: initial)],
                            flows: [Flow(from: 0, to: .out, rate: mu, window: w)],
                            divisions: b > 0 ? [Division(compartment: 0, rate: b, window: w)] : [],
                            inflows: lambda > 0 ? [Inflow(compartment: 0, rate: lambda, window: w)] : [])
    }

    static let times: [Double] = [100, 0, 1, 5, 30, 5, 365]

    @Test("immigration-death: N(t) ~ Poisson(λ/μ·(1 − e^{−μt})), so P(positive) = 1 − exp(−f·λ/μ·(1 − e^{−μt})), to 1e-13")
    func immigrationDeath() throws {
        let (lambda, mu, f, cells) = (3.0, 0.1, 0.02, 7e4)
        let assays = [Self.assay("sees", f: f, cells: cells), Self.assay("blind", compartments: [], f: f)]
        let requests = Self.times.flatMap { t in [PredictionRequest(assay: 0, time: t), PredictionRequest(assay: 1, time: t)] }
        let got = try StudyPredictor.momentsPredictions(requests, model: Self.network(lambda: lambda, mu: mu, horizon: 365), assays: assays)
        for (request, prediction) in zip(requests, got) {
            let mean = request.assay == 0 ? lambda / mu * -expm1(-mu * request.time) : 0
            let p = -expm1(-f * mean)
            #expect(abs(prediction.pPositive - p) <= 1e-13 * max(p, 1e-300) + 1e-300, "\(request): \(prediction.pPositive) vs \(p)")
            #expect(abs(prediction.meanLevel - f * mean / cells * 1e5) <= 1e-13 * f * mean / cells * 1e5)
        }
    }

    /// Kendall's generating function of a linear birth-death process from one cell,
    /// `G(s, t) = [μ(1 − s) − (μ − βs)·e^{−(β−μ)t}] / [β(1 − s) − (μ − βs)·e^{−(β−μ)t}]`.
    static func kendall(s: Double, t: Double, birth b: Double, death d: Double) -> Double {
        let e = exp(-(b - d) * t)
        return (d * (1 - s) - (d - b * s) * e) / (b * (1 - s) - (d - b * s) * e)
    }

    @Test("linear birth-death from 5 cells: P(positive) = 1 − G(1 − f, t)⁵ (Kendall), to 1e-9 (the Riccati tolerance)",
          arguments: [(0.02, 0.03), (0.05, 0.01)])
    func birthDeath(b: Double, d: Double) throws {
        let f = 0.3
        let requests = [1.0, 10, 100, 1000].map { PredictionRequest(assay: 0, time: $0) }
        let got = try StudyPredictor.momentsPredictions(requests, model: Self.network(mu: d, b: b, initial: 5, horizon: 1000),
                                                        assays: [Self.assay("a", f: f, cells: 1e5)])
        for (request, prediction) in zip(requests, got) {
            let p = 1 - pow(Self.kendall(s: 1 - f, t: request.time, birth: b, death: d), 5)
            #expect(abs(prediction.pPositive - p) < 1e-9, "day \(request.time): \(prediction.pPositive) vs \(p)")
            let mean = 5 * exp((b - d) * request.time)
            #expect(abs(prediction.meanLevel - f * mean) <= 1e-12 * f * mean)
        }
    }

    @Test("limit of detection 3: the thinned count is Poisson(f·m), so P(positive) = 1 − e^{−fm}(1 + fm + (fm)²/2), to 1e-9")
    func limitAboveOne() throws {
        let (lambda, mu, f) = (30.0, 0.1, 0.05)
        let requests = Self.times.map { PredictionRequest(assay: 0, time: $0) }
        let got = try StudyPredictor.momentsPredictions(requests, model: Self.network(lambda: lambda, mu: mu, horizon: 365),
                                                        assays: [Self.assay("lod3", f: f, limit: 3)])
        for (request, prediction) in zip(requests, got) {
            let m = f * lambda / mu * -expm1(-mu * request.time)
            let p = 1 - exp(-m) * (1 + m + m * m / 2)
            #expect(abs(prediction.pPositive - p) <= 1e-9, "\(request): \(prediction.pPositive) vs \(p)")
        }
    }

    @Test("a request for one of P(positive) and the level gives the same value and NaN for the other",
          arguments: [(detection: false, level: true), (detection: true, level: false)])
    func oneOfTheTwo(detection: Bool, level: Bool) throws {
        let model = Self.network(lambda: 3, mu: 0.1, b: 0.05, horizon: 365)
        let assays = [Self.assay("a", f: 0.01)]
        let both = try StudyPredictor.momentsPredictions(Self.times.map { PredictionRequest(assay: 0, time: $0) }, model: model, assays: assays)
        let one = try StudyPredictor.momentsPredictions(Self.times.map { PredictionRequest(assay: 0, time: $0, detection: detection, level: level) },
                                                        model: model, assays: assays)
        if level {
            #expect(zip(both, one).allSatisfy { $0.meanLevel == $1.meanLevel && !$0.pPositive.isNaN && $1.pPositive.isNaN })
        } else {
            #expect(zip(both, one).allSatisfy { $0.pPositive == $1.pPositive && !$0.meanLevel.isNaN && $1.meanLevel.isNaN })
        }
    }

    @Test("a memo returns the predictions of a family it has seen, whatever its name, and solves any other")
    func memo() throws {
        let memo = PredictionMemo()
        let requests = Self.times.map { PredictionRequest(assay: 0, time: $0) }
        let assays = [Self.assay("a", f: 0.01)]
        var solved = 0
        func predict(_ model: NetworkModel) throws -> [AssayPrediction] {
            try memo.moments(requests, model: model, assays: assays) { () throws(RunError) in
                solved += 1
                return try StudyPredictor.momentsPredictions(requests, model: model, assays: assays, store: memo.store)
            }
        }
        let first = try predict(Self.network(lambda: 3, mu: 0.1, b: 0.05, horizon: 365))
        var renamed = Self.network(lambda: 3, mu: 0.1, b: 0.05, horizon: 365)
        renamed.name = "the same family under another name"
        let again = try predict(renamed)
        #expect(solved == 1 && again == first)
        let other = try predict(Self.network(lambda: 3, mu: 0.1, b: 0.06, horizon: 365))
        #expect(solved == 2 && other != first)
        // The memo's store is the one a fresh solve would use: same bits.
        #expect(other == (try StudyPredictor.momentsPredictions(requests, model: Self.network(lambda: 3, mu: 0.1, b: 0.06, horizon: 365),
                                                                assays: assays)))
    }

    /// A one-family biology scenario, only to build a predictor around hand-made networks.
    static let family = """
        name: family
        horizon: 1 year
        output: { every: 1 year }
        mother: { age: 25 years }
        pregnancies:
          - { child: son, sex: male, start: 0 days, length: 40 weeks }
        assays:
          - { name: blood_y, host: mother, marker: y_chromosome, compartment: blood, sample: 10 mL, times: [1 year] }
        """

    static func predictor(method: MethodRequest, replicates: Int, seed: UInt64 = 7, threads: Int = 1) throws -> StudyPredictor {
        try StudyPredictor(template: ScenarioTemplate(text: family, file: "family.yaml"), fixed: [], method: method, seed: seed,
                           replicates: replicates, threads: threads)
    }

    @Test("binomial sampling of a Poisson count by the fast engine: the Rao-Blackwell P(positive) within 5 SE of 1 − e^{−f·m}")
    func sampledPoissonCount() throws {
        let (lambda, mu, f, replicates) = (2.0, 0.05, 0.03, 4000)
        let predictor = try Self.predictor(method: .fast, replicates: replicates)
        let requests = [10.0, 60, 300].map { PredictionRequest(assay: 0, time: $0) }
        let got = try predictor.familyPredictions(requests, model: Self.network(lambda: lambda, mu: mu, horizon: 300),
                                                  assays: [Self.assay("a", f: f, cells: 1e5)]) { r in
            StreamID(seed: 7, point: 0, replicate: UInt64(r))
        }
        for (request, prediction) in zip(requests, got) {
            let m = lambda / mu * -expm1(-mu * request.time)
            let p = -expm1(-f * m)
            // The Rao-Blackwell mean of P(detect | N) is never noisier than the
            // Bernoulli mean, whose standard error is sqrt(p(1 − p)/R).
            let z = (prediction.pPositive - p) / (p * (1 - p) / Double(replicates)).squareRoot()
            #expect(abs(z) < 5, "day \(request.time): \(prediction.pPositive) vs \(p), z = \(z)")
            // The level's mean count: Poisson, variance m.
            let zMean = (prediction.meanLevel / f - m) / (m / Double(replicates)).squareRoot()
            #expect(abs(zMean) < 5, "day \(request.time): mean count z = \(zMean)")
        }
    }
}
