import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import RateModel
import Reporting
import ScenarioFormat
import Testing
import TestSupport

/// A niche (`Niche`) against closed forms: n cells put into marrow at day 1
/// with loss d and seeding e (no return to blood) leave, per cell,
/// `a = e^{−(e+d)t}` (still in marrow) and `b = e/(e+d)·(1 − e^{−(e+d)t})`
/// (in the niche) at t days after, independently. With clone blood cells c,
/// marrow clone cells m, acceptance α (the niche keeps the clone with
/// probability α), an assay with thinning θ, `μ = θ·(clone cells)` and
/// `q = α·(1 − e^{−μ})`,
///
///     P(nothing seen) = (1 − q)·(1 − w·a)^n + q·(1 − w·a − b)^n,   w = θ,
///
/// where the blood assay sees no marrow cell (take a = 0): then
/// `P(positive) = (1 − (1 − b)^n)·α·(1 − e^{−θc})`. The same formula with
/// `w = 1 − (1 − θ)²` and `q' = 1 − (1 − q)²` is `E[miss²]` of the
/// Rao-Blackwell estimate, whose one-replicate value is
/// `(1 − θ)^X·(1 − q·1[occupied])`; it gives the exact standard error.
///
/// Thresholds: moments (forward pass, no division) to 1e-10 absolute;
/// `exact` and `fast` within 4 exact standard errors at a fixed seed; each
/// for acceptance 1 and 0.3.
@Suite("Niche: the clone of an occupied niche, against closed forms")
struct NicheTests {
    static let (death, seeding, blood, marrowCells, cells) = (0.01, 0.002, 500.0, 5.0, 20)

    static let acceptances = [1, 0.3]

    static func scenario(cells n: Int = cells, seeding e: Double = seeding, niche: Bool = true, returning: Double = 0,
                         acceptance: Double = 1) -> String {
        let accepting = acceptance == 1 ? "" : ", acceptance: \(acceptance)"
        let nicheLine = niche ? "    niche: { seeding: \(e) /day, blood_cells: \(blood), marrow_cells: \(marrowCells)\(accepting) }\n" : ""
        return """
        name: niche
        horizon: 2 years
        output: { times: [30 days] }
        tissues: [bone_marrow]
        cell_types:
          stem:
            share: 1
            clearance: 0.1 /day
            homing: { bone_marrow: \(returning > 0 ? 0.02 : 0) /day }
            tissues: { bone_marrow: { death: \(death) /day, return: \(returning) /day } }

        """ + nicheLine + """
        events:
          - transfusion: { donor: donor, sex: male, at: 1 day, into: bone_marrow, cells: { stem: \(n) } }
        assays:
          - { name: blood, marker: y_chromosome, sample: 10 mL, times: [2 days, 31 days, 101 days, 365 days, 700 days] }
          - { name: marrow, marker: y_chromosome, compartment: bone_marrow, sample: { cells: 2e6 }, times: [2 days, 31 days, 101 days, 365 days, 700 days] }
        host_cells:
          blood_volume: 5 L
          tissue_cells: { bone_marrow: 1e7 }

        """
    }

    /// `(1 − q)(1 − w·a)^n + q(1 − w·a − b)^n` at t days after the bolus.
    static func miss(t: Double, w: Double, q: Double, marrow: Bool, n: Int = cells, e: Double = seeding) -> Double {
        let k = e + death
        let a = marrow ? exp(-k * t) : 0, b = e / k * -expm1(-k * t)
        return (1 - q) * pow(1 - w * a, Double(n)) + q * pow(1 - w * a - b, Double(n))
    }

    /// The exact P(positive) and the standard deviation of one replicate's P(positive | counts).
    static func exact(assay: CompiledAssay, time: Double, acceptance: Double) -> (p: Double, sd: Double) {
        let marrow = assay.assay.compartment == "bone_marrow"
        let theta = assay.sampledFraction, mu = theta * (marrow ? marrowCells : blood), t = time - 1
        let q = acceptance * -expm1(-mu)
        let m1 = miss(t: t, w: theta, q: q, marrow: marrow)
        let m2 = miss(t: t, w: 1 - (1 - theta) * (1 - theta), q: 1 - (1 - q) * (1 - q), marrow: marrow)
        return (1 - m1, max(m2 - m1 * m1, 0).squareRoot())
    }

    /// The expected level per 10⁵ cells analysed, `(θ·E[X_C] + α·μ·P(occupied))/cells·10⁵`
    /// (blood: 10 mL of 7·10⁶ nucleated cells per mL; marrow: 2·10⁶ cells).
    static func level(assay: CompiledAssay, time: Double, acceptance: Double) -> Double {
        let marrow = assay.assay.compartment == "bone_marrow"
        let theta = assay.sampledFraction, t = time - 1, k = seeding + death
        let occupied = 1 - pow(1 - seeding / k * -expm1(-k * t), Double(cells))
        let seen = (marrow ? theta * Double(cells) * exp(-k * t) : 0) + acceptance * theta * (marrow ? marrowCells : blood) * occupied
        return seen / (marrow ? 2e6 : 7e7) * 1e5
    }

    /// The standard deviation of one replicate's level: `θX + αμI` (I = 1[occupied]; acceptance
    /// integrated) over the size, with `Var X = na(1 − a)`, `Var I = P(1 − P)` and
    /// `Cov(X, I) = −n·a·b·(1 − b)^{n−1}` (a multinomial).
    static func levelSD(assay: CompiledAssay, time: Double, acceptance: Double) -> Double {
        let marrow = assay.assay.compartment == "bone_marrow"
        let theta = assay.sampledFraction, t = time - 1, k = seeding + death, n = Double(cells)
        let a = marrow ? exp(-k * t) : 0, b = seeding / k * -expm1(-k * t)
        let occupied = 1 - pow(1 - b, n), mu = acceptance * theta * (marrow ? marrowCells : blood)
        let variance = theta * theta * n * a * (1 - a) + mu * mu * occupied * (1 - occupied) - 2 * theta * mu * n * a * b * pow(1 - b, n - 1)
        return max(variance, 0).squareRoot() / (marrow ? 2e6 : 7e7) * 1e5
    }

    static func requests(_ compiled: CompiledScenario) -> [PredictionRequest] {
        compiled.assays.indices.flatMap { a in compiled.assays[a].assay.times.map { PredictionRequest(assay: a, time: $0) } }
    }

    static func predictor(_ text: String, method: MethodRequest, replicates: Int = 0) throws -> StudyPredictor {
        try StudyPredictor(template: ScenarioTemplate(text: text, file: "niche.yaml"), fixed: [], method: method, seed: 7,
                           replicates: replicates, threads: 2)
    }

    @Test("the compiler adds one absorbing niche per host, origin and type, and each assay sees its clone with μ = θ·cells")
    func compiled() throws {
        let compiled = try #require(try Self.predictor(Self.scenario(), method: .moments).base.compiled)
        let niche = try #require(compiled.populations.firstIndex { $0.compartment == ReservedName.niche.rawValue })
        #expect(compiled.populations[niche].networkName == "mother/donor/stem/niche")
        #expect(!compiled.network.flows.contains { $0.from == niche })
        let blood = compiled.assays[0], marrow = compiled.assays[1]
        #expect(blood.clones == [NicheClone(origin: "donor", niche: niche, counted: blood.compartments, meanSeen: 10.0 / 5000 * Self.blood)])
        #expect(marrow.clones.map(\.meanSeen) == [2e6 / 1e7 * Self.marrowCells])
        #expect(compiled.layout.entries.contains { $0.compartments == [niche] })
    }

    /// An assay line of 10⁵ sorted blood cells of `type` at one year.
    static func sortedAssay(_ name: String, type: String) -> String {
        "  - { name: \(name), marker: y_chromosome, sample: { cells: 1e5 }, cell_types: [\(type)], times: [365 days] }\n"
    }

    @Test("a clone is seen by assays that count its type or a type of its lineage (through differentiation, transitively), not by others")
    func lineage() throws {
        let text = Self.scenario()
            .replacingOccurrences(of: "    clearance: 0.1 /day\n", with: "    clearance: 0.1 /day\n    differentiation: { blast: 0.001 /day }\n")
            .replacingOccurrences(of: "events:\n", with: "  blast: { share: 0, clearance: 0.1 /day, differentiation: { t_cell: 0.01 /day } }\n"
                                  + "  t_cell: { share: 0, clearance: 0.1 /day }\n  other: { share: 0, clearance: 0.1 /day }\nevents:\n")
            .replacingOccurrences(of: "host_cells:\n", with: Self.sortedAssay("t_cells", type: "t_cell") + Self.sortedAssay("others", type: "other")
                                  + "host_cells:\n")
        let compiled = try #require(try Self.predictor(text, method: .moments).base.compiled)
        let t = try #require(compiled.assays.first { $0.assay.name == "t_cells" })
        let other = try #require(compiled.assays.first { $0.assay.name == "others" })
        #expect(t.clones.count == 1 && t.clones.first?.meanSeen == t.sampledFraction * Self.blood)
        #expect(other.clones.isEmpty)
        #expect(BiologyCompiler.lineage(of: "stem", in: compiled.scenario.cellTypes) == ["stem", "blast", "t_cell"])
    }

    @Test("moments: P(positive) and the level (clone included) of a blood and a marrow assay against the closed form, to 1e-10 (fit and run paths)",
          arguments: acceptances)
    func moments(acceptance: Double) throws {
        let text = Self.scenario(acceptance: acceptance)
        let predictor = try Self.predictor(text, method: .moments)
        let compiled = try #require(predictor.base.compiled)
        let requests = Self.requests(compiled)
        let got = try predictor.predict(requests, overrides: [])
        for (request, prediction) in zip(requests, got) {
            let exact = Self.exact(assay: compiled.assays[request.assay], time: request.time, acceptance: acceptance)
            #expect(abs(prediction.pPositive - exact.p) <= 1e-10, "\(request): \(prediction.pPositive) vs \(exact.p)")
            let level = Self.level(assay: compiled.assays[request.assay], time: request.time, acceptance: acceptance)
            #expect(abs(prediction.meanLevel - level) <= 1e-10 * level, "\(request): level \(prediction.meanLevel) vs \(level)")
        }
        let rows = try Self.runRows(text, options: SimulationOptions(method: .moments, threads: 1, presence: false))
        #expect(rows.count == requests.count)
        for row in rows {
            let a = compiled.assays.firstIndex { $0.assay.name == row.assay }!
            let exact = Self.exact(assay: compiled.assays[a], time: row.time, acceptance: acceptance)
            #expect(abs((row.pDetect ?? -1) - exact.p) <= 1e-10, "\(row.assay) day \(row.time): \(row.pDetect ?? -1) vs \(exact.p)")
            let level = Self.level(assay: compiled.assays[a], time: row.time, acceptance: acceptance)
            #expect(abs(row.meanPer1e5 - level) <= 1e-10 * level, "\(row.assay) day \(row.time): level \(row.meanPer1e5) vs \(level)")
        }
    }

    /// A stochastic P(positive) against its exact value: within 4 exact
    /// standard errors, or to 1e-12 where the estimator has none (every
    /// replicate gives the same conditional probability).
    static func expectAgreement(_ estimate: Double, _ exact: Double, standardError se: Double, _ label: String) {
        if se == 0 {
            #expect(abs(estimate - exact) <= 1e-12, "\(label): \(estimate) vs \(exact)")
        } else {
            #expect(Moments.z(estimate, exact, standardError: se) <= 4, "\(label): \(estimate) vs \(exact) ± \(se)")
        }
    }

    /// The assay rows of `run` on `text`.
    static func runRows(_ text: String, options: SimulationOptions) throws -> [AssayCSV.Row] {
        let path = try TemporaryDirectory.make("niche").appendingPathComponent("niche.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let compiled = try #require(try RunPipeline.load(path: path, overrides: []).compiled)
        let request = RunRequest(scenarioPath: path, options: options, plot: false)
        return try RunPipeline.simulateFamily(model: compiled.network, compiled: compiled, request: request).assayRows
    }

    /// One stochastic engine on `text` by both paths: each request's
    /// prediction (fit, seed 7) with the assay row of `run` (seed 11) at the
    /// same assay and time.
    static func stochasticPaths(_ text: String, engine: EngineKind, replicates: Int) throws
        -> (compiled: CompiledScenario, pairs: [(request: PredictionRequest, prediction: AssayPrediction, row: AssayCSV.Row)]) {
        let predictor = try predictor(text, method: .engine(engine), replicates: replicates)
        let compiled = try #require(predictor.base.compiled)
        let requests = requests(compiled)
        let got = try predictor.predict(requests, overrides: [])
        let rows = try runRows(text, options: SimulationOptions(seed: 11, replicates: replicates, method: .engine(engine), threads: 2, presence: false))
        let pairs = try zip(requests, got).map { request, prediction in
            (request, prediction, try #require(rows.first { $0.assay == compiled.assays[request.assay].assay.name && $0.time == request.time }))
        }
        return (compiled, pairs)
    }

    @Test("exact and fast: the Rao-Blackwell P(positive) and the level within 4 exact standard errors (fit and run paths, 4000 replicates)",
          arguments: [EngineKind.exact, EngineKind.fast], acceptances)
    func stochastic(engine: EngineKind, acceptance: Double) throws {
        let replicates = 4000
        let (compiled, pairs) = try Self.stochasticPaths(Self.scenario(acceptance: acceptance), engine: engine, replicates: replicates)
        for (request, prediction, row) in pairs {
            let exact = Self.exact(assay: compiled.assays[request.assay], time: request.time, acceptance: acceptance)
            let se = exact.sd / Double(replicates).squareRoot()
            let level = Self.level(assay: compiled.assays[request.assay], time: request.time, acceptance: acceptance)
            let levelSE = Self.levelSD(assay: compiled.assays[request.assay], time: request.time, acceptance: acceptance)
                / Double(replicates).squareRoot()
            for estimate in [prediction.meanLevel, row.meanPer1e5] where levelSE > 0 {
                #expect(Moments.z(estimate, level, standardError: levelSE) <= 4, "\(request): level \(estimate) vs \(level) ± \(levelSE)")
            }
            for estimate in [prediction.pPositive, row.pDetect ?? -1] {
                Self.expectAgreement(estimate, exact.p, standardError: se, "\(request)")
            }
        }
    }

    @Test("""
          dose independence: with fast seeding, 10 and 1000 cells give P(positive) within 1e-6 once both niches are surely occupied \
          (at acceptance 0.3, 0.3 times the clone's chance); without a niche they differ
          """)
    func doseIndependence() throws {
        func p(_ n: Int, niche: Bool, acceptance: Double = 1) throws -> [Double] {
            let text = Self.scenario(cells: n, seeding: 1, niche: niche, returning: 0.05, acceptance: acceptance)
            let predictor = try Self.predictor(text, method: .moments)
            let requests = [PredictionRequest(assay: 0, time: 31), PredictionRequest(assay: 0, time: 365)]
            return try predictor.predict(requests, overrides: []).map(\.pPositive)
        }
        let (few, many) = (try p(10, niche: true), try p(1000, niche: true))
        let theta = 10.0 / 5000
        #expect(abs(few[1] - many[1]) <= 1e-6, "\(few[1]) vs \(many[1])")
        #expect(abs(many[1] - -expm1(-theta * Self.blood)) <= 1e-6)
        // With acceptance 0.3 the chance saturates at 0.3 of the accepting hosts' chance, whatever the dose.
        let (fewSome, manySome) = (try p(10, niche: true, acceptance: 0.3), try p(1000, niche: true, acceptance: 0.3))
        #expect(abs(fewSome[1] - manySome[1]) <= 1e-6, "\(fewSome[1]) vs \(manySome[1])")
        #expect(abs(manySome[1] - 0.3 * -expm1(-theta * Self.blood)) <= 1e-6, "\(manySome[1])")
        let (fewBare, manyBare) = (try p(10, niche: false), try p(1000, niche: false))
        #expect(manyBare[0] - fewBare[0] > 0.1, "\(fewBare[0]) vs \(manyBare[0])")
    }
}
