import BiologyModel
import Foundation
import Testing
@testable import ScenarioFormat

/// `niche:` in a cell type: decoded with its defaults, refused at its key when
/// a value is wrong; accepted with a cohort and with a limit of detection above 1.
@Suite struct NicheDecoderTests {
    static let pregnancy = "pregnancies:\n  - { child: son, sex: male, start: 1 year }\n"

    static func withNiche(_ niche: String) -> String {
        biology(Self.pregnancy + """
        cell_types:
          progenitor:
            niche: \(niche)
          mature:
        """)
    }

    /// A new type `stem` (not a library type) with the niche `niche`.
    static func withOwnType(_ niche: String) -> String {
        biology(Self.pregnancy + """
        cell_types:
          stem:
            share: 1
            clearance: 0.1 /day
            niche: \(niche)
        """)
    }

    @Test func aNewTypesNicheDecodesWithItsDefaults() throws {
        let scenario = try decodeBiology(Self.withOwnType("{ seeding: 1e-4 /day, blood_cells: 2e4 }")).scenario
        #expect(scenario.cellTypes[0].niche == Niche(tissue: "bone_marrow", seeding: 1e-4, bloodCells: 2e4, tissueCells: 0))
        #expect(scenario.cellTypes[0].niche?.acceptance == 1 && scenario.cellTypes[0].niche?.shared == false)
        let supplying = try decodeBiology(Self.withOwnType("{ seeding: 1e-4 /day, blood_cells: 2e4, tissue_supply: 0.05 }")).scenario
        #expect(supplying.cellTypes[0].niche?.tissueSupply == 0.05)
        let full = try decodeBiology(Self.withOwnType("{ seeding: { half_life: 1 year }, blood_cells: 0, marrow_cells: 5e5, tissue: liver }"))
        #expect(full.scenario.cellTypes[0].niche == Niche(tissue: "liver", seeding: log(2) / 365.25, bloodCells: 0, tissueCells: 5e5))
        let some = try decodeBiology(Self.withOwnType("{ seeding: 1e-4 /day, blood_cells: 2e4, acceptance: 0.35, shared: true }")).scenario
        #expect(some.cellTypes[0].niche?.acceptance == 0.35 && some.cellTypes[0].niche?.shared == true)
    }

    @Test func theProgenitorsNicheKeepsTheDefaultValuesOfTheKeysNotWritten() throws {
        let library = try #require(BiologyDefaults.progenitor.niche)
        let one = try decodeBiology(Self.withNiche("{ acceptance: 0.5 }")).scenario
        var expected = library
        expected.acceptance = 0.5
        #expect(one.cellTypes.first { $0.name == "progenitor" }?.niche == expected)
        let two = try decodeBiology(Self.withNiche("{ seeding: 1e-4 /day, blood_cells: 2e4, shared: false }")).scenario
        expected = library
        (expected.seeding, expected.bloodCells, expected.shared) = (1e-4, 2e4, false)
        #expect(two.cellTypes.first { $0.name == "progenitor" }?.niche == expected)
        #expect(one.cellTypes.first { $0.name == "mature" }?.niche == nil)
    }

    @Test func withoutANicheKeyTheDefaultsKeepTheirs() throws {
        let scenario = try decodeBiology(biology(Self.pregnancy)).scenario
        // The library's progenitor has the calibrated niche; mature cells have none.
        #expect(scenario.cellTypes.first { $0.name == "progenitor" }?.niche == BiologyDefaults.progenitor.niche)
        #expect(BiologyDefaults.progenitor.niche != nil)
        #expect(scenario.cellTypes.first { $0.name == "mature" }?.niche == nil)
        // A type the scenario declares itself has none unless it says so.
        let own = try decodeBiology(biology(Self.pregnancy + "cell_types:\n  stem: { share: 1, clearance: 0.1 /day }\n")).scenario
        #expect(own.cellTypes.allSatisfy { $0.niche == nil })
    }

    @Test("a wrong value is refused at its key", arguments: [
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, tissue: marrow }", "niche.tissue", "unknown tissue 'marrow'"),
        ("{ seeding: -1 /day, blood_cells: 2e4 }", "niche.seeding", "negative"),
        ("{ seeding: 1e-4 /day, blood_cells: many }", "niche.blood_cells", "a mean number of the clone's cells"),
        ("{ seeding: 1e-4 /day, blood_cells: -3 }", "niche.blood_cells", "must not be negative"),
        ("{ seeding: 1e-4 /day, blood_cells: 1, marrow_cells: -3 }", "niche.marrow_cells", "must not be negative"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, size: 3 }", "niche.size", "size"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, acceptance: 1.5 }", "niche.acceptance", "between 0 and 1"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, acceptance: some }", "niche.acceptance", "a probability"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, tissue_supply: -0.1 }", "niche.tissue_supply", "must not be negative"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, tissue_supply: lots }", "niche.tissue_supply", "a multiple of the type's homing"),
        ("{ seeding: 1e-4 /day, blood_cells: 2e4, shared: yes please }", "niche.shared", "one niche per host that every origin shares"),
    ])
    func wrongValues(niche: String, key: String, fragment: String) {
        let text = Self.withNiche(niche)
        let row = line(of: "niche:", in: text)!
        expectSingleError(text, line: row, keyPath: "cell_types.progenitor." + key, contains: [fragment])
    }

    @Test("a new type's niche needs seeding and blood_cells, each reported at the niche", arguments: [
        ("{ blood_cells: 2e4 }", "per-cell rate at which cells found it"),
        ("{ seeding: 1e-4 /day }", "its clone's mean cells in blood"),
    ])
    func aNewTypesNicheNeedsItsKeys(niche: String, fragment: String) {
        let text = Self.withOwnType(niche)
        expectSingleError(text, line: line(of: "niche:", in: text)!, keyPath: "cell_types.stem.niche", contains: [fragment])
    }

    @Test func aCohortWithANicheAndALimitAboveOneDecode() throws {
        let text = biology("""
        cell_types:
          progenitor:
            niche: { seeding: 1e-4 /day, blood_cells: 2e4 }
          mature:
        cohort:
          size: 10
          pregnancies: [0.5, 0.5]
          first_pregnancy_age: { mean: 27 years, sd: 5 years }
          spacing: { mean: 3 years, sd: 1 year }
          outcomes: { live_birth: 1 }
        """, horizon: "60 years")
        let decoded = try decodeBiology(text)
        #expect(decoded.cohort?.size == 10)
        #expect(decoded.scenario.cellTypes.first { $0.name == "progenitor" }?.niche?.bloodCells == 2e4)
        // A limit above 1 on an assay that sees the clone decodes; the moments method refuses it when it runs (NicheTests+Limit).
        let limit = Self.withNiche("{ seeding: 1e-4 /day, blood_cells: 2e4 }")
            + "assays:\n  - { name: y, marker: y_chromosome, sample: 10 mL, limit_of_detection: 2, times: [10 years] }\n"
        #expect(try decodeBiology(limit).scenario.assays.first?.limitOfDetection == 2)
    }

    @Test func aTissueCannotBeCalledNiche() {
        let text = biology("tissues: [bone_marrow, niche]\n")
        let row = line(of: "tissues:", in: text)!
        expectSingleError(text, line: row, keyPath: "tissues[1]", contains: ["reserved"])
    }
}
