@testable import BiologyModel
import Foundation
import RateModel
import Testing

/// Maternal sensitisation in the compiler: a conceptus's cells in its mother
/// are cleared (blood) and die (tissues) `sensitisation^k` times faster, `k`
/// being her pregnancies that ended before its conception.
@Suite struct SensitisationTests {
    static let year = 365.25

    /// One type with clearance 0.3 and death 0.01 in one tissue; a son, a
    /// miscarriage, twins (one pregnancy: it counts once), a daughter, and the
    /// daughter's own son (her first pregnancy); transfer into the children is off so every rate is the mother's.
    static func scenario(sensitisation: Double) -> BiologyScenario {
        let type = CellType(name: "cell", share: 1, bloodClearance: 0.3, homing: ["marrow": 0.01],
                            tissue: ["marrow": TissueKinetics(returnRate: 0.02, death: 0.01, selfRenewal: 0.005)])
        let none = PulseSizes(liveBirth: 0, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0)
        return BiologyScenario(
            name: "parity", horizon: 40 * year, outputTimes: [40 * year], tissues: ["marrow"], cellTypes: [type],
            pregnancies: [
                Pregnancy(child: Child(name: "first", sex: .male), start: 0),
                Pregnancy(child: Child(name: "lost", sex: .male), start: 2 * year, length: 70, outcome: .miscarriage),
                Pregnancy(child: Child(name: "a", sex: .male), twin: Child(name: "b", sex: .female), start: 3 * year),
                Pregnancy(child: Child(name: "daughter", sex: .female), start: 5 * year),
                Pregnancy(mother: "daughter", child: Child(name: "grandson", sex: .male), start: 30 * year),
            ],
            transfer: PlacentalTransfer(fetalToMaternal: DirectionalTransfer(peakRate: 1000, pulse: none),
                                        maternalToFetal: DirectionalTransfer(peakRate: 0, pulse: none), carriedRate: 0, twinRate: 0),
            sensitisation: sensitisation)
    }

    /// Per-cell rate out of `host/origin/cell/compartment` in `network`.
    static func death(_ network: NetworkModel, _ name: String) throws -> Double {
        let i = try #require(network.compartments.firstIndex { $0.name == name }, "no compartment \(name)")
        return network.flows.filter { $0.from == i && $0.to == .out }.reduce(0) { $0 + $1.rate }
    }

    @Test func laterPregnanciesAreClearedFasterByOneFactorPerEarlierPregnancy() throws {
        let network = try BiologyCompiler.compile(Self.scenario(sensitisation: 1.5)).network
        // k earlier pregnancies of the same mother, ended before conception.
        let expected: [(host: String, origin: String, k: Double)] = [
            ("mother", "first", 0), ("mother", "lost", 1), ("mother", "a", 2), ("mother", "b", 2),
            ("mother", "daughter", 3), ("daughter", "grandson", 0),
        ]
        for (host, origin, k) in expected {
            let factor = pow(1.5, k)
            let blood = try Self.death(network, "\(host)/\(origin)/cell/blood")
            let marrow = try Self.death(network, "\(host)/\(origin)/cell/marrow")
            #expect(abs(blood - 0.3 * factor) < 1e-15, "\(host)/\(origin) blood: \(blood)")
            #expect(abs(marrow - 0.01 * factor) < 1e-15, "\(host)/\(origin) marrow: \(marrow)")
        }
        // Homing, return and division are not immune processes: unchanged.
        let i = try #require(network.compartments.firstIndex { $0.name == "mother/a/cell/marrow" })
        #expect(network.divisions.filter { $0.compartment == i }.map(\.rate) == [0.005])
        #expect(network.flows.filter { $0.from == i && $0.to != .out }.map(\.rate) == [0.02])
    }

    @Test func factorOneIsTheLinearModelAndMultipliesImmunity() throws {
        var off = Self.scenario(sensitisation: 1)
        let plain = try BiologyCompiler.compile(off).network
        #expect(try Self.death(plain, "mother/a/cell/blood") == 0.3)
        off.sensitisation = 2
        off.immunity = [ImmuneFactor(host: "mother", origin: "lost", clearanceFactor: 0.5)]
        let both = try BiologyCompiler.compile(off).network
        #expect(abs(try Self.death(both, "mother/lost/cell/blood") - 0.3) < 1e-15) // 0.5 · 2¹
        #expect(abs(try Self.death(both, "mother/a/cell/blood") - 1.2) < 1e-15)    // 2²
    }

    @Test func defaultIsDocumented() {
        #expect(BiologyScenario(name: "d", horizon: 1, outputTimes: [1]).sensitisation == BiologyDefaults.sensitisation)
    }
}
