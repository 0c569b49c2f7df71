import BiologyModel
import Foundation
import Testing
@testable import ScenarioFormat

/// `persistence:` in a tissue's kinetics: decoded as a rate, turned into that
/// tissue's self-renewal, exclusive with `self_renewal`, and refused at its
/// key when no self-renewal can give it.
@Suite struct PersistenceDecoderTests {
    static let year = 365.25
    static let pregnancy = "pregnancies:\n  - { child: son, sex: male, start: 1 year }\n"
    /// A son and a marrow persistence half-life of 25 years.
    static let persistent = biology(pregnancy + """
        cell_types:
          progenitor:
            tissues: { bone_marrow: { persistence: { half_life: 25 years } } }
          mature:
        """)

    @Test func aHalfLifeSetsTheMarrowSelfRenewalThatGivesIt() throws {
        let text = Self.persistent
        let scenario = try decodeBiology(text).scenario
        let progenitor = try #require(scenario.cellTypes.first { $0.name == "progenitor" })
        let marrow = try #require(progenitor.tissue["bone_marrow"])
        #expect(marrow.persistence == rate(halfLife: 25 * Self.year))
        #expect(marrow.selfRenewal != BiologyDefaults.progenitor.tissue["bone_marrow"]!.selfRenewal)
        let growth = progenitor.circulatingGrowthRate(tissues: scenario.tissues)
        #expect(abs(growth + rate(halfLife: 25 * Self.year)) <= 1e-12)
    }

    @Test func selfRenewalGivenLaterReplacesAnInheritedPersistence() throws {
        let base = Self.persistent
        let scenario = try decodeBiology(base, overrides: [
            SetOverride(path: "cell_types.progenitor.tissues.bone_marrow", value: "{ self_renewal: 0.01 /day }"),
        ]).scenario
        let marrow = try #require(scenario.cellTypes.first { $0.name == "progenitor" }?.tissue["bone_marrow"])
        #expect(marrow.selfRenewal == 0.01 && marrow.persistence == nil)
    }

    @Test func bothKeysInOneTissueAreRefusedAtPersistence() {
        let text = biology(Self.pregnancy + """
        cell_types:
          progenitor:
            tissues: { bone_marrow: { self_renewal: 0.01 /day, persistence: { half_life: 25 years } } }
          mature:
        """)
        let row = line(of: "persistence", in: text)!
        expectSingleError(text, line: row, column: column(of: "persistence", line: row, in: text),
                          keyPath: "cell_types.progenitor.tissues.bone_marrow.persistence",
                          contains: ["give either 'self_renewal' or 'persistence'"])
    }

    @Test func aHalfLifeShorterThanAnotherTissueAllowsIsRefusedAtItsKey() {
        let text = biology(Self.pregnancy + """
        cell_types:
          progenitor:
            tissues: { bone_marrow: { persistence: { half_life: 1 year } } }
          mature:
        """)
        let row = line(of: "persistence", in: text)!
        expectSingleError(text, line: row, column: column(of: "{ half_life: 1 year }", line: row, in: text),
                          keyPath: "cell_types.progenitor.tissues.bone_marrow.persistence",
                          contains: ["alone keeps 'progenitor' cells longer than this", "ask for a longer half-life"])
    }
}
