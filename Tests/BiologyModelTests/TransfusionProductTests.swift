@testable import BiologyModel
import Engines
import Foundation
import RateModel
import Testing

/// Blood products in the compiler: a product's leukocytes (units × content
/// per unit, or the leukoreduced residual) become the donor's boluses, split
/// into progenitor and mature cells by `TransfusionDefaults.progenitorFraction`.
@Suite struct TransfusionProductTests {
    static let year = 365.25

    /// Two types cleared from blood only (progenitor 0.3, mature 0.7 per day), no tissues.
    static func scenario(_ products: [BloodProduct], fraction: Double = 0.001) -> BiologyScenario {
        let progenitor = CellType(name: "progenitor", share: 0.5, bloodClearance: 0.3, homing: [:], tissue: [:])
        let mature = CellType(name: "mature", share: 0.5, bloodClearance: 0.7, homing: [:], tissue: [:])
        let events = products.enumerated().map { k, product in
            FamilyEvent.transfusion(Transfusion(host: "mother", donor: "donor\(k)", donorSex: .male, time: Double(k + 1), product: product))
        }
        return BiologyScenario(name: "products", horizon: 10, outputTimes: [10], tissues: [], cellTypes: [progenitor, mature],
                               events: events, transfusionDefaults: TransfusionDefaults(progenitorFraction: fraction))
    }

    /// Cells of each bolus into `host/origin/type/blood`.
    static func bolus(_ network: NetworkModel, _ name: String) throws -> [Bolus] {
        let i = try #require(network.compartments.firstIndex { $0.name == name }, "no compartment \(name)")
        return network.boluses.filter { $0.compartment == i && $0.cells > 0 }
    }

    @Test func boluesAreUnitsTimesContentSplitByTheFraction() throws {
        let content = BiologyDefaults.leukocytesPerUnit
        let products = [BloodProduct(kind: .wholeBlood), BloodProduct(kind: .redCells, units: 2),
                        BloodProduct(kind: .platelets, units: 3), BloodProduct(kind: .redCells, units: 2, leukoreduced: true),
                        BloodProduct(kind: .platelets, leukoreduced: true)]
        let expected = [content.wholeBlood, 2 * content.redCells, 3 * content.platelets,
                        2 * content.leukoreducedResidual, content.leukoreducedResidual]
        let network = try BiologyCompiler.compile(Self.scenario(products, fraction: 0.125)).network
        for (k, total) in expected.enumerated() {
            let progenitor = try Self.bolus(network, "mother/donor\(k)/progenitor/blood")
            let mature = try Self.bolus(network, "mother/donor\(k)/mature/blood")
            #expect(progenitor.map(\.time) == [Double(k + 1)] && mature.map(\.time) == [Double(k + 1)], "product \(k)")
            // 1/8 of a count divisible by 8 (every content above is): exact.
            #expect(progenitor.map(\.cells) == [total / 8], "product \(k)")
            #expect(mature.map(\.cells) == [total - total / 8], "product \(k)")
        }
    }

    /// An uneven fraction: the two parts sum to the leukocytes exactly and
    /// each is within 1 of its exact share.
    @Test func unevenFractionKeepsTheTotalExact() throws {
        let product = BloodProduct(kind: .platelets, units: 3, leukoreduced: true)
        let total = 3 * BiologyDefaults.leukocytesPerUnit.leukoreducedResidual
        let fraction = 0.123_456_7
        let network = try BiologyCompiler.compile(Self.scenario([product], fraction: fraction)).network
        let p = try #require(Self.bolus(network, "mother/donor0/progenitor/blood").first).cells
        let m = try #require(Self.bolus(network, "mother/donor0/mature/blood").first).cells
        #expect(p + m == total)
        #expect(abs(Double(p) - fraction * Double(total)) < 1)
    }

    /// Fraction 0 gives the progenitors nothing: no progenitor population of that donor.
    @Test func fractionZeroGivesOnlyMatureCells() throws {
        let c = try BiologyCompiler.compile(Self.scenario([BloodProduct(kind: .wholeBlood, leukoreduced: true)], fraction: 0))
        #expect(!c.network.compartments.contains { $0.name == "mother/donor0/progenitor/blood" })
        let residual = BiologyDefaults.leukocytesPerUnit.leukoreducedResidual
        #expect(try Self.bolus(c.network, "mother/donor0/mature/blood").map(\.cells) == [residual])
    }

    /// Moments against the closed form `n_t·exp(−c_t·(T − t₀))` of a bolus
    /// cleared at rate `c_t` (1e-9 relative: the engine's matrix exponentials).
    @Test func momentsMeanIsTheClearedBolus() throws {
        let product = BloodProduct(kind: .redCells, units: 2, leukoreduced: true)
        let model = try BiologyCompiler.compile(Self.scenario([product], fraction: 0.01)).network
        let means = try MomentsEngine(model: model).meanTrajectory()
        let total = Double(2 * BiologyDefaults.leukocytesPerUnit.leukoreducedResidual)
        for (name, share, clearance) in [("progenitor", 0.01, 0.3), ("mature", 0.99, 0.7)] {
            let i = try #require(model.compartments.firstIndex { $0.name == "mother/donor0/\(name)/blood" })
            let exact = share * total * exp(-clearance * (10 - 1))
            #expect(abs(means[0][i] - exact) <= 1e-9 * exact, "\(name): \(means[0][i]) vs \(exact)")
        }
    }

    @Test func productNeedsProgenitorAndMatureTypesAndNoCells() {
        var s = Self.scenario([BloodProduct(kind: .redCells)])
        s.cellTypes = [CellType(name: "cell", share: 1, bloodClearance: 0.3, homing: [:], tissue: [:])]
        #expect(throws: BiologyProblems.self) { try BiologyCompiler.compile(s) }
        let problems = BiologyCompiler.referenceProblems(s)
        #expect(problems.map(\.site) == [.event(0, .product)])
        #expect(problems.first?.message.description.contains("'progenitor' or 'mature'") == true, "\(problems)")
        var both = Self.scenario([BloodProduct(kind: .redCells)])
        guard case .transfusion(var t) = both.events[0] else { return }
        t.cells = ["mature": 10]
        both.events[0] = .transfusion(t)
        #expect(BiologyCompiler.referenceProblems(both).map(\.site) == [.event(0, .product)])
    }

    @Test func defaultsAreTheDocumentedConstants() {
        #expect(TransfusionDefaults().progenitorFraction == BiologyDefaults.transfusionProgenitorFraction)
        #expect(BiologyScenario(name: "d", horizon: 1, outputTimes: [1]).transfusionDefaults == TransfusionDefaults())
        let product = BloodProduct(kind: .wholeBlood)
        #expect(product.units == 1 && !product.leukoreduced)
    }
}
