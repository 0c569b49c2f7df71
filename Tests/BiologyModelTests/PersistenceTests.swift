@testable import BiologyModel
import Engines
import Foundation
import RateModel
import Testing

/// `persistence` of a tissue: the self-renewal that makes a type's
/// circulating cells (blood and the tissues exchanging with it) decline at a
/// given rate, checked against the eigenvalues of a 2×2 generator in closed
/// form and against the exact mean of the moments engine decades after a
/// pregnancy.
@Suite struct PersistenceTests {
    static let year = 365.25

    /// Blood (clearance 0.3, homing 0.02) and marrow (return 0.01, death
    /// 0.001), with persistence ρ in marrow and differentiation δ.
    static func pair(rho: Double, delta: Double = 0) -> CellType {
        CellType(name: "cell", share: 1, bloodClearance: 0.3, homing: ["marrow": 0.02],
                 tissue: ["marrow": TissueKinetics(returnRate: 0.01, death: 0.001, selfRenewal: 0, persistence: rho)],
                 differentiation: delta > 0 ? [Differentiation(into: "other", rate: delta)] : [])
    }

    /// The largest eigenvalue of [[p, q], [r, s]] by the quadratic formula.
    static func largestEigenvalue(_ p: Double, _ q: Double, _ r: Double, _ s: Double) -> Double {
        let half = (p + s) / 2, det = p * s - q * r
        return half + (half * half - det).squareRoot()
    }

    @Test(arguments: [(log(2) / (5 * year), 0.0), (log(2) / (30 * year), 0.0005), (log(2) / 200, 0.0)])
    func twoCompartmentsDeclineAtTheAskedRate(rho: Double, delta: Double) throws {
        let type = try Self.pair(rho: rho, delta: delta).resolvingPersistence(tissues: ["marrow"])
        let s = try #require(type.tissue["marrow"]).selfRenewal
        #expect(s >= 0)
        // Mean generator on (blood, marrow): blood loses clearance, homing and
        // differentiation; marrow gains s and loses return, death and δ.
        let lambda = Self.largestEigenvalue(-(0.3 + 0.02 + delta), 0.01, 0.02, s - 0.01 - 0.001 - delta)
        #expect(abs(lambda + rho) <= 1e-12 * max(1, rho) + 1e-15, "eigenvalue \(lambda) against −\(rho) with s = \(s)")
        #expect(abs(type.circulatingGrowthRate(tissues: ["marrow"]) - lambda) <= 1e-13)
    }

    /// Three exchanging tissues, a sink (brain: no return) and one tissue
    /// without homing: the exact mean of the circulating cells 20 to 40 years
    /// after one pregnancy falls as exp(−ρ·20 years); the brain is left out.
    @Test func theMomentsMeanOfCirculatingCellsDeclinesAtTheAskedRate() throws {
        let rho = log(2) / (12 * Self.year)
        let type = CellType(name: "cell", share: 1, bloodClearance: 0.2,
                            homing: ["marrow": 0.02, "liver": 0.01, "lung": 0.05, "brain": 0.001],
                            tissue: ["marrow": TissueKinetics(returnRate: 0.01, death: 0.0012, persistence: rho),
                                     "liver": TissueKinetics(returnRate: 0.0002, death: 0.0012),
                                     "lung": TissueKinetics(returnRate: 1, death: 0.3),
                                     "brain": TissueKinetics(returnRate: 0, death: 0.001, selfRenewal: 0.0005),
                                     "skin": TissueKinetics(returnRate: 0.1, death: 0.01)])
        let tissues = ["marrow", "liver", "lung", "brain", "skin"]
        let resolved = try type.resolvingPersistence(tissues: tissues)
        let none = PulseSizes(liveBirth: 0, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0)
        let scenario = BiologyScenario(
            name: "persistence", horizon: 41 * Self.year, outputTimes: [21 * Self.year, 41 * Self.year], tissues: tissues,
            cellTypes: [resolved], pregnancies: [Pregnancy(child: Child(name: "son", sex: .male), start: 0)],
            transfer: PlacentalTransfer(fetalToMaternal: DirectionalTransfer(peakRate: 1000, pulse: none),
                                        maternalToFetal: DirectionalTransfer(peakRate: 0, pulse: none), carriedRate: 0, twinRate: 0))
        let model = try BiologyCompiler.compile(scenario).network
        let means = try MomentsEngine(model: model).meanTrajectory()
        func circulating(_ k: Int) -> Double {
            model.compartments.indices.filter {
                let name = model.compartments[$0].name
                return name.hasPrefix("mother/son/") && !name.hasSuffix("/brain") && !name.hasSuffix("/skin")
            }.reduce(0) { $0 + means[k][$1] }
        }
        let observed = log(circulating(1) / circulating(0)) / (20 * Self.year)
        // The next mode decays at least 10^-3/day faster: after 21 years its share is below e^-7.
        #expect(abs(observed + rho) <= 1e-3 * rho, "observed rate \(observed) against −\(rho)")
        #expect(abs(resolved.circulatingGrowthRate(tissues: tissues) + rho) <= 1e-12)
    }

    @Test func aPersistenceNoSelfRenewalCanGiveIsRefusedWithTheHalfLifeThatIs() throws {
        // Without self-renewal the pair declines at −0.010354/day (eigenvalue of
        // [[−0.32, 0.01], [0.02, −0.011]]), a half-life of 0.1833 years; 30
        // days would need negative self-renewal.
        #expect {
            _ = try Self.pair(rho: log(2) / 30).resolvingPersistence(tissues: ["marrow"])
        } throws: { error in
            let problem = error as? CellType.PersistenceProblem
            return problem?.tissue == "marrow" && problem?.message.contains("half-life of 0.1833 years") == true
        }
    }

    @Test func persistenceNeedsExchangeWithBloodAndOneTissue() throws {
        var sink = Self.pair(rho: 1e-4)
        sink.tissue["marrow"]!.returnRate = 0
        #expect(throws: CellType.PersistenceProblem.self) { try sink.resolvingPersistence(tissues: ["marrow"]) }
        var two = Self.pair(rho: 1e-4)
        two.homing["liver"] = 0.01
        two.tissue["liver"] = TissueKinetics(returnRate: 0.01, death: 0.001, persistence: 1e-4)
        #expect(throws: CellType.PersistenceProblem.self) { try two.resolvingPersistence(tissues: ["marrow", "liver"]) }
        var byDefault = Self.pair(rho: 1e-4)
        byDefault.defaultTissue.persistence = 1e-4
        #expect(throws: CellType.PersistenceProblem.self) { try byDefault.resolvingPersistence(tissues: ["marrow"]) }
        // Another exchanging tissue that alone declines slower than asked.
        var slow = Self.pair(rho: 1e-3)
        slow.homing["liver"] = 0.01
        slow.tissue["liver"] = TissueKinetics(returnRate: 0.0001, death: 0.0001)
        #expect(throws: CellType.PersistenceProblem.self) { try slow.resolvingPersistence(tissues: ["marrow", "liver"]) }
    }

    @Test func withoutPersistenceTheTypeIsUnchanged() throws {
        let type = BiologyDefaults.mature
        #expect(try type.resolvingPersistence(tissues: BiologyDefaults.tissues) == type)
    }
}
