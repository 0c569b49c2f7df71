import BiologyModel
import ScenarioFormat

/// The story side of the teaching page: the controls a scenario text sets,
/// the edits the page's controls make, and validation as `validate` does it.
extension LessonPipeline {
    /// The controls `yaml` sets (calendar, movable events, kinetics with unit/range/value, outcomes).
    ///
    /// A network-level text has no calendar and no kinetics; a cohort has no
    /// pregnancies to move and cannot gain one; a text without a
    /// `progenitor` cell type or without bone marrow has no progenitor
    /// sliders, and one without pregnancies no sensitisation slider.
    /// Throws `.invalid` with the diagnostics `validate` prints for an invalid text.
    public static func controls(yaml: String, file: String) throws(LessonError) -> LessonControls {
        controls(of: try loaded(yaml: yaml, file: file))
    }

    /// Applies `edits` in order and returns the new text (valid, as `validate` would accept) and its controls.
    ///
    /// The text keeps the original's header comment block; the rest is
    /// written again (compact block style, comments after the header are
    /// not kept). Removing a pregnancy also removes what refers to its
    /// children: their own pregnancies (and so on down the family), the
    /// assays of their hosts or of their HLA, their events (transfusions,
    /// injuries, breastfeeding) and immunity entries; setting an outcome
    /// other than a live birth removes what needs the child as a host (it is
    /// not born), keeping what refers to its cells. A bad value is an
    /// `.invalid` diagnostic at the key it would change, at its line in the
    /// original text; so is a problem the loader finds in the edited text.
    public static func edit(yaml: String, file: String, edits: [LessonEdit]) throws(LessonError) -> (yaml: String, controls: LessonControls) {
        var story: LessonStory
        do {
            story = try LessonStory(text: yaml, file: file)
        } catch {
            throw lessonError(error)
        }
        for edit in edits { try story.apply(edit) }
        do {
            _ = try story.editor.load()
        } catch {
            throw lessonError(error)
        }
        let text = story.editor.text()
        return (text, controls(of: try loaded(yaml: text, file: file)))
    }

    /// Throws `.invalid` with exactly the diagnostics `microchimera validate` prints for this text.
    public static func validate(yaml: String, file: String) throws(LessonError) {
        _ = try loaded(yaml: yaml, file: file)
    }

    /// `yaml` read, validated and compiled as `microchimera validate` reads a file holding it.
    static func loaded(yaml: String, file: String) throws(LessonError) -> LoadedScenario {
        // A file's byte order mark is left out when it is read; so is the text's.
        let text = yaml.hasPrefix("\u{FEFF}") ? String(yaml.dropFirst()) : yaml
        do {
            return try ScenarioLoader.parse(text: text, file: file, readsBases: false)
        } catch {
            throw lessonError(error)
        }
    }

    /// The lines `validate` prints for `error`, as diagnostics.
    static func lessonError(_ error: ScenarioError) -> LessonError {
        switch error {
        case .invalid(let diagnostics):
            return .invalid(diagnostics)
        case .unreadable(let file, let reason, let what):
            return .invalid([Diagnostic(file: file, line: nil, column: nil, keyPath: "", message: "cannot read the \(what): \(reason)")])
        case .badOverride(let argument, let reason):
            return .invalid([Diagnostic(file: "--set \(argument)", line: nil, column: nil, keyPath: "", message: reason)])
        }
    }

    /// The controls of a loaded scenario.
    static func controls(of loaded: LoadedScenario) -> LessonControls {
        let outcomes = LessonStory.outcomeWords
        guard let compiled = loaded.compiled else {
            return LessonControls(pregnancies: [], events: [], kinetics: [], outcomes: outcomes, canAddPregnancy: false)
        }
        let scenario = compiled.scenario
        let isCohort = loaded.cohort != nil
        let pregnancies = scenario.pregnancies.enumerated().map { index, p in
            LessonControls.Pregnancy(index: index, child: p.child.name, sex: p.child.sex.rawValue, startWeeks: p.start / 7,
                                     lengthWeeks: p.length / 7, outcome: LessonStory.word(for: p.outcome))
        }
        var events: [LessonControls.Event] = []
        for (index, event) in scenario.events.enumerated() {
            switch event {
            case .transfusion(let t):
                let given = t.product.map { "\($0.units) unit\($0.units == 1 ? "" : "s") of \($0.kind.rawValue.replacing("_", with: " "))" }
                let label = "\(t.kind) into \(t.host) from \(t.donor) (\(t.donorSex.rawValue))" + (given.map { ", \($0)" } ?? "")
                events.append(.init(index: index, kind: t.kind, label: label, atDays: t.time))
            case .injury(let injury):
                let label = "\(injury.tissue.replacing("_", with: " ")) injury of \(injury.host) for "
                    + "\(KineticControl.decimal(injury.duration)) days (homing ×\(KineticControl.decimal(injury.homingFactor)))"
                events.append(.init(index: index, kind: "injury", label: label, atDays: injury.start))
            case .breastfeeding:
                continue
            }
        }
        let kinetics = KineticControl.catalog.compactMap { control in
            control.value(in: scenario, isCohort: isCohort).map { control.kinetic(value: $0) }
        }
        let canAdd = !isCohort && scenario.pregnancies.count < LessonStory.maximumPregnancies
        return LessonControls(pregnancies: isCohort ? [] : pregnancies, events: events, kinetics: kinetics,
                              outcomes: outcomes, canAddPregnancy: canAdd)
    }
}
