import BiologyModel
import Testing
@testable import ScenarioFormat

/// `kind:`, `cell_types:` and `efficiency:` of an assay and
/// `host_cells.plasma_fraction`: decoded values, and each mistake reported at
/// its file, line, column and key with how to fix it.
@Suite("Assay kinds: decoding and errors")
struct AssayKindDecoderTests {
    static let son = "pregnancies:\n  - { child: son, sex: male, start: 1 year }\n"
    static let withCellFreeDNA = """
    cell_types:
      progenitor: {}
      mature: { share: 0.85 }
      cell_free_dna: { share: 0.1, clearance: { half_life: 1 hours } }

    """

    /// A scenario (with a son) whose only assay is `assay`, after `extra` sections.
    static func scenario(_ assay: String, extra: String = "") -> String {
        biology(extra + son + "assays:\n  - { name: a, marker: y_chromosome, times: [2 years], \(assay) }")
    }

    @Test("the new keys decode; absent, they are nil (the kind's default) and the kind is qpcr")
    func decoded() throws {
        let text = biology(Self.withCellFreeDNA + Self.son + """
        host_cells: { plasma_fraction: 0.55 }
        assays:
          - { name: q, marker: y_chromosome, sample: 10 mL, times: [2 years] }
          - { name: c, kind: culture, cell_types: [progenitor, mature], efficiency: 0.1, marker: any, sample: 20 mL, times: [2 years] }
          - { name: p, kind: plasma_dna, marker: y_chromosome, sample: 1.5 mL, times: [2 years] }
          - { name: f, kind: fish, marker: y_chromosome, sample: { cells: 500 }, times: [2 years] }
        """)
        let s = try decodeBiology(text).scenario
        #expect(s.assays.map(\.kind) == [.qpcr, .culture, .plasmaDNA, .fish])
        #expect(s.assays.map(\.cellTypes) == [nil, ["progenitor", "mature"], nil, nil])
        #expect(s.assays.map(\.efficiency) == [nil, 0.1, nil, nil])
        #expect(s.assays.map(\.sample) == [.bloodVolume(milliliters: 10), .bloodVolume(milliliters: 20), .plasmaVolume(milliliters: 1.5), .hostCells(500)])
        #expect(s.hostCells.plasmaFraction == 0.55)
        #expect(HostCellCounts().plasmaFraction == BiologyDefaults.plasmaFraction)
    }

    @Test("--set reaches the new keys, so a fit can free an efficiency or the plasma fraction")
    func overrides() throws {
        let text = Self.scenario("kind: culture, sample: 10 mL")
        let s = try decodeBiology(text, overrides: [SetOverride(path: "assays.a.efficiency", value: "0.2"),
                                                    SetOverride(path: "host_cells.plasma_fraction", value: "0.5")]).scenario
        #expect(s.assays[0].efficiency == 0.2)
        #expect(s.hostCells.plasmaFraction == 0.5)
    }

    @Test("written back by documentText with an efficiency set, the new keys load to the same scenario")
    func documentText() throws {
        let template = try ScenarioTemplate(text: Self.scenario("kind: culture, cell_types: [progenitor], sample: 10 mL"), file: "k.yaml")
        let overrides = [SetOverride(path: "assays.a.efficiency", value: "0.02")]
        let reread = try ScenarioTemplate(text: template.documentText(overrides: overrides), file: "written.yaml").load()
        let compiled = try #require(reread.compiled)
        #expect(compiled == (try template.load(overrides: overrides)).compiled)
        #expect(compiled.assays[0].assay.kind == .culture && compiled.assays[0].assay.efficiency == 0.02)
    }

    /// Expects the scenario whose assay (on line 7) writes `assay` to fail
    /// once at `keyPath`, at the column of `needle`, saying each of `contains`.
    static func expectAssayError(_ assay: String, at needle: String, keyPath: String, contains: [String],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let text = scenario(assay)
        expectSingleError(text, line: 7, column: column(of: needle, line: 7, in: text), keyPath: keyPath, contains: contains,
                          sourceLocation: sourceLocation)
    }

    @Test("an unknown kind, an unknown or no cell type, an efficiency outside (0, 1]: each at its value")
    func assayValues() {
        Self.expectAssayError("kind: qcpr, sample: 10 mL", at: "qcpr", keyPath: "assays[0].kind",
                              contains: ["unknown assay kind 'qcpr'", "did you mean 'qpcr'?"])
        Self.expectAssayError("cell_types: [progenitr], sample: 10 mL", at: "progenitr", keyPath: "assays[0].cell_types[0]",
                              contains: ["unknown cell type 'progenitr'", "did you mean 'progenitor'?"])
        Self.expectAssayError("cell_types: [], sample: 10 mL", at: "[]", keyPath: "assays[0].cell_types",
                              contains: ["non-empty list of the cell types the assay sees"])
        Self.expectAssayError("efficiency: 1.5, sample: 10 mL", at: "1.5", keyPath: "assays[0].efficiency",
                              contains: ["must be at most 1, got '1.5'", "fraction of the sampled cells recovered"])
        Self.expectAssayError("efficiency: 0, sample: 10 mL", at: "0,", keyPath: "assays[0].efficiency",
                              contains: ["must be greater than zero", "in (0, 1]"])
    }

    @Test("a plasma fraction above 1 is rejected at the value")
    func plasmaFraction() {
        let plasma = Self.scenario("sample: 10 mL", extra: "host_cells: { plasma_fraction: 2 }\n")
        expectSingleError(plasma, line: 4, column: column(of: "2 }", line: 4, in: plasma), keyPath: "host_cells.plasma_fraction",
                          contains: ["must be at most 1", "1 − haematocrit"])
    }

    @Test("a plasma DNA assay takes a volume of plasma, no larger than the plasma volume, of blood only")
    func plasmaSample() {
        let cells = Self.scenario("kind: plasma_dna, sample: { cells: 1e6 }", extra: Self.withCellFreeDNA)
        expectSingleError(cells, line: 11, keyPath: "assays[0].sample", contains: ["samples a volume of plasma such as '1 mL'"])
        let large = Self.scenario("kind: plasma_dna, sample: 3001 mL", extra: Self.withCellFreeDNA)
        expectSingleError(large, line: 11, keyPath: "assays[0].sample", contains: ["larger than the plasma volume (3000.0 mL)"])
        let tissue = Self.scenario("kind: plasma_dna, compartment: heart, sample: 1 mL", extra: Self.withCellFreeDNA)
        expectSingleError(tissue, line: 11, keyPath: "assays[0].compartment", contains: ["samples the plasma of blood, not 'heart'"])
    }

    /// The key is absent, so the error is at the assay and names the key to add.
    @Test("a kind whose default cell type the scenario lacks says which type and how to fix it")
    func missingDefaultType() {
        let plasma = Self.scenario("kind: plasma_dna, sample: 1 mL")
        expectSingleError(plasma, line: 7, column: 5, keyPath: "assays[0].cell_types",
                          contains: ["a plasma_dna assay sees the cell type 'cell_free_dna' by default", "declare it or list the cell types",
                                     "progenitor, mature"])
        let culture = Self.scenario("kind: culture, sample: 1 mL", extra: "cell_types:\n  stem: { share: 1, clearance: 0.1 /day }\n")
        expectSingleError(culture, line: 9, column: 5, keyPath: "assays[0].cell_types", contains: ["a culture assay sees the cell type 'progenitor'", "stem"])
    }
}
