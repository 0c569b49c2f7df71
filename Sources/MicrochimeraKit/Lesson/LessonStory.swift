import BiologyModel
import Foundation
import ScenarioFormat

/// A scenario text being changed by the teaching page's controls: applies
/// `LessonEdit`s to its YAML tree, checking each value at the key it writes.
///
/// Every error is `LessonError.invalid` with a diagnostic at the key the
/// edit would change (its line in the original text, or the nearest line
/// above it), printed as `validate` prints diagnostics.
struct LessonStory {
    /// The most pregnancies the page lets a text have (each adds hosts and
    /// compartments; sensitisation compounds over them).
    static let maximumPregnancies = 12
    /// The outcome menu: `outcome:` words, a termination with its `method:`.
    static let outcomeWords = ["live_birth", "stillbirth", "miscarriage", "termination_surgical", "termination_medical"]
    static let sexes = Sex.allCases.map(\.rawValue)
    /// Gap from the end of the last pregnancy to an added one: a year, or the
    /// 13 weeks (about the cohort's 90-day minimum) when a year does not fit.
    static let gapWeeks = [52.0, 13.0]

    var editor: ScenarioEditor

    init(text: String, file: String) throws(ScenarioError) {
        editor = try ScenarioEditor(text: text, file: file, readsBases: false)
    }

    /// Applies one edit.
    mutating func apply(_ edit: LessonEdit) throws(LessonError) {
        switch edit.op {
        case .addPregnancy: try addPregnancy(edit)
        case .removePregnancy: try removePregnancy(try pregnancyIndex(edit))
        case .setPregnancy: try setPregnancy(edit)
        case .moveEvent: try moveEvent(edit)
        case .setKinetic: try setKinetic(edit)
        }
    }

    // MARK: - Pregnancies

    private mutating func setPregnancy(_ edit: LessonEdit) throws(LessonError) {
        let i = try pregnancyIndex(edit)
        let path = "pregnancies[\(i)]"
        if let sex = edit.sex {
            try check(Self.sexes.contains(sex), at: "\(path).sex", "the sex '\(sex)' is not one of \(Self.sexes.joined(separator: ", "))")
            try set("\(path).sex", sex)
        }
        if let start = edit.startWeeks {
            try check(start.isFinite && start >= 0, at: "\(path).start",
                      "a pregnancy starts at a time from 0 on, in weeks; got \(start)")
            try set("\(path).start", "\(KineticControl.decimal(start)) weeks")
        }
        var length = edit.lengthWeeks
        if let outcome = edit.outcome {
            let current = editor.scalar(at: "\(path).outcome") ?? "live_birth"
            let currentWord = current == "termination" ? "termination_\(editor.scalar(at: "\(path).method") ?? "")" : current
            let parsed = try Self.outcome(outcome, at: "\(path).outcome", editor: editor)
            if currentWord != outcome, length == nil { length = OutcomeLengths().length(for: parsed) / 7 }
            try writeOutcome(parsed, at: path)
        }
        if let length {
            try checkLength(length, at: "\(path).length")
            try set("\(path).length", "\(KineticControl.decimal(length)) weeks")
        }
        if let outcome = edit.outcome, outcome != "live_birth" {
            // A child not born alive is no host: what needs it as one goes (its cells stay an origin).
            // Last, as it may remove pregnancies written before this one.
            try removeReferences(hosts: Set(childNames(of: i)), origins: [], pregnancies: [])
        }
    }

    private mutating func addPregnancy(_ edit: LessonEdit) throws(LessonError) {
        guard editor.isBiologyLevel else {
            throw invalid("pregnancies", "a network-level scenario has no pregnancies; only a biology-level one (a family) can gain one")
        }
        guard !editor.contains("cohort") else {
            throw invalid("cohort", "a cohort draws its women's pregnancies from 'cohort:'; it has no calendar to add a pregnancy to")
        }
        let count = editor.count(at: "pregnancies") ?? 0
        try check(count < Self.maximumPregnancies, at: "pregnancies",
                  "the page allows at most \(Self.maximumPregnancies) pregnancies; remove one before adding another")
        let sex = edit.sex ?? Sex.male.rawValue
        try check(Self.sexes.contains(sex), at: "pregnancies", "the sex '\(sex)' is not one of \(Self.sexes.joined(separator: ", "))")
        let outcome = try Self.outcome(edit.outcome ?? "live_birth", at: "pregnancies", editor: editor)
        let length = edit.lengthWeeks ?? OutcomeLengths().length(for: outcome) / 7
        try checkLength(length, at: "pregnancies")
        let scenario = try compiled()
        let horizonWeeks = scenario.horizon / 7
        var start: Double
        if let given = edit.startWeeks {
            try check(given.isFinite && given >= 0, at: "pregnancies", "a pregnancy starts at a time from 0 on, in weeks; got \(given)")
            start = given
        } else {
            let lastEnd = scenario.pregnancies.filter { $0.mother == scenario.founder.name }.map(\.end).max()
            if let lastEnd {
                let candidates = Self.gapWeeks.map { (lastEnd / 7 + $0).rounded(.up) }
                start = candidates.first { $0 + length <= horizonWeeks * (1 + 1e-12) } ?? candidates.last!
            } else {
                start = 0
            }
        }
        let end = start + length
        if end > horizonWeeks * (1 + 1e-12) {
            let years = Int((end * 7 / 365.25).rounded(.up))
            throw invalid("horizon", "no room for another pregnancy: it would start at week \(KineticControl.decimal(start)) and end "
                          + "at week \(KineticControl.decimal(end)) (year \(KineticControl.decimal(end * 7 / 365.25))), after the "
                          + "horizon of \(KineticControl.decimal(scenario.horizon / 365.25)) years; lengthen the horizon "
                          + "(e.g. 'horizon: \(years) years') or remove a pregnancy")
        }
        let words = editor.allWords
        var n = count + 1
        while words.contains("child\(n)") { n += 1 }
        var fields = ["child: child\(n)", "sex: \(sex)", "start: \(KineticControl.decimal(start)) weeks",
                      "length: \(KineticControl.decimal(length)) weeks"]
        fields += Self.outcomeFields(outcome)
        try append("pregnancies", "{ " + fields.joined(separator: ", ") + " }")
    }

    /// Removes pregnancy `i` and everything that refers to its children,
    /// down the family (their own pregnancies, assays, events, immunity).
    private mutating func removePregnancy(_ i: Int) throws(LessonError) {
        let children = Set(childNames(of: i))
        try removeReferences(hosts: children, origins: children, pregnancies: [i])
    }

    /// Removes what needs `hosts` to be born or `origins` to exist: the
    /// pregnancies `doomed` and those of a host that goes (and so on down
    /// the family, their children going as hosts and origins), assays of a
    /// host that goes or of the HLA of an origin that goes, events of a host
    /// that goes (transfusions, injuries, breastfeeding as mother or child)
    /// and their `immunity:` entries.
    mutating func removeReferences(hosts: Set<String>, origins: Set<String>, pregnancies doomed: Set<Int>) throws(LessonError) {
        var hosts = hosts, origins = origins, doomed = doomed
        let count = editor.count(at: "pregnancies") ?? 0
        var grew = true
        while grew {
            grew = false
            for k in 0..<count where !doomed.contains(k) {
                if let mother = editor.scalar(at: "pregnancies[\(k)].mother"), hosts.contains(mother) {
                    doomed.insert(k)
                    hosts.formUnion(childNames(of: k))
                    origins.formUnion(childNames(of: k))
                    grew = true
                }
            }
        }
        let (goneHosts, goneOrigins) = (hosts, origins)
        for k in doomed.sorted(by: >) { try remove("pregnancies[\(k)]") }
        try removeItems("assays") { editor, path in
            editor.scalar(at: "\(path).host").map { goneHosts.contains($0) } ?? false
                || editor.scalar(at: "\(path).marker.hla").map { goneOrigins.contains($0) } ?? false
        }
        try removeItems("events") { editor, path in
            guard let kind = editor.keys(at: path)?.first else { return false }
            return ["host", "child", "mother"].contains { key in
                editor.scalar(at: "\(path).\(kind).\(key)").map { goneHosts.contains($0) } ?? false
            }
        }
        try removeItems("immunity") { editor, path in
            editor.scalar(at: "\(path).host").map { goneHosts.contains($0) } ?? false
                || editor.scalar(at: "\(path).origin").map { goneOrigins.contains($0) } ?? false
        }
    }

    private func childNames(of k: Int) -> [String] {
        [editor.scalar(at: "pregnancies[\(k)].child"), editor.scalar(at: "pregnancies[\(k)].twin.child")].compactMap { $0 }
    }

    private mutating func removeItems(_ list: String, where test: (ScenarioEditor, String) -> Bool) throws(LessonError) {
        guard let count = editor.count(at: list), count > 0 else { return }
        for k in (0..<count).reversed() where test(editor, "\(list)[\(k)]") { try remove("\(list)[\(k)]") }
    }

    private func pregnancyIndex(_ edit: LessonEdit) throws(LessonError) -> Int {
        let count = editor.count(at: "pregnancies") ?? 0
        guard let i = edit.index, i >= 0, i < count else {
            let have = count == 0 ? "the text has no pregnancies" : "the text has \(count) (indices 0 to \(count - 1))"
            throw invalid("pregnancies", "there is no pregnancy \(edit.index.map { "[\($0)]" } ?? "without an index"): \(have)")
        }
        return i
    }

    private func checkLength(_ weeks: Double, at path: String) throws(LessonError) {
        try check(weeks.isFinite && weeks >= 4 && weeks <= 45, at: path,
                  "a gestation lasts 4 to 45 weeks to be biologically plausible; got \(KineticControl.decimal(weeks)) weeks")
    }

    /// Writes `outcome` (and `method`, which only a termination has) into the pregnancy at `path`; a live birth has no `demise`.
    private mutating func writeOutcome(_ outcome: PregnancyOutcome, at path: String) throws(LessonError) {
        switch outcome {
        case .termination(let method):
            try set("\(path).outcome", "termination")
            try set("\(path).method", method.rawValue)
        default:
            try set("\(path).outcome", Self.word(for: outcome))
            try remove("\(path).method")
            if outcome == .liveBirth { try remove("\(path).demise") }
        }
    }

    /// The outcome named by a word of the page's menu.
    static func outcome(_ word: String, at path: String, editor: ScenarioEditor) throws(LessonError) -> PregnancyOutcome {
        switch word {
        case "live_birth": return .liveBirth
        case "stillbirth": return .stillbirth
        case "miscarriage": return .miscarriage
        case "termination_surgical": return .termination(.surgical)
        case "termination_medical": return .termination(.medical)
        default:
            let hint = word == "termination" ? "a termination needs its method: " : ""
            throw .invalid([editor.diagnostic(at: path, message: "unknown outcome '\(word)'; \(hint)choose one of "
                                              + outcomeWords.joined(separator: ", "))])
        }
    }

    /// The menu word of `outcome`.
    static func word(for outcome: PregnancyOutcome) -> String {
        switch outcome {
        case .liveBirth: "live_birth"
        case .stillbirth: "stillbirth"
        case .miscarriage: "miscarriage"
        case .termination(let method): "termination_\(method.rawValue)"
        }
    }

    private static func outcomeFields(_ outcome: PregnancyOutcome) -> [String] {
        if case .termination(let method) = outcome { return ["outcome: termination", "method: \(method.rawValue)"] }
        return ["outcome: \(word(for: outcome))"]
    }

    // MARK: - Helpers

    /// The scenario as edited so far, compiled (its problems, if any, thrown).
    func compiled() throws(LessonError) -> BiologyScenario {
        let loaded: LoadedScenario
        do {
            loaded = try editor.load()
        } catch {
            throw LessonPipeline.lessonError(error)
        }
        guard let compiled = loaded.compiled else {
            throw invalid("", "this is a network-level scenario; the page's calendar and kinetics belong to biology-level ones")
        }
        return compiled.scenario
    }

    func invalid(_ path: String, _ message: String) -> LessonError {
        .invalid([editor.diagnostic(at: path, message: message)])
    }

    func check(_ condition: Bool, at path: String, _ message: @autoclosure () -> String) throws(LessonError) {
        if !condition { throw invalid(path, message()) }
    }

    mutating func set(_ path: String, _ yaml: String) throws(LessonError) {
        do { try editor.set(path, yaml: yaml) } catch { throw LessonPipeline.lessonError(error) }
    }

    mutating func remove(_ path: String) throws(LessonError) {
        do { try editor.remove(path) } catch { throw LessonPipeline.lessonError(error) }
    }

    mutating func append(_ path: String, _ yaml: String) throws(LessonError) {
        do { try editor.append(to: path, yaml: yaml) } catch { throw LessonPipeline.lessonError(error) }
    }
}
