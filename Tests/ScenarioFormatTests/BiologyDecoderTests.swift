import BiologyModel
import Foundation
import Testing
@testable import ScenarioFormat

/// Valid biology-level documents decode to the expected `BiologyScenario`,
/// in days and per day, with defaults filled in.
@Suite("Biology-level decoding")
struct BiologyDecoderTests {
    static let year = 365.25, month = 30.4375, week = 7.0

    @Test("the header, the founder and the pregnancies of the full example")
    func familyAndPregnancies() throws {
        let s = try decodeBiology(familyScenario).scenario
        #expect(s.name == "family example")
        #expect(s.description == "A mother with a son, a miscarriage, a termination and twins.")
        #expect(s.horizon == 50 * Self.year)
        #expect(s.outputTimes == ([3 * Self.month] + (0...50).map { Double($0) * Self.year }).sorted())
        #expect(s.founder == Founder(name: "anna", ageAtStart: 27 * Self.year, carries: [
            CarriedCells(origin: "grandmother", sex: .female, cellType: "progenitor", compartment: "bone_marrow", cells: 20),
            CarriedCells(origin: "grandfather", sex: .male, cellType: "mature", compartment: "blood", cells: 5),
        ]))
        #expect(s.pregnancies == [
            Pregnancy(mother: "anna", child: Child(name: "son", sex: .male), start: 2 * Self.year, length: 280, outcome: .liveBirth),
            Pregnancy(mother: "anna", child: Child(name: "lost", sex: .female), start: 5 * Self.year, length: 70, outcome: .miscarriage),
            Pregnancy(mother: "anna", child: Child(name: "ended", sex: .male), start: 7 * Self.year, length: 63,
                      outcome: .termination(.surgical), pulse: 50000),
            Pregnancy(mother: "anna", child: Child(name: "daughter", sex: .female), twin: Child(name: "twin_brother", sex: .male),
                      start: 9 * Self.year, length: 266, outcome: .liveBirth),
        ])
        #expect(s.immunity == [ImmuneFactor(host: "anna", origin: "son", clearanceFactor: 0.5)])
    }

    @Test("cell types: listed types only, defaults inherited field by field, new types from zero")
    func cellTypes() throws {
        let s = try decodeBiology(familyScenario).scenario
        #expect(s.tissues == ["bone_marrow", "thyroid", "heart", "brain"])
        #expect(s.cellTypes.map(\.name) == ["progenitor", "mature", "endothelial"])
        // progenitor: share inherited; homing to the default tissues this scenario lacks (lung, ...)
        // dropped, heart replaced; the default tissue's death replaced, its other fields inherited;
        // thyroid (no inherited entry) starts from the new default; bone_marrow and brain from their
        // inherited entries; lung's inherited entry dropped; differentiation appended.
        let base = BiologyDefaults.progenitor
        #expect(base.homing["lung"] != nil && base.tissue["lung"] != nil && base.tissue["bone_marrow"] != nil && base.tissue["thyroid"] == nil)
        var homing = base.homing.filter { s.tissues.contains($0.key) }
        homing["heart"] = 0.001
        var defaultTissue = base.defaultTissue
        defaultTissue.death = 0.002
        var marrow = base.tissue["bone_marrow"]!
        marrow.selfRenewal = 0.012
        var thyroid = defaultTissue
        thyroid.returnRate = 0.001
        #expect(s.cellTypes[0] == CellType(
            name: "progenitor", share: base.share, bloodClearance: rate(halfLife: 3), homing: homing,
            tissue: ["bone_marrow": marrow, "thyroid": thyroid, "brain": base.tissue["brain"]!], defaultTissue: defaultTissue,
            differentiation: base.differentiation + [Differentiation(into: "endothelial", rate: 0.0001)], niche: base.niche))
        #expect(homing.count == 4 && base.differentiation.map(\.into) == ["mature"])
        // mature: share replaced; its lung homing and lung kinetics dropped (no lung here).
        var mature = BiologyDefaults.mature
        #expect(mature.homing.keys.sorted() == ["lung"] && mature.tissue.keys.sorted() == ["lung"])
        mature.share = 0.85
        mature.homing = [:]
        mature.tissue = [:]
        #expect(s.cellTypes[1] == mature)
        #expect(s.cellTypes[2] == CellType(name: "endothelial", share: 0.1, bloodClearance: 0.5,
                                           tissue: ["heart": TissueKinetics(death: rate(halfLife: Self.year))]))
    }

    @Test("transfer, events, assays and host cells of the full example")
    func transferEventsAssays() throws {
        let s = try decodeBiology(familyScenario).scenario
        var fetalPulse = BiologyDefaults.fetalToMaternal.pulse
        fetalPulse.liveBirth = 200_000
        #expect(s.transfer == PlacentalTransfer(
            shape: GestationalShape(steps: [.init(from: 28, level: 0.05), .init(from: 140, level: 1)]),
            fetalToMaternal: DirectionalTransfer(peakRate: 50000, pulse: fetalPulse),
            maternalToFetal: DirectionalTransfer(peakRate: 24, pulse: BiologyDefaults.maternalToFetal.pulse),
            carriedRate: rate(halfLife: 70), twinRate: 1000.0 / 7))
        let nursingStart = 2.8 * Self.year
        #expect(s.events == [
            .transfusion(Transfusion(kind: "transfusion", host: "anna", donor: "donor1", donorSex: .male, time: 30 * Self.year,
                                     compartment: "blood", cells: ["progenitor": 1000, "mature": 1_000_000])),
            .transfusion(Transfusion(kind: "transplant", host: "anna", donor: "donor2", donorSex: .female, time: 31 * Self.year,
                                     compartment: "heart", cells: ["endothelial": 500])),
            .breastfeeding(Breastfeeding(mother: "anna", child: "son", start: nursingStart, end: nursingStart + 6 * Self.month, rate: 1000)),
            .breastfeeding(Breastfeeding(mother: "anna", child: "daughter", start: 10 * Self.year, end: 11 * Self.year, rate: 2000)),
            .injury(Injury(host: "anna", tissue: "heart", start: 20 * Self.year, duration: 30, homingFactor: 10)),
        ])
        #expect(s.assays == [
            Assay(name: "blood_y", host: "anna", marker: .yChromosome, compartment: "blood", sample: .bloodVolume(milliliters: 10),
                  limitOfDetection: 1, times: ((0...5).map { Double($0) * 10 * Self.year } + [27 * Self.year]).sorted()),
            Assay(name: "heart_son", host: "anna", marker: .hla(origin: "son"), compartment: "heart", sample: .hostCells(1e6),
                  limitOfDetection: 3, times: [40 * Self.year]),
        ])
        var tissueCells = BiologyDefaults.tissueCells
        tissueCells["heart"] = 3e9
        #expect(s.hostCells == HostCellCounts(bloodVolume: 4500, nucleatedPerMilliliter: 6e6, tissueCells: tissueCells))
    }

    @Test("a minimal document gets every default")
    func defaults() throws {
        let (s, cohort) = try decodeBiology(biology("pregnancies:\n  - { child: son, sex: male, start: 1 year }", horizon: "10 years"))
        #expect(cohort == nil)
        #expect(s == BiologyScenario(
            name: "test", description: "", horizon: 10 * Self.year, outputTimes: (0...10).map { Double($0) * Self.year },
            tissues: BiologyDefaults.tissues, cellTypes: BiologyDefaults.cellTypes, founder: Founder(name: "mother", ageAtStart: 25 * Self.year),
            pregnancies: [Pregnancy(mother: "mother", child: Child(name: "son", sex: .male), start: Self.year, length: 40 * Self.week)],
            transfer: PlacentalTransfer(), hostCells: HostCellCounts()))
        // Empty optional sections mean the defaults too.
        let empty = try decodeBiology(biology("mother:\ntissues:\ncell_types:\ntransfer:\nevents: []\nassays:\nhost_cells:\ncohort:"))
        #expect(empty.scenario.cellTypes == BiologyDefaults.cellTypes && empty.scenario.tissues == BiologyDefaults.tissues)
        #expect(empty.scenario.founder == Founder() && empty.cohort == nil)
    }

    @Test("sensitisation: a plain factor per earlier pregnancy; absent or empty, the default; zero or a unit is an error")
    func sensitisation() throws {
        #expect(try decodeBiology(biology("sensitisation: 1")).scenario.sensitisation == 1)
        #expect(try decodeBiology(biology("sensitisation: 1.75")).scenario.sensitisation == 1.75)
        #expect(try decodeBiology(biology("sensitisation:")).scenario.sensitisation == BiologyDefaults.sensitisation)
        let zero = biology("sensitisation: 0")
        expectSingleError(zero, line: 4, column: column(of: "0", line: 4, in: zero), keyPath: "sensitisation",
                          contains: ["must be greater than zero", "a clearance factor per earlier pregnancy"])
        let unit = biology("sensitisation: 2 /day")
        expectSingleError(unit, line: 4, column: column(of: "2 /day", line: 4, in: unit), keyPath: "sensitisation",
                          contains: ["a clearance factor per earlier pregnancy such as '1.2' (1 = off)"])
    }

    @Test("a listed default type with an empty value keeps all its defaults; a zero rate removes an inherited differentiation")
    func emptyInheritedType() throws {
        let s = try decodeBiology(biology("""
        cell_types:
          progenitor: { differentiation: { mature: 0 /day } }
          mature:
        """)).scenario
        var progenitor = BiologyDefaults.progenitor
        progenitor.differentiation = []
        #expect(s.cellTypes == [progenitor, BiologyDefaults.mature])
    }

    @Test("a cohort decodes in days, with outcomes in canonical order")
    func cohort() throws {
        let text = biology("""
        cohort:
          size: 1000
          pregnancies: [0.15, 0.2, 0.4, 0.25]
          first_pregnancy_age: { mean: 27 years, sd: 5 years }
          spacing: { mean: 3 years, sd: 1 year }
          minimum_gap: 3 months
          outcomes: { live_birth: 0.8, miscarriage: 0.15, stillbirth: 0.005, termination_surgical: 0.03, termination_medical: 0.015 }
          lengths: { live_birth: 40 weeks, stillbirth: 32 weeks, miscarriage: 10 weeks, termination: 9 weeks }
          p_male: 0.5
          variation: { clearance: 0.5, homing: 0.3, self_renewal: 0.05, transfer: 0.3 }
        """, horizon: "60 years")
        let cohort = try #require(try decodeBiology(text).cohort)
        #expect(cohort == CohortSpec(
            size: 1000, pregnancyCount: [0.15, 0.2, 0.4, 0.25],
            firstPregnancyAge: NormalSpec(mean: 27 * Self.year, sd: 5 * Self.year), spacing: NormalSpec(mean: 3 * Self.year, sd: Self.year),
            minimumGap: 3 * Self.month,
            outcomes: [OutcomeProbability(.liveBirth, 0.8), OutcomeProbability(.stillbirth, 0.005), OutcomeProbability(.miscarriage, 0.15),
                       OutcomeProbability(.termination(.surgical), 0.03), OutcomeProbability(.termination(.medical), 0.015)],
            lengths: OutcomeLengths(liveBirth: 280, stillbirth: 224, miscarriage: 70, termination: 63),
            pMale: 0.5, variation: RateVariation(clearance: 0.5, homing: 0.3, selfRenewal: 0.05, transfer: 0.3)))
        let minimal = try decodeBiology(biology("""
        cohort: { size: 1, pregnancies: [1], first_pregnancy_age: { mean: 27 years, sd: 0 years },
                  spacing: { mean: 3 years, sd: 0 years }, outcomes: { live_birth: 1 } }
        """)).cohort
        #expect(minimal?.minimumGap == 90 && minimal?.pMale == 0.512 && minimal?.lengths == OutcomeLengths()
                && minimal?.variation == RateVariation())
    }

    @Test("per-cell rates are accepted as a scalar, { rate } or { half_life }")
    func rateSpellings() throws {
        for spelling in ["0.25 /day", "{ rate: 0.25 per day }", "{ half_life: \(log(2.0) / 0.25) days }"] {
            let s = try decodeBiology(biology("cell_types:\n  progenitor: { clearance: \(spelling) }\n  mature:")).scenario
            #expect(abs(s.cellTypes[0].bloodClearance - 0.25) <= 1e-15, "\(spelling)")
        }
    }

    @Test("volumes: mL, ml and L")
    func volumes() {
        #expect(Units.parseVolumeMilliliters("10 mL") == 10)
        #expect(Units.parseVolumeMilliliters("10ml") == 10)
        #expect(Units.parseVolumeMilliliters("4.5 L") == 4500)
        #expect(Units.parseVolumeMilliliters("10 dL") == nil)
        #expect(Units.parseVolumeMilliliters("10") == nil)
    }
}
