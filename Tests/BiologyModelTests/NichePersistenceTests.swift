import Testing
@testable import BiologyModel

/// Seeding a niche is a per-cell loss of its tissue, so the circulating
/// growth rate and a solved `persistence` count it like death there.
@Suite struct NichePersistenceTests {
    static func type(death: Double, niche: Niche?) -> CellType {
        CellType(name: "stem", share: 1, bloodClearance: 0.1, homing: ["bone_marrow": 0.02, "liver": 0.01],
                 tissue: ["bone_marrow": TissueKinetics(returnRate: 0.01, death: death, selfRenewal: 0.011),
                          "liver": TissueKinetics(returnRate: 0.005, death: 0.002)],
                 niche: niche)
    }

    @Test("a niche seeding at e in marrow gives the growth rate of death d + e there, to 1e-14")
    func seedingIsALoss() {
        let tissues = ["bone_marrow", "liver"]
        let withNiche = Self.type(death: 0.0012, niche: Niche(seeding: 3e-4, bloodCells: 100)).circulatingGrowthRate(tissues: tissues)
        let asDeath = Self.type(death: 0.0012 + 3e-4, niche: nil).circulatingGrowthRate(tissues: tissues)
        let without = Self.type(death: 0.0012, niche: nil).circulatingGrowthRate(tissues: tissues)
        #expect(abs(withNiche - asDeath) <= 1e-14 && withNiche < without)
        let inLiver = Self.type(death: 0.0012, niche: Niche(tissue: "liver", seeding: 3e-4, bloodCells: 100))
        #expect(inLiver.circulatingGrowthRate(tissues: tissues) != withNiche)
    }

    @Test("persistence with a niche solves the self-renewal that death d + e would need, to 1e-14")
    func persistenceCountsSeeding() throws {
        let rho = 0.693 / (25 * 365.25)
        var a = Self.type(death: 0.0012, niche: Niche(seeding: 3e-4, bloodCells: 100))
        var b = Self.type(death: 0.0012 + 3e-4, niche: nil)
        a.tissue["bone_marrow"]!.persistence = rho
        b.tissue["bone_marrow"]!.persistence = rho
        let solvedA = try a.resolvingPersistence(tissues: ["bone_marrow", "liver"]).tissue["bone_marrow"]!.selfRenewal
        let solvedB = try b.resolvingPersistence(tissues: ["bone_marrow", "liver"]).tissue["bone_marrow"]!.selfRenewal
        #expect(abs(solvedA - solvedB) <= 1e-14, "\(solvedA) vs \(solvedB)")
    }
}
