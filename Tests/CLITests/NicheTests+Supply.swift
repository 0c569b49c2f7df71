import BiologyModel
import Foundation
@testable import MicrochimeraKit
import Testing

/// A clone that supplies the other tissues (`Niche.tissueSupply`,
/// `CellType.cloneCells(in:)`), against closed forms. The n stem cells go
/// into marrow at day 1 and never return to blood, so the kidney holds no
/// transferred cell: a kidney assay sees the clone only, and
/// `P(positive) = (1 − (1 − b)^n)·α·(1 − e^{−θ·c_k})`, b as in `NicheTests`,
/// with the clone's kidney cells `c_k = s·h_k·c/λ_k` (s the supply, h_k the
/// homing to kidney, c the clone's blood cells, λ_k = return + death +
/// differentiation − self-renewal in kidney). In the brain the type grows
/// (λ < 0): no steady state, no clone cells. Moments to 1e-10 absolute.
@Suite("Niche: a clone that supplies the tissues")
struct NicheSupplyTests {
    static let (supply, homing, acceptance) = (0.05, 0.003, 0.4)
    /// Kidney: return 0.001, death 0.002, self-renewal 0.0005, differentiation 0.0002 into `mature`.
    static let kidneyLoss = 0.001 + 0.002 + 0.0002 - 0.0005

    static func scenario(supply: Double = supply) -> String {
        let n = NicheTests.self
        return """
        name: niche supply
        horizon: 2 years
        output: { times: [30 days] }
        tissues: [bone_marrow, kidney, brain]
        cell_types:
          stem:
            share: 1
            clearance: 0.1 /day
            homing: { kidney: \(homing) /day, brain: 0.001 /day }
            tissues:
              bone_marrow: { death: \(n.death) /day, return: 0 /day }
              kidney: { return: 0.001 /day, death: 0.002 /day, self_renewal: 0.0005 /day }
              brain: { death: 0.001 /day, self_renewal: 0.002 /day }
            differentiation: { mature: 0.0002 /day }
            niche: { seeding: \(n.seeding) /day, blood_cells: \(n.blood), acceptance: \(acceptance), tissue_supply: \(supply) }
          mature: { share: 0, clearance: 1 /day }
        events:
          - transfusion: { donor: donor, sex: male, at: 1 day, into: bone_marrow, cells: { stem: \(n.cells) } }
        assays:
          - { name: kidney, marker: y_chromosome, compartment: kidney, sample: { cells: 1e6 }, times: [31 days, 365 days, 700 days] }
          - { name: brain, marker: y_chromosome, compartment: brain, sample: { cells: 1e6 }, times: [365 days] }
        host_cells:
          blood_volume: 5 L
          tissue_cells: { bone_marrow: 1e7, kidney: 1e8, brain: 1e8 }

        """
    }

    @Test("the clone's cells in a tissue are s·h·c/λ where the type declines, none where it grows or without supply")
    func cells() throws {
        let compiled = try #require(try NicheTests.predictor(Self.scenario(), method: .moments).base.compiled)
        let stem = try #require(compiled.scenario.cellTypes.first { $0.name == "stem" })
        let expected = Self.supply * Self.homing * NicheTests.blood / Self.kidneyLoss
        #expect(abs(stem.cloneCells(in: "kidney") / expected - 1) < 1e-12)
        #expect(stem.cloneCells(in: "brain") == 0 && stem.cloneCells(in: "blood") == NicheTests.blood)
        #expect(compiled.assays[0].clones.map(\.meanSeen).count == 1
                && abs(compiled.assays[0].clones[0].meanSeen / (1e6 / 1e8 * expected) - 1) < 1e-12)
        #expect(compiled.assays[1].clones.isEmpty)
        let none = try #require(try NicheTests.predictor(Self.scenario(supply: 0), method: .moments).base.compiled)
        #expect(none.assays.allSatisfy { $0.clones.isEmpty })
    }

    @Test("describe states the clone's cells in each tissue it supplies, and nothing without supply")
    func described() throws {
        let compiled = try #require(try NicheTests.predictor(Self.scenario(), method: .moments).base.compiled)
        let stem = try #require(compiled.scenario.cellTypes.first { $0.name == "stem" })
        let text = ModelDescription.supply(of: stem, tissues: compiled.scenario.tissues)
        #expect(text.contains("0.05 times") && text.contains("\(ReadableUnits.number(stem.cloneCells(in: "kidney"))) in kidney"))
        #expect(!text.contains("brain"), "\(text)")
        var without = stem
        without.niche?.tissueSupply = 0
        #expect(ModelDescription.supply(of: without, tissues: compiled.scenario.tissues).isEmpty)
    }

    @Test("moments: P(positive) of a kidney assay that sees the clone only, against the closed form, to 1e-10")
    func moments() throws {
        let predictor = try NicheTests.predictor(Self.scenario(), method: .moments)
        let compiled = try #require(predictor.base.compiled)
        let requests = NicheTests.requests(compiled).filter { $0.assay == 0 }
        let got = try predictor.predict(requests, overrides: [])
        let mu = 1e6 / 1e8 * Self.supply * Self.homing * NicheTests.blood / Self.kidneyLoss
        for (request, prediction) in zip(requests, got) {
            let k = NicheTests.seeding + NicheTests.death + 0.0002, t = request.time - 1
            let b = NicheTests.seeding / k * -expm1(-k * t)
            let exact = (1 - pow(1 - b, Double(NicheTests.cells))) * Self.acceptance * -expm1(-mu)
            #expect(abs(prediction.pPositive - exact) <= 1e-10, "day \(request.time): \(prediction.pPositive) vs \(exact)")
        }
    }
}
