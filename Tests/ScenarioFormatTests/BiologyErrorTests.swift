import Testing
@testable import ScenarioFormat

/// Rejected biology-level documents: each problem at its file, line, column
/// and key path, with what was expected; all of them at once.
@Suite("Biology-level errors")
struct BiologyErrorTests {
    @Test("an unknown key suggests the closest valid key, at the key")
    func unknownKey() {
        let text = biology("pregnancies:\n  - { child: son, sex: male, start: 1 year, lenght: 30 weeks }")
        expectSingleError(text, line: 5, column: column(of: "lenght", line: 5, in: text), keyPath: "pregnancies[0].lenght",
                          contains: ["unknown key 'lenght'; did you mean 'length'?", "valid keys: child, sex, mother, start"])
        let top = biology("pregnancy:\n  - { child: son, sex: male, start: 1 year }")
        expectSingleError(top, line: 4, column: 1, keyPath: "pregnancy", contains: ["unknown key 'pregnancy'; did you mean 'pregnancies'?"])
    }

    @Test("a top-level key of the other level is suggested with an explanation")
    func otherLevelKey() {
        let text = biology("netwrok: { compartments: [{ name: a }] }")
        expectSingleError(text, line: 4, column: 1, keyPath: "netwrok",
                          contains: ["did you mean 'network'?", "'network' is a network-level key", "this scenario is biology-level",
                                     "mother, pregnancies"])
    }

    @Test("a gestation of 3 weeks is rejected at the value, naming the biological range")
    func shortGestation() {
        let text = biology("""
        pregnancies:
          - child: son
            sex: male
            start: 1 year
            length: 3 weeks
        """)
        expectSingleError(text, line: 8, column: column(of: "3 weeks", line: 8, in: text), keyPath: "pregnancies[0].length",
                          contains: ["a gestation must last 4 to 45 weeks", "got '3 weeks' (21 days)"])
    }

    @Test("a termination without a method, and a method without a termination")
    func terminationMethod() {
        let text = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, length: 9 weeks, outcome: termination }")
        expectSingleError(text, line: 5, column: column(of: "termination", line: 5, in: text), keyPath: "pregnancies[0].outcome",
                          contains: ["outcome 'termination' needs 'method: surgical' or 'method: medical'"])
        let stray = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, method: medical }")
        expectSingleError(stray, line: 5, column: column(of: "method", line: 5, in: stray), keyPath: "pregnancies[0].method",
                          contains: ["'method' is only for 'outcome: termination'", "'live_birth'"])
    }

    @Test("shares that do not sum to 1 are reported at cell_types, with the shares")
    func shares() {
        let text = biology("cell_types:\n  progenitor: { share: 0.3 }\n  mature: { share: 0.8 }")
        expectSingleError(text, line: 5, column: 3, keyPath: "cell_types",
                          contains: ["the shares of the cell types (progenitor 0.3, mature 0.8) must sum to 1", "1.1"])
    }

    @Test("an assay time beyond the horizon is rejected at the time")
    func assayTimeBeyondHorizon() {
        let text = biology("assays:\n  - { name: y, marker: y_chromosome, sample: 10 mL, times: [27 years, 60 years] }")
        expectSingleError(text, line: 5, column: column(of: "60 years", line: 5, in: text), keyPath: "assays[0].times[1]",
                          contains: ["the assay time '60 years' (21915 days) is after the horizon (18262.5 days)"])
    }

    @Test("a probability of 1.2 in the cohort's outcomes is rejected at the value")
    func cohortProbability() {
        let text = biology("""
        cohort:
          size: 10
          pregnancies: [0, 1]
          first_pregnancy_age: { mean: 27 years, sd: 5 years }
          spacing: { mean: 3 years, sd: 1 year }
          outcomes: { live_birth: 1.2 }
        """)
        expectSingleError(text, line: 9, column: column(of: "1.2", line: 9, in: text), keyPath: "cohort.outcomes.live_birth",
                          contains: ["must be between 0 and 1 (a probability), got '1.2'"])
    }

    @Test("network and biology keys together: one error at the first biology key")
    func bothLevels() {
        let text = twoCompartments("") + "pregnancies: []\nmother: { name: eve }\n"
        expectSingleError(text, line: line(of: "pregnancies", in: text), column: 1, keyPath: "pregnancies",
                          contains: ["'pregnancies' is a biology-level key", "also has 'network:' (line 4, column 1)",
                                     "remove 'network:' or the biology keys"])
    }

    @Test("a misspelt event kind suggests the kind")
    func eventKindTypo() {
        let text = biology("events:\n  - transfussion: { donor: d, sex: male, at: 1 year, cells: { mature: 10 } }")
        expectSingleError(text, line: 5, column: 5, keyPath: "events[0].transfussion",
                          contains: ["unknown event kind 'transfussion'; did you mean 'transfusion'?",
                                     "transfusion, transplant, breastfeeding, injury"])
    }

    @Test("other field checks", arguments: [
        ("pregnancies:\n  - { child: a, sex: male, start: 49.5 years }", "pregnancies[0].start",
         "the pregnancy (start 18079.875 days + length 280 days) ends at 18359.875 days, after the horizon"),
        ("pregnancies:\n  - { child: a, sex: boy, start: 1 year }", "pregnancies[0].sex", "unknown sex 'boy'; valid choices: female, male"),
        ("pregnancies:\n  - { child: a, sex: male }", "pregnancies[0]", "missing required key 'start'"),
        ("pregnancies:\n  - { child: a, sex: male, start: 1 year, outcome: live_brith }", "pregnancies[0].outcome", "did you mean 'live_birth'?"),
        ("tissues: [heart, blood]", "tissues[1]", "'blood' is not a tissue here"),
        ("tissues: [heart, heart]", "tissues[1]", "duplicate tissue 'heart' (first at line 4"),
        ("cell_types:\n  stem: { share: 1 }", "cell_types.stem", "missing required key 'clearance' ('stem' is a new cell type"),
        ("cell_types:\n  progenitor: { share: 1, homing: { hart: 1 /day } }", "cell_types.progenitor.homing.hart",
         "unknown tissue 'hart'; did you mean 'heart'?"),
        ("cell_types:\n  progenitor: { share: 1, differentiation: { matur: 1 /day } }", "cell_types.progenitor.differentiation.matur",
         "unknown cell type 'matur'"),
        ("cell_types:\n  progenitor: { share: 1, clearance: { rate: 1 /day, half_life: 2 days } }", "cell_types.progenitor.clearance.half_life",
         "give either 'rate' or 'half_life', not both"),
        ("transfer: { shape: [{ from: 50 weeks, level: 1 }] }", "transfer.shape[0].from", "within 0 to 45 weeks"),
        ("transfer: { shape: smooth }", "transfer.shape", "unknown shape 'smooth'"),
        ("immunity:\n  - { host: mother, origin: son, clearance_factor: -1 }", "immunity[0].clearance_factor", "must not be negative"),
        ("events:\n  - injury: { tissue: heart, at: 49.99 years, duration: 30 days, homing_factor: 2 }", "events[0].injury.duration",
         "ends at"),
        ("events:\n  - breastfeeding: { child: a, start: 1 year, end: 2 years, duration: 1 year, rate: 1 /day }",
         "events[0].breastfeeding.duration", "give either 'end' or 'duration', not both"),
        ("events:\n  - transfusion: { donor: d, at: 1 year, cells: { mature: 10 } }", "events[0].transfusion", "missing required key 'sex'"),
        ("events:\n  - { injury: { tissue: heart }, transfusion: { donor: d } }", "events[0].transfusion",
         "this one has the keys 'injury', 'transfusion'"),
        ("assays:\n  - { name: h, marker: any, compartment: heart, sample: 10 mL, times: [1 year] }", "assays[0].sample",
         "a sample of the tissue 'heart' is a number of host cells"),
        ("assays:\n  - { name: b, marker: any, sample: 10 dL, times: [1 year] }", "assays[0].sample", "unknown volume unit 'dL'"),
        ("assays:\n  - { name: b, marker: any, sample: 10 mL, limit_of_detection: 0, times: [1 year] }", "assays[0].limit_of_detection",
         "must be at least 1"),
        ("assays:\n  - { name: b, marker: any, sample: 10 mL }", "assays[0]", "give the sampling times"),
        ("host_cells: { tissue_cells: { livr: 1e9 } }", "host_cells.tissue_cells.livr", "did you mean 'liver'?"),
        ("mother: { carries: [{ origin: gm, cell_type: progenitor, compartment: marrow, cells: 5 }] }", "mother.carries[0].compartment",
         "unknown compartment 'marrow'"),
    ])
    func fieldChecks(body: String, keyPath: String, message: String) throws {
        let found = diagnostics(biology(body))
        #expect(found.count == 1, "\(found.map(\.description))")
        let first = try #require(found.first)
        #expect(first.keyPath == keyPath, "\(found.map(\.description))")
        #expect(first.message.contains(message), "\(found.map(\.description))")
        #expect(first.line != nil)
    }

    @Test("the compiler's messages name the keys of the file: another pregnancy, 'twin', host_cells.tissue_cells")
    func compilerMessagesInFileKeys() {
        let overlap = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year }\n  - { child: b, sex: female, start: 1.5 years }")
        expectSingleError(overlap, line: 6, column: column(of: "1.5 years", line: 6, in: overlap), keyPath: "pregnancies[1].start",
                          contains: ["this pregnancy starts before the one at pregnancies[0] ends; one mother carries one pregnancy "
                                     + "at a time (use 'twin' for twins)"])
        let gut = biology("""
        tissues: [bone_marrow, gut]
        pregnancies: [{ child: a, sex: male, start: 1 year }]
        assays:
          - { name: g, marker: any, compartment: gut, sample: { cells: 1e6 }, times: [10 years] }
        """)
        expectSingleError(gut, line: 7, column: column(of: "{ cells", line: 7, in: gut), keyPath: "assays[0].sample",
                          contains: ["no host cell count is known for 'gut'; give it under host_cells.tissue_cells"])
    }

    @Test("duplicate names: children, assays")
    func duplicates() throws {
        let children = biology("pregnancies:\n  - { child: a, sex: male, start: 1 year }\n  - { child: a, sex: male, start: 3 years, twin: { child: mother, sex: female } }")
        let found = diagnostics(children)
        #expect(found.map(\.keyPath) == ["pregnancies[1].child", "pregnancies[1].twin.child"])
        #expect(try #require(found.first).message.contains("duplicate child name 'a' (first at line 5"))
        #expect(try #require(found.last).message.contains("'mother' is the founder's name"))
        let assays = biology("assays:\n  - { name: y, marker: any, sample: 1 mL, times: [1 year] }\n  - { name: y, marker: any, sample: 1 mL, every: 1 year }")
        expectSingleError(assays, line: 6, keyPath: "assays[1].name", contains: ["duplicate assay name 'y' (first at line 5"])
    }

    @Test("pregnancies cannot be given with a cohort")
    func pregnanciesWithCohort() {
        let text = biology("""
        pregnancies: [{ child: a, sex: male, start: 1 year }]
        cohort: { size: 1, pregnancies: [1], first_pregnancy_age: { mean: 27 years, sd: 1 year },
                  spacing: { mean: 3 years, sd: 1 year }, outcomes: { live_birth: 1 } }
        """)
        expectSingleError(text, line: 4, column: 1, keyPath: "pregnancies",
                          contains: ["'pregnancies:' cannot be given with 'cohort:' (line 5, column 1)", "draws every woman's pregnancies at random"])
    }

    @Test("every problem in a biology document is reported at once, in document order")
    func severalErrors() {
        let text = biology("""
        mother: { age: 25 yeers }
        pregnancies:
          - { child: son, sex: male, start: 2 years, length: 50 weeks }
        cell_types:
          progenitor: { share: 1.5 }
        events:
          - transfussion: {}
        assays:
          - { name: y, marker: y_chromosome, sample: 10, times: [1 year] }
        """)
        let found = diagnostics(text)
        #expect(found.map(\.keyPath) == ["mother.age", "pregnancies[0].length", "cell_types.progenitor.share",
                                         "events[0].transfussion", "assays[0].sample"], "\(found.map(\.description))")
        #expect(found.map(\.line) == [4, 6, 8, 10, 12])
        #expect(found[0].message.contains("unknown time unit 'yeers'"))
        #expect(found[1].message.contains("4 to 45 weeks"))
        #expect(found[2].message.contains("between 0 and 1"))
        #expect(found[4].message.contains("expected a volume with a unit such as '10 mL', got '10'"))
    }
}
