import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import RandomStreams
import RateModel
import ScenarioFormat
import StochasticEngines
import Testing

/// The stochastic methods' conditional estimate of P(positive) (`StudyPredictor.conditionalSamples`):
/// unbiased against closed forms and the exact moments answer, smooth in the parameters, and the
/// same for any thread count.
///
/// Thresholds: an estimate is compared with the exact value by z = (estimate − exact)/SE, SE the
/// replicates' sample standard deviation over √R, and |z| < 5 is required (two-sided probability
/// 6e-7 per check for a normal mean; the seeds are fixed, so a pass is reproducible).
@Suite("Study predictor: conditional Monte Carlo for the stochastic methods")
struct ConditionalPredictionTests {
    static let streams: @Sendable (Int) -> StreamID = { r in StreamID(seed: 11, point: 0, replicate: UInt64(r)) }

    static func samples(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay], replicates: Int,
                        method: String = "fast", threads: Int = 1) throws -> StudyPredictor.ConditionalSamples {
        let predictor = try StudyPredictorTests.predictor(method: MethodRequest(name: method), replicates: replicates, threads: threads)
        let choice = try predictor.engines.choose(predictor.method, for: model)
        return try predictor.conditionalSamples(requests, model: model, assays: assays, choice: choice, streams: streams)
    }

    /// (estimate − exact)/SE, with SE the replicates' sample standard deviation over √R. A difference
    /// within `floor` counts as 0: the continuation's factors are exact to the moments engine's
    /// extinction tolerance (1e-10) with division, and an estimate whose replicates all agree has SE 0.
    static func z(_ values: [Double], exact: Double, floor: Double = 1e-8) -> (z: Double, se: Double) {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let se = sd / n.squareRoot()
        let gap = abs(mean - exact) <= floor ? 0 : mean - exact
        return (gap == 0 ? 0 : se == 0 ? .infinity : gap / se, se)
    }

    /// Inflow λ into one compartment during [0, 50) days, death μ throughout, assays of limit 1 and 3.
    static func pulse(lambda: Double, mu: Double) -> NetworkModel {
        NetworkModel(name: "pulse", horizon: 400, outputTimes: [400], compartments: [Compartment(name: "x")],
                     flows: [Flow(from: 0, to: .out, rate: mu, window: TimeWindow(start: 0, end: 400))],
                     inflows: [Inflow(compartment: 0, rate: lambda, window: TimeWindow(start: 0, end: 50))])
    }

    @Test("immigration then death: X(T) is Poisson(λ/μ·(1 − e^{−50μ})·e^{−μ(T−50)}), limits 1 and 3 within |z| < 5, conditioned at day 50")
    func pulseClosedForm() throws {
        let (lambda, mu, f) = (2.0, 0.02, 0.05)
        let assays = [StudyPredictorTests.assay("lod1", f: f), StudyPredictorTests.assay("lod3", f: f, limit: 3)]
        let times = [60.0, 120, 250, 400]
        let requests = times.flatMap { t in [PredictionRequest(assay: 0, time: t), PredictionRequest(assay: 1, time: t)] }
        let got = try Self.samples(requests, model: Self.pulse(lambda: lambda, mu: mu), assays: assays, replicates: 400)
        #expect(got.start == 50)
        for (q, request) in requests.enumerated() {
            let m = f * lambda / mu * -expm1(-50 * mu) * exp(-mu * (request.time - 50))
            let exact = request.assay == 0 ? -expm1(-m) : 1 - exp(-m) * (1 + m + m * m / 2)
            let (z, se) = Self.z(got.pPositive[q], exact: exact)
            #expect(abs(z) < 5, "\(request): \(got.predictions[q].pPositive) vs \(exact), z = \(z)")
            // Conditioning removes the sampling after day 50: the standard error is far below a Bernoulli mean's.
            #expect(se < 0.35 * (exact * (1 - exact) / 400).squareRoot(), "\(request): SE \(se)")
            let level = m / 7e4 * 1e5
            let (zLevel, _) = Self.z(got.meanLevel[q], exact: level)
            #expect(abs(zLevel) < 5, "\(request): level z = \(zLevel)")
        }
    }

    @Test("division: 5 cells at day 0 and a bolus of 3 at day 20, birth 0.02 and death 0.03 /day: P(nothing seen) = G(1 − f, T)⁵·G(1 − f, T − 20)³ (Kendall), |z| < 5")
    func birthDeathWithBolus() throws {
        let (b, d, f) = (0.02, 0.03, 0.3)
        var model = StudyPredictorTests.network(mu: d, b: b, initial: 5, horizon: 1000)
        model.boluses = [Bolus(compartment: 0, cells: 3, time: 20)]
        let requests = [20.0, 50, 200, 1000].map { PredictionRequest(assay: 0, time: $0) }
        for method in ["fast", "exact"] {
            let got = try Self.samples(requests, model: model, assays: [StudyPredictorTests.assay("a", f: f)], replicates: 2000, method: method)
            #expect(got.start == 20)
            for (q, request) in requests.enumerated() {
                let g = StudyPredictorTests.kendall(s: 1 - f, t: request.time, birth: b, death: d)
                let g2 = StudyPredictorTests.kendall(s: 1 - f, t: request.time - 20, birth: b, death: d)
                let exact = 1 - pow(g, 5) * pow(g2, 3)
                let (z, _) = Self.z(got.pPositive[q], exact: exact)
                #expect(abs(z) < 5, "\(method) day \(request.time): \(got.predictions[q].pPositive) vs \(exact), z = \(z)")
            }
        }
    }

    @Test("nothing arrives before the first request: the state is the initial one and the estimate is exact (Kendall to 1e-9), no sampling")
    func noArrivalsIsExact() throws {
        let (b, d, f) = (0.05, 0.01, 0.3)
        let model = StudyPredictorTests.network(mu: d, b: b, initial: 5, horizon: 1000)
        let requests = [1.0, 10, 100, 1000].map { PredictionRequest(assay: 0, time: $0) }
        let got = try Self.samples(requests, model: model, assays: [StudyPredictorTests.assay("a", f: f, cells: 1e5)], replicates: 50)
        #expect(got.start == 0)
        for (q, request) in requests.enumerated() {
            let exact = 1 - pow(StudyPredictorTests.kendall(s: 1 - f, t: request.time, birth: b, death: d), 5)
            #expect(abs(got.predictions[q].pPositive - exact) < 1e-9, "day \(request.time)")
        }
    }

    /// The study of the issue-24 target: the default biology, a 10 mL draw at 10 times.
    static var studyPath: String {
        CLIHarness.packageRoot.appendingPathComponent("Benchmarks/models/single-pregnancy-blood-draw.yaml").path
    }

    @Test("the default biology (a niche clone with acceptance, shared): fast agrees with the exact moments answer at 10 times, |z| < 5, SE ≤ 0.005 at 1000 replicates")
    func defaultBiologyAgainstMoments() throws {
        let template = try ScenarioTemplate(path: Self.studyPath)
        let moments = try StudyPredictor(template: template, fixed: [], method: .moments, seed: 1, replicates: 0)
        let requests = moments.assays[0].assay.times.map { PredictionRequest(assay: 0, time: $0) }
        let exact = try moments.predict(requests, overrides: [])
        let compiled = try template.load(overrides: []).compiled!
        // (`exact` is checked on the small networks above: to delivery it samples ~10⁶ cells per replicate.)
        for (method, replicates) in [("fast", 1000)] {
            let predictor = try StudyPredictor(template: template, fixed: [], method: MethodRequest(name: method), seed: 3,
                                               replicates: replicates, threads: 2)
            let choice = try predictor.engines.choose(predictor.method, for: compiled.network)
            let got = try predictor.conditionalSamples(requests, model: compiled.network, assays: compiled.assays, choice: choice) { r in
                StreamID(seed: 3, point: 0, replicate: UInt64(r))
            }
            for (q, request) in requests.enumerated() {
                let (z, se) = Self.z(got.pPositive[q], exact: exact[q].pPositive)
                #expect(abs(z) < 5, "\(method) day \(request.time): \(got.predictions[q].pPositive) vs \(exact[q].pPositive), z = \(z)")
                if replicates == 1000 { #expect(se <= 0.005, "day \(request.time): SE \(se)") }
                let (zLevel, _) = Self.z(got.meanLevel[q], exact: exact[q].meanLevel)
                #expect(abs(zLevel) < 5, "\(method) day \(request.time): level \(got.predictions[q].meanLevel) vs \(exact[q].meanLevel)")
            }
        }
    }

    @Test("common random numbers: a relative change of 1e-6 in a rate moves every P(positive) by less than 1e-4; the same bytes for 1 and 2 threads")
    func smoothAndThreadFree() throws {
        let template = try ScenarioTemplate(path: Self.studyPath)
        func predictor(threads: Int) throws -> StudyPredictor {
            try StudyPredictor(template: template, fixed: [], method: MethodRequest(name: "fast"), seed: 4, replicates: 200, threads: threads)
        }
        let requests = try predictor(threads: 1).assays[0].assay.times.map { PredictionRequest(assay: 0, time: $0) }
        // Two parameters: the transfer rate acts before the conditioning time (through the sampled
        // state), the progenitors' half-life before and after it.
        for (path, value, nudge) in [("transfer.fetal_to_maternal.peak", 13_000.0, " /day"), ("cell_types.progenitor.clearance.half_life", 13.0, " days")] {
            let base = try predictor(threads: 1).predict(requests, overrides: [SetOverride(path: path, value: "\(value)\(nudge)")])
            #expect(try predictor(threads: 2).predict(requests, overrides: [SetOverride(path: path, value: "\(value)\(nudge)")]) == base)
            let nudged = try predictor(threads: 1).predict(requests, overrides: [SetOverride(path: path, value: "\(value * (1 + 1e-6))\(nudge)")])
            #expect(nudged != base, "\(path): the estimate moves with the parameter")
            for (a, b) in zip(base, nudged) {
                #expect(abs(a.pPositive - b.pPositive) < 1e-4, "\(path): \(a.pPositive) → \(b.pPositive)")
            }
        }
    }
}
