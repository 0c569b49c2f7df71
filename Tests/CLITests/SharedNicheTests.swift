import BiologyModel
import Engines
import Foundation
@testable import MicrochimeraKit
import Testing
import TestSupport

/// A niche shared by every origin of a host (`Niche.shared`) against closed
/// forms. Two donors give n_A male and n_B female cells into marrow at day 1
/// (loss d, seeding e, no return): per cell, `a = e^{−(e+d)t}` is still in
/// marrow and `b = e/(e+d)·(1 − e^{−(e+d)t})` founded the niche, so donor o
/// occupies it with `p_o = 1 − (1 − b)^{n_o}`, independently. A Y-chromosome
/// assay sees only A's share of the clone: with m occupying donors, s = 1[A
/// occupies], `V(m, s) = 1 − α·(1 − e^{−μ s/m})`, μ = θ·(clone cells), and
/// (w = θ; the blood assay sees no marrow cell, a = 0)
///
///     P(nothing seen) = (1 − w a − b)^{n_A} + [(1 − w a)^{n_A} − (1 − w a − b)^{n_A}]·[(1 − p_B)·V(1, 1) + p_B·V(2, 1)],
///     level ∝ α·μ·p_A·(1 − p_B/2) (+ θ·n_A·a, marrow).
///
/// The same with `w' = 1 − (1 − w)²` and V² is `E[miss²]` of the
/// Rao-Blackwell estimate (one replicate: `(1 − w)^{X_A}·V(m, s)`), its exact
/// standard error. Thresholds: moments to 1e-10 absolute (1e-10 relative
/// for levels); `exact` and `fast` within 4 exact standard errors at a fixed
/// seed; acceptance 1 and 0.3.
@Suite("Shared niche: every origin of a host shares one clone, against closed forms")
struct SharedNicheTests {
    static let (death, seeding, blood, marrowCells, male, female) = (0.01, 0.002, 500.0, 5.0, 20, 10)

    /// NicheTests' scenario (one male donor) with the niche `shared` or not, and `n` cells of a female donor (none: no second donor).
    static func scenario(acceptance: Double, shared: Bool = true, female n: Int = female) -> String {
        let one = NicheTests.scenario(acceptance: acceptance)
            .replacingOccurrences(of: "marrow_cells: \(marrowCells)", with: "marrow_cells: \(marrowCells), shared: \(shared)")
        return n == 0 ? one : one.replacingOccurrences(of: "events:\n", with: """
            events:
              - transfusion: { donor: other, sex: female, at: 1 day, into: bone_marrow, cells: { stem: \(n) } }

            """)
    }

    /// P(nothing seen) (or, `squared`, E[miss²]) of the assay at `time`.
    static func miss(_ assay: CompiledAssay, time: Double, acceptance: Double, squared: Bool = false) -> Double {
        let marrow = assay.assay.compartment == "bone_marrow"
        let theta = assay.sampledFraction, mu = theta * (marrow ? marrowCells : blood), t = time - 1, k = seeding + death
        let w = squared ? 1 - (1 - theta) * (1 - theta) : theta
        let a = marrow ? exp(-k * t) : 0, b = seeding / k * -expm1(-k * t)
        let pB = 1 - pow(1 - b, Double(female))
        func v(_ m: Int) -> Double {
            let value = 1 - acceptance * -expm1(-mu / Double(m))
            return squared ? value * value : value
        }
        let empty = pow(1 - w * a - b, Double(male)), all = pow(1 - w * a, Double(male))
        return empty + (all - empty) * ((1 - pB) * v(1) + pB * v(2))
    }

    /// The expected level per 10⁵ cells analysed.
    static func level(_ assay: CompiledAssay, time: Double, acceptance: Double) -> Double {
        let marrow = assay.assay.compartment == "bone_marrow"
        let theta = assay.sampledFraction, t = time - 1, k = seeding + death, b = seeding / k * -expm1(-k * t)
        let pA = 1 - pow(1 - b, Double(male)), pB = 1 - pow(1 - b, Double(female))
        let mu = theta * (marrow ? marrowCells : blood)
        let seen = (marrow ? theta * Double(male) * exp(-k * t) : 0) + acceptance * mu * pA * (1 - pB / 2)
        return seen / (marrow ? 2e6 : 7e7) * 1e5
    }

    @Test("the compiler lists both donors as members, the female one unseen, with μ of the whole clone")
    func compiled() throws {
        let compiled = try #require(try NicheTests.predictor(Self.scenario(acceptance: 0.3), method: .moments).base.compiled)
        let blood = compiled.assays[0]
        #expect(blood.clones.isEmpty)
        let group = try #require(blood.sharedClones.first)
        #expect(blood.sharedClones.count == 1 && group.acceptance == 0.3 && group.meanSeen == 10.0 / 5000 * Self.blood)
        // Members in the family's origin order (the female donor's transfusion is listed first).
        #expect(group.members.map(\.origin) == ["other", "donor"] && group.members.map(\.seen) == [false, true])
        #expect(group.members[1].counted == blood.compartments && group.members[0].counted.isEmpty)
        #expect(blood.seesClone)
    }

    @Test("moments: P(positive) and the level of a blood and a marrow assay against the closed form, to 1e-10 (fit and run paths)",
          arguments: NicheTests.acceptances)
    func moments(acceptance: Double) throws {
        let text = Self.scenario(acceptance: acceptance)
        let predictor = try NicheTests.predictor(text, method: .moments)
        let compiled = try #require(predictor.base.compiled)
        let requests = NicheTests.requests(compiled)
        let got = try predictor.predict(requests, overrides: [])
        let rows = try NicheTests.runRows(text, options: SimulationOptions(method: .moments, threads: 1, presence: false))
        for (request, prediction) in zip(requests, got) {
            let assay = compiled.assays[request.assay]
            let p = 1 - Self.miss(assay, time: request.time, acceptance: acceptance)
            let level = Self.level(assay, time: request.time, acceptance: acceptance)
            let row = try #require(rows.first { $0.assay == assay.assay.name && $0.time == request.time })
            for (estimate, path) in [(prediction.pPositive, "fit"), (row.pDetect ?? -1, "run")] {
                #expect(abs(estimate - p) <= 1e-10, "\(path) \(request): \(estimate) vs \(p)")
            }
            for (estimate, path) in [(prediction.meanLevel, "fit"), (row.meanPer1e5, "run")] {
                #expect(abs(estimate - level) <= 1e-10 * level, "\(path) \(request): level \(estimate) vs \(level)")
            }
        }
    }

    @Test("exact and fast: the Rao-Blackwell P(positive) within 4 exact standard errors (fit and run paths, 4000 replicates)",
          arguments: [EngineKind.exact, EngineKind.fast], NicheTests.acceptances)
    func stochastic(engine: EngineKind, acceptance: Double) throws {
        let replicates = 4000
        let (compiled, pairs) = try NicheTests.stochasticPaths(Self.scenario(acceptance: acceptance), engine: engine, replicates: replicates)
        for (request, prediction, row) in pairs {
            let assay = compiled.assays[request.assay]
            let m1 = Self.miss(assay, time: request.time, acceptance: acceptance)
            let m2 = Self.miss(assay, time: request.time, acceptance: acceptance, squared: true)
            let se = max(m2 - m1 * m1, 0).squareRoot() / Double(replicates).squareRoot()
            for estimate in [prediction.pPositive, row.pDetect ?? -1] {
                NicheTests.expectAgreement(estimate, 1 - m1, standardError: se, "\(request)")
            }
        }
    }

    @Test("the clone does not grow with the origins that found it: the male share halves once the female donor founds too")
    func dilution() throws {
        func level(shared: Bool, female: Int) throws -> Double {
            let predictor = try NicheTests.predictor(Self.scenario(acceptance: 1, shared: shared, female: female), method: .moments)
            return try predictor.predict([PredictionRequest(assay: 0, time: 700)], overrides: [])[0].meanLevel
        }
        // With a thousand female cells her donor surely founds: the male share is half the clone, and no female cell is seen.
        let alone = try level(shared: true, female: 0), diluted = try level(shared: true, female: 1000)
        #expect(abs(diluted / alone - 0.5) <= 1e-9, "\(diluted) / \(alone)")
        // Separate niches: the female donor's clone is her own, and the male level does not change.
        #expect(abs(try level(shared: false, female: 1000) / level(shared: false, female: 0) - 1) <= 1e-12)
    }

    @Test("one origin: a shared niche is an own niche (to 1e-12)")
    func oneOrigin() throws {
        func predictions(shared: Bool) throws -> [AssayPrediction] {
            let text = Self.scenario(acceptance: 0.3, shared: shared, female: 0)
            let predictor = try NicheTests.predictor(text, method: .moments)
            return try predictor.predict(NicheTests.requests(try #require(predictor.base.compiled)), overrides: [])
        }
        for (own, shared) in zip(try predictions(shared: false), try predictions(shared: true)) {
            #expect(abs(own.pPositive - shared.pPositive) <= 1e-12 && abs(own.meanLevel - shared.meanLevel) <= 1e-12 * own.meanLevel)
        }
    }
}
