import Foundation
import MicrochimeraKit
import ScenarioFormat
import Testing

/// The teaching page's controls: what each library scenario offers, each
/// edit operation with its errors, and validation as `microchimera validate`
/// does it.
@Suite("the teaching page's controls, edits and validation")
struct LessonStoryTests {
    static let library = ScenarioLibrary(directory: CLIHarness.packageRoot.appendingPathComponent("scenarios").path)

    static func text(_ name: String) throws -> String {
        try library.text(of: library.entry(named: name))
    }

    static func controls(_ name: String) throws -> LessonControls {
        try LessonPipeline.controls(yaml: text(name), file: "\(name).yaml")
    }

    static func kinetic(_ controls: LessonControls, _ id: String) -> LessonControls.Kinetic? {
        controls.kinetics.first { $0.id == id }
    }

    /// The diagnostics of a `LessonError.invalid`, or an issue recorded.
    static func diagnostics(_ body: () throws(LessonError) -> Void) -> [Diagnostic] {
        do {
            try body()
            Issue.record("expected LessonError.invalid, but the call succeeded")
        } catch {
            if case .invalid(let diagnostics) = error { return diagnostics }
            Issue.record("expected LessonError.invalid, got \(error)")
        }
        return []
    }

    /// The 1-based line of the first line of `text` that contains `fragment`.
    static func line(of fragment: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(fragment) }.map { $0 + 1 }
    }

    @Test("single-pregnancy: one son at term and the four sliders at the defaults it inherits")
    func singlePregnancyControls() throws {
        let c = try Self.controls("single-pregnancy")
        #expect(c.pregnancies == [.init(index: 0, child: "son", sex: "male", startWeeks: 0, lengthWeeks: 40, outcome: "live_birth")])
        #expect(c.events.isEmpty)
        #expect(c.canAddPregnancy)
        #expect(c.outcomes == ["live_birth", "stillbirth", "miscarriage", "termination_surgical", "termination_medical"])
        #expect(c.kinetics.map(\.id) == ["blood_half_life", "marrow_homing", "self_renewal", "sensitisation"])
        // The fitted defaults (BiologyDefaults+Calibrated): 13.17 days, 1e-4 per day, 10 years, and sensitisation 1.2.
        #expect(abs(try #require(Self.kinetic(c, "blood_half_life")).value - 13.171236839935975) < 1e-9)
        #expect(abs(try #require(Self.kinetic(c, "marrow_homing")).value - 1e-4) < 1e-12)
        #expect(abs(try #require(Self.kinetic(c, "self_renewal")).value - 10) < 1e-6)
        #expect(try #require(Self.kinetic(c, "sensitisation")).value == 1.2)
        for k in c.kinetics {
            #expect(k.minimum < k.maximum && k.value >= k.minimum && k.value <= k.maximum, "\(k.id): \(k.value)")
            #expect(["linear", "log"].contains(k.scale) && !k.unit.isEmpty && !k.label.isEmpty)
        }
    }

    @Test("every library scenario: its calendar, its movable events and sliders within their ranges")
    func libraryControls() throws {
        let expected: [String: (pregnancies: [String], events: [String], sliders: Int, canAdd: Bool)] = [
            "cohort-blood-draw": ([], [], 4, false),
            "heart-injury": (["son:live_birth"], ["injury@7305.0"], 4, true),
            "maternal-in-child": (["son:live_birth"], [], 4, true),
            "single-pregnancy": (["son:live_birth"], [], 4, true),
            "termination-surgical-vs-medical": (["conceptus_1:termination_surgical", "conceptus_2:termination_medical"], [], 4, true),
            "three-generations": (["daughter:live_birth", "son:live_birth"], [], 4, true),
            "transfusion": ([], ["transfusion@30.0"], 3, true),
            "twins": (["brother:live_birth"], [], 4, true),
            "two-pregnancies-miscarriage": (["lost_son:miscarriage", "daughter:live_birth"], [], 4, true),
        ]
        let entries = Self.library.entries()
        #expect(Set(entries.map(\.name)) == Set(expected.keys), "a library scenario was added or removed: list it here")
        for entry in entries {
            let c = try Self.controls(entry.name)
            let want = try #require(expected[entry.name])
            #expect(c.pregnancies.map { "\($0.child):\($0.outcome)" } == want.pregnancies, "\(entry.name)")
            #expect(c.events.map { "\($0.kind)@\($0.atDays)" } == want.events, "\(entry.name)")
            #expect(c.kinetics.count == want.sliders, "\(entry.name)")
            #expect(c.canAddPregnancy == want.canAdd, "\(entry.name)")
            for k in c.kinetics { #expect(k.value >= k.minimum && k.value <= k.maximum, "\(entry.name) \(k.id) \(k.value)") }
        }
        let transfusion = try Self.controls("transfusion").events[0]
        #expect(transfusion.label == "transfusion into mother from donor (male)")
        #expect(try Self.controls("heart-injury").events[0].label == "heart injury of mother for 30 days (homing ×10)")
        #expect(try Self.kinetic(Self.controls("termination-surgical-vs-medical"), "sensitisation")?.value == 1)
    }

    @Test("a network-level text has no calendar and no sliders; an invalid text gives validate's diagnostics")
    func networkLevelAndInvalid() throws {
        let network = """
            name: two compartments
            horizon: 10 years
            output: { every: 1 year }
            network:
              compartments:
                - { name: blood, initial: 100 }
              flows:
                - { from: blood, to: out, half_life: 2 days }
            """
        let c = try LessonPipeline.controls(yaml: network, file: "net.yaml")
        #expect(c.pregnancies.isEmpty && c.events.isEmpty && c.kinetics.isEmpty && !c.canAddPregnancy)
        let d = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: network, file: "net.yaml", edits: [LessonEdit(op: .addPregnancy)])
        }
        #expect(d.count == 1 && d.first?.keyPath == "pregnancies")
        let bad = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.controls(yaml: "name: x\nhorizon: 10 yaers\noutput: { every: 1 year }\n", file: "bad.yaml")
        }
        #expect(bad.first?.description.hasPrefix("bad.yaml:2:10: error: horizon: unknown time unit") == true)
    }

    // MARK: - Edits

    @Test("addPregnancy: a son at term a year after the last pregnancy, a fresh name, the header kept")
    func addPregnancy() throws {
        let text = try Self.text("single-pregnancy")
        let (yaml, c) = try LessonPipeline.edit(yaml: text, file: "single-pregnancy.yaml", edits: [LessonEdit(op: .addPregnancy)])
        let header = text.prefix { _ in true }.split(separator: "\n", omittingEmptySubsequences: false).prefix { $0.hasPrefix("#") }
        #expect(yaml.hasPrefix(header.joined(separator: "\n") + "\n"))
        #expect(yaml.contains("# What to notice:"))
        #expect(c.pregnancies.count == 2)
        #expect(c.pregnancies[1] == .init(index: 1, child: "child2", sex: "male", startWeeks: 92, lengthWeeks: 40, outcome: "live_birth"))
        try LessonPipeline.validate(yaml: yaml, file: "single-pregnancy.yaml")

        // A name the text already uses anywhere is not taken.
        let taken = text.replacing("name: son_blood_hla", with: "name: child2")
        let (_, c2) = try LessonPipeline.edit(yaml: taken, file: "s.yaml", edits: [LessonEdit(op: .addPregnancy, outcome: "miscarriage")])
        #expect(c2.pregnancies[1].child == "child3")
        #expect(c2.pregnancies[1].outcome == "miscarriage" && c2.pregnancies[1].lengthWeeks == 10)
    }

    @Test("addPregnancy past the horizon says to lengthen it; a cohort cannot gain one")
    func addPregnancyRefused() throws {
        let short = """
            name: short
            horizon: 1 year
            output: { every: 4 weeks }
            pregnancies:
              - { child: son, sex: male, start: 0 weeks }
            """
        let d = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: short, file: "short.yaml", edits: [LessonEdit(op: .addPregnancy)])
        }
        #expect(d.count == 1)
        #expect(d.first?.keyPath == "horizon" && d.first?.line == 2)
        #expect(d.first?.message.contains("lengthen the horizon (e.g. 'horizon: 2 years')") == true)
        let cohortText = try Self.text("cohort-blood-draw")
        let cohort = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: cohortText, file: "c.yaml", edits: [LessonEdit(op: .addPregnancy)])
        }
        #expect(cohort.first?.keyPath == "cohort")
    }

    @Test("removePregnancy removes what refers to the child: assays, breastfeeding, her own pregnancies")
    func removePregnancy() throws {
        let three = try Self.text("three-generations")
        let (yaml, c) = try LessonPipeline.edit(yaml: three, file: "t.yaml", edits: [LessonEdit(op: .removePregnancy, index: 0)])
        #expect(c.pregnancies.map(\.child) == ["son"])
        #expect(!yaml.contains("son_blood_hla_sister") && yaml.contains("son_blood_hla_grandmother"))
        #expect(yaml.contains("mother_blood_hla_grandmother"))

        let (fed, fc) = try LessonPipeline.edit(yaml: Self.text("maternal-in-child"), file: "m.yaml",
                                                edits: [LessonEdit(op: .addPregnancy), LessonEdit(op: .removePregnancy, index: 0)])
        #expect(!fed.contains("- breastfeeding:") && !fed.contains("son_blood_hla") && fc.pregnancies.map(\.child) == ["child2"])
        try LessonPipeline.validate(yaml: fed, file: "m.yaml")
        // Without any pregnancy nothing enters the family: the loader's own refusal.
        let alone = try Self.text("maternal-in-child")
        let empty = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: alone, file: "m.yaml", edits: [LessonEdit(op: .removePregnancy, index: 0)])
        }
        #expect(empty.first?.message.hasPrefix("no cells ever enter this family") == true)

        let family = """
            name: a daughter who becomes a mother
            horizon: 60 years
            output: { every: 1 year }
            mother: { age: 20 years }
            pregnancies:
              - { child: anna, sex: female, start: 0 weeks }
              - { child: ben, sex: male, start: 3 years }
              - { child: carl, sex: male, mother: anna, start: 28 years }
            immunity:
              - { host: mother, origin: carl, clearance_factor: 2 }
            events:
              - injury: { host: anna, tissue: heart, at: 40 years, duration: 30 days, homing_factor: 5 }
              - transfusion: { donor: d, sex: male, at: 45 years, cells: { progenitor: 10, mature: 1000 } }
            assays:
              - { name: anna_blood, host: anna, marker: any, sample: 10 mL, times: [30 years] }
              - { name: carl_in_mother, marker: { hla: carl }, sample: 10 mL, times: [30 years] }
              - { name: mother_y, marker: y_chromosome, sample: 10 mL, times: [30 years] }
            """
        let (left, lc) = try LessonPipeline.edit(yaml: family, file: "f.yaml", edits: [LessonEdit(op: .removePregnancy, index: 0)])
        #expect(lc.pregnancies.map(\.child) == ["ben"])
        #expect(lc.events.map(\.kind) == ["transfusion"])
        #expect(!left.contains("anna") && !left.contains("carl") && !left.contains("immunity:\n  -") && left.contains("mother_y"))
        let bad = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: family, file: "f.yaml", edits: [LessonEdit(op: .removePregnancy, index: 3)])
        }
        #expect(bad.first?.message == "there is no pregnancy [3]: the text has 3 (indices 0 to 2)")
    }

    @Test("setPregnancy: outcome with its method and typical length, sex, start; bad values at their key and line")
    func setPregnancy() throws {
        let text = try Self.text("single-pregnancy")
        let (yaml, c) = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [
            LessonEdit(op: .setPregnancy, index: 0, outcome: "termination_surgical"),
            LessonEdit(op: .setPregnancy, index: 0, sex: "female", startWeeks: 10),
        ])
        #expect(c.pregnancies == [.init(index: 0, child: "son", sex: "female", startWeeks: 10, lengthWeeks: 9, outcome: "termination_surgical")])
        #expect(yaml.contains("method: surgical"))
        // A son not born alive is no host: the assay of his blood goes with it.
        #expect(!yaml.contains("son_blood_hla") && yaml.contains("blood_y_qpcr"))
        let (back, c2) = try LessonPipeline.edit(yaml: yaml, file: "s.yaml", edits: [LessonEdit(op: .setPregnancy, index: 0, outcome: "live_birth")])
        #expect(c2.pregnancies[0].outcome == "live_birth" && c2.pregnancies[0].lengthWeeks == 40 && !back.contains("method:"))

        let outcomeLine = Self.line(of: "outcome: live_birth", in: text)
        let d = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setPregnancy, index: 0, outcome: "abortion")])
        }
        #expect(d.count == 1 && d.first?.keyPath == "pregnancies[0].outcome" && d.first?.line == outcomeLine)
        #expect(d.first?.message.hasPrefix("unknown outcome 'abortion'; choose one of live_birth, stillbirth") == true)
        let long = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setPregnancy, index: 0, lengthWeeks: 50)])
        }
        #expect(long.first?.keyPath == "pregnancies[0].length" && long.first?.line == Self.line(of: "length: 40 weeks", in: text))
        // Past the horizon: the loader's own message, at the start's line in the original text.
        let late = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setPregnancy, index: 0, startWeeks: 2600)])
        }
        #expect(late.count == 1 && late.first?.keyPath == "pregnancies[0].start" && late.first?.line == Self.line(of: "start: 0 weeks", in: text))
        #expect(late.first?.message.contains("after the horizon") == true)
        let sex = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setPregnancy, index: 0, sex: "boy")])
        }
        #expect(sex.first?.keyPath == "pregnancies[0].sex")
    }

    @Test("moveEvent: a transfusion or an injury moves; a bad time or a breastfeeding is refused at its key")
    func moveEvent() throws {
        let text = try Self.text("transfusion")
        let (_, c) = try LessonPipeline.edit(yaml: text, file: "t.yaml", edits: [LessonEdit(op: .moveEvent, index: 0, atDays: 400)])
        #expect(c.events[0].atDays == 400)
        let negative = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "t.yaml", edits: [LessonEdit(op: .moveEvent, index: 0, atDays: -1)])
        }
        #expect(negative.first?.keyPath == "events[0].transfusion.at" && negative.first?.line == Self.line(of: "- transfusion:", in: text))
        let heartText = try Self.text("heart-injury")
        let late = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: heartText, file: "h.yaml", edits: [LessonEdit(op: .moveEvent, index: 0, atDays: 9120)])
        }
        #expect(late.first?.keyPath.hasPrefix("events[0].injury") == true, "\(late)")
        let fedText = try Self.text("maternal-in-child")
        let fed = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: fedText, file: "m.yaml", edits: [LessonEdit(op: .moveEvent, index: 0, atDays: 10)])
        }
        #expect(fed.first?.message.contains("'breastfeeding'") == true)
    }

    @Test("setKinetic: writes its key, keeps the default cell types and the circulating half-life; out of range refused")
    func setKinetic() throws {
        let text = try Self.text("single-pregnancy")
        let (yaml, c) = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [
            LessonEdit(op: .setKinetic, id: "blood_half_life", value: 30),
            LessonEdit(op: .setKinetic, id: "marrow_homing", value: 0.001),
            LessonEdit(op: .setKinetic, id: "sensitisation", value: 1.5),
        ])
        #expect(abs(try #require(Self.kinetic(c, "blood_half_life")).value - 30) < 1e-9)
        #expect(abs(try #require(Self.kinetic(c, "marrow_homing")).value - 0.001) < 1e-15)
        #expect(abs(try #require(Self.kinetic(c, "self_renewal")).value - 10) < 1e-9, "the half-life is kept")
        #expect(try #require(Self.kinetic(c, "sensitisation")).value == 1.5)
        #expect(yaml.contains("mature: {}") && yaml.contains("persistence: { half_life: 10 years }"))
        let (renewed, c2) = try LessonPipeline.edit(yaml: yaml, file: "s.yaml", edits: [LessonEdit(op: .setKinetic, id: "self_renewal", value: 40)])
        #expect(abs(try #require(Self.kinetic(c2, "self_renewal")).value - 40) < 1e-9 && renewed.contains("half_life: 40 years"))

        let out = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setKinetic, id: "blood_half_life", value: 365)])
        }
        #expect(out.first?.keyPath == "cell_types.progenitor.clearance")
        #expect(out.first?.message == "blood clearance half-life of progenitors must be within 0.5 to 60 days on the page; got 365.0")
        let unknown = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: text, file: "s.yaml", edits: [LessonEdit(op: .setKinetic, id: "speed", value: 1)])
        }
        #expect(unknown.first?.message.hasPrefix("unknown kinetic control 'speed'") == true)
        let transfusionText = try Self.text("transfusion")
        let none = Self.diagnostics { () throws(LessonError) in
            _ = try LessonPipeline.edit(yaml: transfusionText, file: "t.yaml", edits: [LessonEdit(op: .setKinetic, id: "sensitisation", value: 1.5)])
        }
        #expect(none.first?.message.contains("no pregnancy") == true)
    }

    // MARK: - Round trips

    @Test("every library scenario re-written by the editor loads to the same model, and validate accepts each edit's text")
    func roundTrip() throws {
        for entry in Self.library.entries() {
            let text = try Self.library.text(of: entry)
            let (yaml, _) = try LessonPipeline.edit(yaml: text, file: entry.path, edits: [])
            let original = try ScenarioLoader.parse(text: text, file: entry.path)
            let again = try ScenarioLoader.parse(text: yaml, file: entry.path)
            #expect(original.model == again.model, "\(entry.name)")
            #expect(original.description == again.description, "\(entry.name)")
        }
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (edited, _) = try LessonPipeline.edit(yaml: Self.text("two-pregnancies-miscarriage"), file: "e.yaml", edits: [
            LessonEdit(op: .addPregnancy, sex: "female"), LessonEdit(op: .setPregnancy, index: 0, outcome: "stillbirth"),
            LessonEdit(op: .setKinetic, id: "self_renewal", value: 25), LessonEdit(op: .removePregnancy, index: 1),
        ])
        let path = try CLIHarness.write(edited, named: "e.yaml", in: dir)
        let cli = try CLIHarness.run(["validate", path])
        #expect(cli.status == 0, "\(cli.stderr)")
    }

    @Test("validate gives exactly the lines `microchimera validate` prints", arguments: [
        "name: x\nhorizon: 10 yaers\noutput: { every: 1 year }\n",
        "name: x\nhorizon: 2 years\noutput: { every: 1 month }\npregnancies:\n  - { child: a, sex: male, start: 2 years }\n  - { child: a, sex: mail, start: 0 weeks, lenght: 9 weeks }\n",
        "name: x\nhorizon: 2 years\noutput: { every: [1 month }\n",
        "name: x\nhorizon: 5 years\noutput: { every: 1 month }\nevents:\n  - injury: { tissue: hart, at: 1 year, duration: 30 days, homing_factor: 5 }\nassays:\n  - { name: a, marker: y, sample: 10 mL, times: [9 years] }\n",
        "\u{FEFF}name: x\nhorizon: 1 year\n",
    ])
    func validateEqualsCLI(text: String) throws {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = try CLIHarness.write(text, named: "page.yaml", in: dir)
        let cli = try CLIHarness.run(["validate", path])
        #expect(cli.status == 65)
        let lines = Self.diagnostics { () throws(LessonError) in try LessonPipeline.validate(yaml: text, file: path) }
        #expect(!lines.isEmpty)
        #expect(lines.map { $0.description + "\n" }.joined() == cli.stderr)
    }

    // MARK: - Library

    @Test("every library scenario has a one-line 'what to notice' from its header; a file without one falls back to its description")
    func notices() throws {
        for entry in Self.library.entries() {
            let notice = Self.library.notice(of: entry)
            #expect(notice.count > 40 && !notice.contains("\n") && !notice.hasPrefix("What to notice"), "\(entry.name): \(notice)")
            #expect(notice.hasSuffix("."), "\(entry.name): \(notice)")
        }
        #expect(Self.library.notice(of: try Self.library.entry(named: "twins")).hasPrefix("the sister's blood is positive for male cells"))
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLIHarness.write("# Plain\n# no notice here\nname: p\ndescription: a plain file\nhorizon: 1 year\noutput: { every: 1 month }\n",
                                 named: "plain.yaml", in: dir)
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yaml"), withIntermediateDirectories: false)
        let local = ScenarioLibrary(directory: dir.path)
        #expect(local.notice(of: try local.entry(named: "plain")) == "a plain file")
        #expect(throws: RunError.self) { _ = try local.text(of: local.entry(named: "folder")) }
        #expect(try local.text(of: local.entry(named: "plain")).hasPrefix("# Plain\n"))
    }
}
