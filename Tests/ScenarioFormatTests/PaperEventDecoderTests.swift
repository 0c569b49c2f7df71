import BiologyModel
import Testing
@testable import ScenarioFormat

/// The keys of events as the papers describe them: blood products
/// (`product`, `units`, `leukoreduced`, `transfusion_defaults`), the pulse's
/// growth with gestational age (`transfer.pulse_growth`), a fetal demise
/// (`demise`) and a vanished twin (`twin.vanished`).
@Suite("Events as the papers describe them")
struct PaperEventDecoderTests {
    static let week = 7.0

    static func transfusion(_ fields: String, extra: String = "") -> String {
        biology("\(extra)events:\n  - transfusion: { donor: d, sex: male, at: 30 years, \(fields) }")
    }

    @Test("a blood product decodes with units and leukoreduction; defaults are 1 unit, not leukoreduced")
    func product() throws {
        let events = try decodeBiology(Self.transfusion("product: red_cells, units: 2, leukoreduced: true")).scenario.events
        guard case .transfusion(let t) = events.first else { Issue.record("no transfusion"); return }
        #expect(t.product == BloodProduct(kind: .redCells, units: 2, leukoreduced: true))
        #expect(t.cells.isEmpty)
        let plain = try decodeBiology(Self.transfusion("product: whole_blood")).scenario.events
        guard case .transfusion(let p) = plain.first else { Issue.record("no transfusion"); return }
        #expect(p.product == BloodProduct(kind: .wholeBlood, units: 1, leukoreduced: false))
    }

    @Test("transfusion_defaults.progenitor_fraction decodes and --set changes it")
    func fraction() throws {
        let text = Self.transfusion("product: platelets", extra: "transfusion_defaults: { progenitor_fraction: 0.01 }\n")
        #expect(try decodeBiology(text).scenario.transfusionDefaults.progenitorFraction == 0.01)
        let set = SetOverride(path: "transfusion_defaults.progenitor_fraction", value: "0.2")
        let overridden = try decodeBiology(Self.transfusion("product: platelets"), overrides: [set]).scenario
        #expect(overridden.transfusionDefaults.progenitorFraction == 0.2)
        #expect(try decodeBiology(Self.transfusion("product: platelets")).scenario.transfusionDefaults == TransfusionDefaults())
        let bad = Self.transfusion("product: platelets", extra: "transfusion_defaults: { progenitor_fraction: 1.5 }\n")
        expectSingleError(bad, line: 4, column: column(of: "1.5", line: 4, in: bad), keyPath: "transfusion_defaults.progenitor_fraction",
                          contains: ["must be between 0 and 1"])
    }

    @Test("exactly one of cells or product; units and leukoreduced only with a product")
    func cellsOrProduct() {
        let both = Self.transfusion("cells: { mature: 10 }, product: red_cells")
        expectSingleError(both, line: 5, column: column(of: "product", line: 5, in: both), keyPath: "events[0].transfusion.product",
                          contains: ["give either 'cells' or 'product', not both"])
        let neither = Self.transfusion("into: blood")
        expectSingleError(neither, line: 5, keyPath: "events[0].transfusion", contains: ["give what was transfused", "red_cells"])
        let stray = Self.transfusion("cells: { mature: 10 }, leukoreduced: true")
        expectSingleError(stray, line: 5, column: column(of: "leukoreduced", line: 5, in: stray),
                          keyPath: "events[0].transfusion.leukoreduced",
                          contains: ["'leukoreduced' describes a blood product", "product: red_cells"])
    }

    @Test("a misspelt product, a bad flag and zero units are reported at the value")
    func productValues() {
        let kind = Self.transfusion("product: red_cell")
        expectSingleError(kind, line: 5, column: column(of: "red_cell", line: 5, in: kind), keyPath: "events[0].transfusion.product",
                          contains: ["unknown blood product 'red_cell'", "did you mean 'red_cells'?"])
        let flag = Self.transfusion("product: platelets, leukoreduced: maybe")
        expectSingleError(flag, line: 5, column: column(of: "maybe", line: 5, in: flag), keyPath: "events[0].transfusion.leukoreduced",
                          contains: ["'maybe'", "true", "false"])
        let units = Self.transfusion("product: platelets, units: 0")
        expectSingleError(units, line: 5, column: column(of: "0 }", line: 5, in: units), keyPath: "events[0].transfusion.units",
                          contains: ["must be at least 1"])
    }

    @Test("a product in a scenario without progenitor and mature types is reported at the product")
    func productNeedsTypes() {
        let text = Self.transfusion("product: red_cells", extra: "cell_types:\n  cell: { share: 1, clearance: { half_life: 2 days } }\n")
        expectSingleError(text, line: 7, column: column(of: "red_cells", line: 7, in: text), keyPath: "events[0].transfusion.product",
                          contains: ["'progenitor' or 'mature'", "transfusion_defaults.progenitor_fraction", "give the cells by type"])
    }

    @Test("transfer.pulse_growth decodes, --set changes it, and it is bounded")
    func pulseGrowth() throws {
        #expect(try decodeBiology(biology("transfer: { pulse_growth: 1.5 }")).scenario.transfer.pulseGrowth == 1.5)
        #expect(try decodeBiology(biology("")).scenario.transfer.pulseGrowth == BiologyDefaults.pulseGrowth)
        let set = SetOverride(path: "transfer.pulse_growth", value: "2")
        #expect(try decodeBiology(biology(""), overrides: [set]).scenario.transfer.pulseGrowth == 2)
        let big = biology("transfer: { pulse_growth: 11 }")
        expectSingleError(big, line: 4, column: column(of: "11", line: 4, in: big), keyPath: "transfer.pulse_growth",
                          contains: ["must be at most 10"])
    }

    @Test("demise and a vanished twin decode as durations")
    func deaths() throws {
        let text = biology("""
        pregnancies:
          - { child: a, sex: male, start: 1 year, length: 12 weeks, outcome: miscarriage, demise: 3 weeks }
          - { child: b, sex: female, start: 2 years, twin: { child: c, sex: male, vanished: 9 weeks } }
        """)
        let s = try decodeBiology(text).scenario
        #expect(s.pregnancies[0].demise == 3 * Self.week)
        #expect(s.pregnancies[1].twin == Child(name: "c", sex: .male, vanished: 9 * Self.week))
        #expect(s.pregnancies[1].demise == nil && s.pregnancies[1].child.vanished == nil)
    }

    @Test("a demise before a live birth, or longer than the pregnancy, and a late vanishing are reported at the key")
    func deathErrors() {
        let live = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, demise: 2 weeks }")
        expectSingleError(live, line: 5, column: column(of: "2 weeks", line: 5, in: live), keyPath: "pregnancies[0].demise",
                          contains: ["a fetal demise is for a pregnancy that ends without a live birth"])
        let long = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, length: 8 weeks, outcome: miscarriage, "
                           + "demise: 8 weeks }")
        expectSingleError(long, line: 5, column: column(of: "8 weeks }", line: 5, in: long), keyPath: "pregnancies[0].demise",
                          contains: ["less than the pregnancy's 56 days"])
        let late = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, twin: { child: b, sex: male, vanished: 41 weeks } }")
        expectSingleError(late, line: 5, column: column(of: "41 weeks", line: 5, in: late), keyPath: "pregnancies[0].twin.vanished",
                          contains: ["the co-twin vanishes at 287 days of gestation"])
        let negative = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, outcome: stillbirth, demise: 0 days }")
        expectSingleError(negative, line: 5, column: column(of: "0 days", line: 5, in: negative), keyPath: "pregnancies[0].demise",
                          contains: ["greater than zero"])
    }

    @Test("the new keys, and --set on them (what fit frees), are written back by documentText and read to the same model")
    func documentText() throws {
        let text = biology("""
        transfer: { pulse_growth: 1 }
        transfusion_defaults: { progenitor_fraction: 0.002 }
        pregnancies:
          - { child: a, sex: male, start: 1 year, length: 12 weeks, outcome: miscarriage, demise: 3 weeks }
          - { child: b, sex: female, start: 3 years, twin: { child: c, sex: male, vanished: 9 weeks } }
        events:
          - transfusion: { donor: d, sex: male, at: 20 years, product: red_cells, units: 2, leukoreduced: true }
        """)
        let template = try ScenarioTemplate(text: text, file: "events.yaml")
        let overrides = [SetOverride(path: "transfer.pulse_growth", value: "2"),
                         SetOverride(path: "transfusion_defaults.progenitor_fraction", value: "0.01")]
        let written = try template.documentText(overrides: overrides)
        let reread = try ScenarioTemplate(text: written, file: "written.yaml").load()
        let original = try template.load(overrides: overrides)
        #expect(reread.model == original.model)
        #expect(reread.compiled == original.compiled)
        #expect(reread.model != (try template.load()).model)
    }
}
