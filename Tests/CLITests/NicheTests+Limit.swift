import Engines
import Foundation
@testable import MicrochimeraKit
import Testing
import TestSupport

/// A limit of detection of 2 on assays that see a niche's clone, against an
/// exact enumeration of `NicheTests.scenario`'s law: at t days after the
/// bolus the n cells are independently in marrow (a), in the niche (b) or
/// gone, so `P(X = x, I = 0) = C(n,x)·a^x·(1 − a − b)^{n−x}` and
/// `P(X = x) = C(n,x)·a^x·(1 − a)^{n−x}` (X: marrow cells, I: the niche
/// occupied; the blood assay sees no cell, a = 0). Given (x, i), the assay
/// counts K ~ Binomial(x, θ) cells plus C ~ Poisson(μ·i) of the clone, and
/// misses when K + C < 2:
///
///     P(miss | x, i) = (1 − θ)^x·e^{−μi}·(1 + μi) + x·θ·(1 − θ)^{x−1}·e^{−μi};
///
/// with acceptance α the niche keeps its clone with probability α, and one
/// replicate's (Rao-Blackwell) value is `1 − (1 − α)·P(miss | x, 0) − α·P(miss | x, i)`.
///
/// The mean over the law is P(positive); its variance, one replicate's, gives
/// the exact standard error of the stochastic (Rao-Blackwell) estimate.
/// Thresholds: within 4 exact standard errors at a fixed seed; moments refuses.
extension NicheTests {
    static func limitTwo(_ text: String) -> String {
        text.replacingOccurrences(of: "sample: 10 mL, times", with: "sample: 10 mL, limit_of_detection: 2, times")
            .replacingOccurrences(of: "sample: { cells: 2e6 }, times", with: "sample: { cells: 2e6 }, limit_of_detection: 2, times")
    }

    /// The exact P(positive) and one replicate's standard deviation for a limit of 2.
    static func exactLimitTwo(marrow: Bool, theta: Double, mu: Double, time: Double, acceptance: Double) -> (p: Double, sd: Double) {
        let k = seeding + death, t = time - 1, n = cells
        let a = marrow ? exp(-k * t) : 0, b = seeding / k * -expm1(-k * t)
        func choose(_ x: Int) -> Double { exp(lgamma(Double(n + 1)) - lgamma(Double(x + 1)) - lgamma(Double(n - x + 1))) }
        func miss(_ x: Int, _ i: Double) -> Double {
            let base = pow(1 - theta, Double(x)) * exp(-mu * i) * (1 + mu * i)
            return base + (x > 0 ? Double(x) * theta * pow(1 - theta, Double(x - 1)) * exp(-mu * i) : 0)
        }
        var (m1, m2) = (0.0, 0.0)
        for x in 0...n {
            let empty = choose(x) * pow(a, Double(x)) * pow(1 - a - b, Double(n - x))
            let occupied = choose(x) * pow(a, Double(x)) * pow(1 - a, Double(n - x)) - empty
            for (weight, i) in [(empty, 0.0), (occupied, 1.0)] {
                let v = 1 - (1 - acceptance) * miss(x, 0) - acceptance * miss(x, i)
                m1 += weight * v
                m2 += weight * v * v
            }
        }
        return (m1, max(m2 - m1 * m1, 0).squareRoot())
    }

    @Test("a limit of detection of 2 on assays that see a clone: exact and fast within 4 exact standard errors of the enumerated law (4000 replicates)",
          arguments: [EngineKind.exact, EngineKind.fast], acceptances)
    func limitAboveOne(engine: EngineKind, acceptance: Double) throws {
        let replicates = 4000
        let text = Self.limitTwo(Self.scenario(acceptance: acceptance))
        let compiled = try #require(try Self.predictor(text, method: .engine(engine), replicates: replicates).base.compiled)
        let rows = try Self.runRows(text, options: SimulationOptions(seed: 5, replicates: replicates, method: .engine(engine), threads: 2,
                                                                     presence: false))
        #expect(rows.count == 10)
        for row in rows {
            let assay = try #require(compiled.assays.first { $0.assay.name == row.assay })
            #expect(assay.assay.limitOfDetection == 2)
            let marrow = row.assay == "marrow"
            #expect(assay.clones[0].acceptance == acceptance)
            let exact = Self.exactLimitTwo(marrow: marrow, theta: assay.sampledFraction, mu: assay.clones[0].meanSeen, time: row.time,
                                           acceptance: acceptance)
            let se = exact.sd / Double(replicates).squareRoot()
            Self.expectAgreement(try #require(row.pDetect), exact.p, standardError: se, "\(row.assay) day \(row.time)")
        }
    }

    @Test("moments refuses a limit of detection above 1 on an assay that sees a clone, naming the assay and the methods that can")
    func limitAboveOneMoments() throws {
        let text = Self.limitTwo(Self.scenario())
        for attempt in [{ _ = try Self.runRows(text, options: SimulationOptions(method: .moments, threads: 1, presence: false)) },
                        { let p = try Self.predictor(text, method: .moments)
                          _ = try p.predict(Self.requests(try #require(p.base.compiled)), overrides: []) }] {
            do {
                try attempt()
                Issue.record("moments ran an assay with a limit of 2 that sees a clone")
            } catch {
                let message = "\(error)"
                #expect(message.contains("assay 'blood'") && message.contains("--method fast or exact"), "\(message)")
            }
        }
    }
}
