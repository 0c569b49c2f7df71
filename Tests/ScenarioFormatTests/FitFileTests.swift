import Foundation
import RateModel
import Testing
@testable import ScenarioFormat

/// The fit file: what a valid one gives, and every rejected case with its place.
@Suite("Fit file")
struct FitFileTests {
    @Test("a valid fit file gives its studies with resolved paths and its free parameters in base units")
    func valid() throws {
        let folder = try FitFolder(fit: goodFit)
        let fit = try folder.load()
        #expect(fit.file == folder.path("fit.yaml"))
        #expect(fit.sourceBytes == Array(goodFit.utf8))
        #expect(fit.name == "progenitor persistence")
        #expect(fit.method == "moments")
        #expect(fit.studies.count == 1)
        let study = try #require(fit.studies.first)
        #expect(study.name == "evans-1999")
        #expect(study.scenarioPath == folder.path("evans.yaml"))
        #expect(study.dataPath == folder.path("evans.csv"))
        #expect(study.dataBytes == Array(goodCSV.utf8))
        #expect(study.line == 3 && study.column == 5)
        #expect(study.observations.count == 1)
        #expect(fit.free.map(\.path) == ["cell_types.progenitor.clearance.half_life", "cell_types.progenitor.tissues.bone_marrow.self_renewal"])
        let halfLife = fit.free[0], renewal = fit.free[1]
        #expect(halfLife.lower == 1 && halfLife.upper == 365.25)
        #expect(halfLife.scale == .log && halfLife.dimension == .time)
        #expect(halfLife.line == 7 && halfLife.column == 3)
        #expect(renewal.lower == 0.0001 && renewal.upper == 0.02)
        #expect(renewal.dimension == .rate && renewal.line == 8 && renewal.column == 3)
    }

    @Test("defaults: no method is nil, no scale is linear; volumes and plain numbers; absolute paths stay absolute")
    func defaults() throws {
        let data = try FitFolder(fit: "", files: ["d.csv": goodCSV]).path("d.csv")
        let folder = try FitFolder(fit: """
            name: x
            studies: [{ name: a, scenario: s.yaml, data: \(data) }]
            free:
              blood_volume: { min: 4 L, max: 6000 mL }
              fraction: { min: 0, max: 1 }

            """, files: ["s.yaml": ""])
        let fit = try folder.load()
        #expect(fit.method == nil)
        #expect(fit.studies[0].dataPath == data)
        #expect(fit.free.map(\.scale) == [.linear, .linear])
        #expect(fit.free.map(\.dimension) == [.volume, .number])
        #expect(fit.free[0].lower == 4000 && fit.free[0].upper == 6000)
        #expect(fit.free[1].lower == 0 && fit.free[1].upper == 1)
    }

    @Test("a relative fit file path resolves the study's files against its folder")
    func relativePaths() {
        #expect(ScenarioDecoder.resolve("e.csv", relativeTo: "fits/p.yaml") == "fits/e.csv")
        #expect(ScenarioDecoder.resolve("e.csv", relativeTo: "p.yaml") == "e.csv")
        #expect(ScenarioDecoder.resolve("../d/e.csv", relativeTo: "/a/p.yaml") == "/a/../d/e.csv")
        #expect(ScenarioDecoder.resolve("/d/e.csv", relativeTo: "a/p.yaml") == "/d/e.csv")
    }

    @Test("unknown keys are reported at the key with the closest valid key", arguments: [
        ("methd: moments", 10, 1, "methd", "did you mean 'method'?"),
    ])
    func unknownTopKey(extra: String, line: Int, column: Int, keyPath: String, hint: String) throws {
        try FitFolder(fit: goodFit + extra + "\n").expectOne(line: line, column: column, keyPath: keyPath, contains: ["unknown key '\(keyPath)'", hint])
    }

    @Test("an unknown key in a study or in bounds suggests the valid one")
    func unknownNestedKeys() throws {
        try FitFolder(fit: goodFit.replacingOccurrences(of: "    data: evans.csv", with: "    data: evans.csv\n    scenaro: x"))
            .expectOne(line: 6, column: 5, keyPath: "studies[0].scenaro", contains: ["unknown key 'scenaro'; did you mean 'scenario'?"])
        try FitFolder(fit: fitWithFree("a.b: { min: 1, max: 2, scal: log }"))
            .expectOne(line: 7, column: 26, keyPath: "free.a.b.scal", contains: ["unknown key 'scal'; did you mean 'scale'?"])
    }

    @Test("missing keys are reported at the mapping that lacks them")
    func missingKeys() throws {
        try FitFolder(fit: goodFit.replacingOccurrences(of: "name: progenitor persistence\n", with: ""))
            .expectOne(line: 1, column: 1, keyPath: "", contains: ["missing required key 'name'"])
        try FitFolder(fit: goodFit.replacingOccurrences(of: "    data: evans.csv\n", with: ""))
            .expectOne(line: 3, column: 5, keyPath: "studies[0]", contains: ["missing required key 'data'"])
        try FitFolder(fit: fitWithFree("a.b: { max: 2 }"))
            .expectOne(line: 7, column: 8, keyPath: "free.a.b", contains: ["missing required key 'min'"])
        let noStudies = try FitFolder(fit: "name: x\nfree: { a: { min: 1, max: 2 } }\n").diagnostics()
        #expect(noStudies.map(\.keyPath) == [""])
        #expect(noStudies.first?.message.contains("missing required key 'studies'") == true)
    }

    @Test("at least one study and at least one free parameter")
    func emptySections() throws {
        try FitFolder(fit: goodFit.replacingOccurrences(of: "studies:\n  - name: evans-1999\n    scenario: evans.yaml\n    data: evans.csv\n",
                                                        with: "studies: []\n"))
            .expectOne(line: 2, column: 10, keyPath: "studies", contains: ["at least one study is needed"])
        try FitFolder(fit: fitWithFree("") + "method: auto\n")
            .expectOne(line: 6, column: 6, keyPath: "free", contains: ["at least one free parameter is needed"])
        try FitFolder(fit: fitWithFree("").replacingOccurrences(of: "free:\n", with: "free: {}\n"))
            .expectOne(line: 6, column: 7, keyPath: "free", contains: ["at least one free parameter is needed"])
    }

    @Test("bounds: min >= max, a log scale with min <= 0, units that disagree, no quantity, an unknown unit")
    func badBounds() throws {
        let cases: [(String, Int, String, [String])] = [
            ("a: { min: 1 year, max: 1 day }", 13, "free.a.min", ["min '1 year' must be less than max '1 day'"]),
            ("a: { min: 2, max: 2 }", 13, "free.a.min", ["min '2' must be less than max '2'"]),
            ("a: { min: 0 /day, max: 1 /day, scale: log }", 13, "free.a.min", ["a log scale needs min greater than zero, got '0 /day'"]),
            ("a: { min: 1 day, max: 0.5 /day }", 25, "free.a.max", ["max '0.5 /day' is a rate but min '1 day' is a time"]),
            ("a: { min: 1 mL, max: 3 }", 24, "free.a.max", ["max '3' is a plain number but min '1 mL' is a volume"]),
            ("a: { min: soon, max: 3 }", 13, "free.a.min", ["expected a time ('1 day'), a rate", "got 'soon'"]),
            ("a: { min: 1 dya, max: 3 days }", 13, "free.a.min", ["unknown unit 'dya' in '1 dya'; did you mean 'day'?"]),
            ("a: { min: 1 mL, max: 3 mLs }", 24, "free.a.max", ["unknown unit 'mLs' in '3 mLs'; did you mean 'mL'?", "volumes: mL|ml, L|l"]),
            ("a: { min: 1 /dya, max: 3 /day }", 13, "free.a.min", ["unknown time unit 'dya' in '1 /dya'; did you mean 'day'?"]),
            ("a: { min: -1, max: 3 }", 13, "free.a.min", ["must not be negative, got '-1'"]),
            ("a: { min: 1, max: 3, scale: logarithmic }", 31, "free.a.scale", ["unknown scale 'logarithmic'", "valid choices: linear, log"]),
            ("a: 3 days", 6, "free.a", ["expected the bounds '{ min: 1 day, max: 1 year, scale: log }'", "got '3 days'"]),
        ]
        for (free, column, keyPath, fragments) in cases {
            try FitFolder(fit: fitWithFree(free)).expectOne(line: 7, column: column, keyPath: keyPath, contains: fragments)
        }
    }

    @Test("a free path must be a valid override path, and appear once")
    func badFreePaths() throws {
        try FitFolder(fit: fitWithFree("a..b: { min: 1, max: 2 }"))
            .expectOne(line: 7, column: 3, keyPath: "free.a..b", contains: ["not a valid override path", "empty key"])
        try FitFolder(fit: fitWithFree("a[x]: { min: 1, max: 2 }"))
            .expectOne(line: 7, column: 3, keyPath: "free.a[x]", contains: ["a list index must be a whole number"])
        try FitFolder(fit: fitWithFree("a.b: { min: 1, max: 2 }\na.b: { min: 3, max: 4 }"))
            .expectOne(line: 8, column: 3, keyPath: "free.a.b", contains: ["duplicate key 'a.b': first defined at line 7, column 3"])
    }

    @Test("a parameter of some studies: a name, its own path, the studies it is set in; whole numbers are rounded")
    func groupParameters() throws {
        let fit = try FitFolder(fit: fitWithFree("""
            transfer.fetal_to_maternal.peak: { min: 1e3 /day, max: 1e6 /day, scale: log }
            sick_transfer: { path: transfer.fetal_to_maternal.peak, studies: [evans-1999], min: 1e3 /day, max: 1e7 /day }
            transfer.fetal_to_maternal.pulse.live_birth: { min: 10, max: 1e6, scale: log, whole: true }
            """)).load()
        #expect(fit.free.map(\.name) == ["transfer.fetal_to_maternal.peak", "sick_transfer", "transfer.fetal_to_maternal.pulse.live_birth"])
        #expect(fit.free.map(\.path) == ["transfer.fetal_to_maternal.peak", "transfer.fetal_to_maternal.peak",
                                         "transfer.fetal_to_maternal.pulse.live_birth"])
        #expect(fit.free[0].studies == nil && fit.free[1].studies == ["evans-1999"])
        #expect(fit.free[0].applies(to: "other") && !fit.free[1].applies(to: "other") && fit.free[1].applies(to: "evans-1999"))
        #expect(fit.free.map(\.whole) == [false, false, true])
        #expect(fit.free[2].overrideText(316227.766) == "316228.0")
        #expect(fit.free[0].overrideText(316227.766) == "316227.766 /day")
    }

    @Test("a group parameter: its own path needs studies, studies are a list of distinct names, whole is true or false")
    func badGroupParameters() throws {
        try FitFolder(fit: fitWithFree("g: { path: a.b, min: 1, max: 2 }"))
            .expectOne(line: 7, column: 3, keyPath: "free.g", contains: ["give 'studies: [NAME, ...]'"])
        try FitFolder(fit: fitWithFree("g: { path: a..b, studies: [evans-1999], min: 1, max: 2 }"))
            .expectOne(line: 7, column: 14, keyPath: "free.g.path", contains: ["not a valid override path"])
        try FitFolder(fit: fitWithFree("g: { path: a.b, studies: evans-1999, min: 1, max: 2 }"))
            .expectOne(line: 7, column: 28, keyPath: "free.g.studies", contains: ["expected the names of the studies"])
        try FitFolder(fit: fitWithFree("g: { path: a.b, studies: [], min: 1, max: 2 }"))
            .expectOne(line: 7, column: 28, keyPath: "free.g.studies", contains: ["got an empty list"])
        try FitFolder(fit: fitWithFree("g: { path: a.b, studies: [x, x], min: 1, max: 2 }"))
            .expectOne(line: 7, column: 32, keyPath: "free.g.studies[1]", contains: ["study 'x' is listed twice"])
        try FitFolder(fit: fitWithFree("a.b: { min: 1, max: 2, whole: yes }"))
            .expectOne(line: 7, column: 33, keyPath: "free.a.b.whole", contains: ["valid choices: true, false"])
    }

    @Test("study names: safe file names, unique ignoring case")
    func studyNames() throws {
        let two = """
            name: x
            studies:
              - { name: Evans, scenario: evans.yaml, data: evans.csv }
              - { name: evans, scenario: evans.yaml, data: evans.csv }
            free: { a: { min: 1, max: 2 } }

            """
        try FitFolder(fit: two).expectOne(line: 4, column: 13, keyPath: "studies[1].name",
                                          contains: ["the study name 'evans' is already used at line 3, column 13", "unique (ignoring case)"])
        for bad in ["../up", "a/b", ".hidden", "caf\u{E9}", "a b"] {
            try FitFolder(fit: two.replacingOccurrences(of: "name: evans,", with: "name: \"\(bad)\","))
                .expectOne(line: 4, column: 13, keyPath: "studies[1].name", contains: ["the study name '\(bad)' must be a safe file name"])
        }
    }

    @Test("a missing scenario or data file is reported at its key in the fit file")
    func missingFiles() throws {
        try FitFolder(fit: goodFit, files: ["evans.csv": goodCSV])
            .expectOne(line: 4, column: 15, keyPath: "studies[0].scenario", contains: ["cannot find the scenario file", "evans.yaml"])
        try FitFolder(fit: goodFit, files: ["evans.yaml": ""])
            .expectOne(line: 5, column: 11, keyPath: "studies[0].data", contains: ["cannot read the data file", "evans.csv': no such file"])
    }

    @Test("set: fixed values in file order, as --set would give them; a non-scalar value or a bad path is refused at its key")
    func fixedValues() throws {
        let fixed = goodFit.replacingOccurrences(of: "method: moments", with: "set:\n  cell_types.progenitor.niche.shared: false\n  horizon: 30 years")
        let fit = try FitFolder(fit: fixed).load()
        #expect(fit.set == [SetOverride(path: "cell_types.progenitor.niche.shared", value: "false"), SetOverride(path: "horizon", value: "30 years")])
        #expect(try FitFolder(fit: goodFit).load().set.isEmpty)
        try FitFolder(fit: goodFit.replacingOccurrences(of: "method: moments", with: "set:\n  horizon: [1, 2]"))
            .expectOne(line: 10, column: 12, keyPath: "set.horizon", contains: ["a single value as in --set PATH=VALUE"])
        try FitFolder(fit: goodFit.replacingOccurrences(of: "method: moments", with: "set:\n  a..b: 1"))
            .expectOne(line: 10, column: 3, keyPath: "set.a..b", contains: ["not a valid override path", "empty key"])
        try FitFolder(fit: goodFit.replacingOccurrences(of: "method: moments", with: "set: shared"))
            .expectOne(line: 9, column: 6, keyPath: "set", contains: ["expected the values to fix as a mapping 'PATH: VALUE'"])
    }

    @Test("method must be one of moments, fast, exact, auto")
    func badMethod() throws {
        try FitFolder(fit: goodFit.replacingOccurrences(of: "method: moments", with: "method: moment"))
            .expectOne(line: 9, column: 9, keyPath: "method", contains: ["unknown method 'moment'; did you mean 'moments'?",
                                                                          "moments, fast, exact, auto"])
    }

    @Test("an empty, unreadable or ill-formed fit file")
    func unreadable() throws {
        try FitFolder(fit: "# nothing\n").expectOne(line: 1, column: 1, keyPath: "", contains: ["the fit file is empty"])
        try FitFolder(fit: "name: [x\n").expectOne(line: 2, column: 1, keyPath: "", contains: ["invalid YAML"])
        try FitFolder(fit: "- a\n").expectOne(line: 1, column: 1, keyPath: "", contains: ["expected a fit file as a mapping"])
        let missing = try FitFolder(fit: "").path("nope.yaml")
        #expect(throws: ScenarioError.self) { try FitFile.load(path: missing) }
        do {
            _ = try FitFile.load(path: missing)
        } catch {
            #expect(error.description == "\(missing): error: cannot read the fit file: no such file")
            guard case .unreadable = error else { Issue.record("expected .unreadable, got \(error)"); return }
        }
    }

    @Test("every problem of the fit file and its data files is reported together, fit file first")
    func allTogether() throws {
        let fit = """
            name: x
            studies:
              - { name: a, scenario: evans.yaml, data: evans.csv }
              - { name: b/c, scenario: evans.yaml, data: other.csv }
            free:
              p: { min: 2 days, max: 1 day }
              q: { min: 0, max: 1, scale: log }
            method: slow

            """
        let csv = "kind,assay,time,n,positive,value,se,source\ndetected,b,1 day,0,0,,,\ndetected,b,1 day,2,3,,,\n"
        let folder = try FitFolder(fit: fit, files: ["evans.yaml": "", "evans.csv": csv])
        let found = folder.diagnostics()
        let places = found.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line ?? 0):\($0.column ?? 0):\($0.keyPath)" }
        #expect(places == [
            "fit.yaml:4:13:studies[1].name",
            "fit.yaml:6:13:free.p.min",
            "fit.yaml:7:13:free.q.min",
            "fit.yaml:8:9:method",
            "evans.csv:2:18:n",
            "evans.csv:3:20:positive",
        ], "\(found.map(\.description).joined(separator: "\n"))")
    }
}
