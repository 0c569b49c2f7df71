import BiologyModel
import ScenarioFormat

/// Moving events and setting the kinetic sliders.
extension LessonStory {
    /// The kinds of `events:` items the page can move.
    static let movableEvents = ["transfusion", "transplant", "injury"]

    /// Moves event `index` of `events:` (a transfusion, a transplant or an injury) to `atDays`.
    mutating func moveEvent(_ edit: LessonEdit) throws(LessonError) {
        let count = editor.count(at: "events") ?? 0
        guard let i = edit.index, i >= 0, i < count else {
            let have = count == 0 ? "the text has no events" : "the text has \(count) (indices 0 to \(count - 1))"
            throw invalid("events", "there is no event \(edit.index.map { "[\($0)]" } ?? "without an index"): \(have)")
        }
        let path = "events[\(i)]"
        guard let kind = editor.keys(at: path)?.first, Self.movableEvents.contains(kind) else {
            throw invalid(path, "the page moves transfusions, transplants and injuries only; this event is "
                          + "\(editor.keys(at: path)?.first.map { "a '\($0)'" } ?? "not one of them")")
        }
        guard let at = edit.atDays else { throw invalid("\(path).\(kind).at", "moving an event needs 'atDays', the new time in days") }
        try check(at.isFinite && at >= 0, at: "\(path).\(kind).at", "an event's time is in days from 0 on; got \(at)")
        try set("\(path).\(kind).at", "\(KineticControl.decimal(at)) days")
    }

    /// Sets kinetic control `id` to `value`, checked against its range.
    ///
    /// A text that lists no `cell_types:` first lists every default type
    /// (so that the others are kept). Setting the clearance or the marrow
    /// homing of progenitors in a text that writes neither `persistence`
    /// nor `self_renewal` in bone marrow also writes the persistence the
    /// text has at that moment: marrow self-renewal is then solved again for
    /// the new rates, so the circulating cells keep their half-life (the
    /// self-renewal slider) instead of growing without bound.
    mutating func setKinetic(_ edit: LessonEdit) throws(LessonError) {
        let ids = KineticControl.catalog.map(\.id).joined(separator: ", ")
        guard let id = edit.id, let control = KineticControl.named(id) else {
            throw invalid("", "unknown kinetic control '\(edit.id ?? "")'; the controls are \(ids)")
        }
        guard let value = edit.value else { throw invalid(control.key, "setting '\(id)' needs a 'value' in \(control.unit)") }
        let range = "\(KineticControl.decimal(control.minimum)) to \(KineticControl.decimal(control.maximum)) \(control.unit)"
        try check(value.isFinite && value >= control.minimum * (1 - 1e-9) && value <= control.maximum * (1 + 1e-9), at: control.key,
                  "\(control.label) must be within \(range) on the page; got \(value)")
        let scenario = try compiled()
        let isCohort = editor.contains("cohort")
        guard control.value(in: scenario, isCohort: isCohort) != nil else {
            throw invalid(control.key, "this scenario has nothing '\(id)' acts on: "
                          + (id == KineticControl.sensitisation.id ? "no pregnancy" : "no 'progenitor' cell type or no bone marrow"))
        }
        if id == KineticControl.sensitisation.id {
            try set(control.key, control.yaml(for: value))
            return
        }
        try listCellTypes()
        let marrow = "cell_types.progenitor.tissues.bone_marrow"
        if id == KineticControl.selfRenewal.id {
            try ensureMappings(marrow)
            try remove("\(marrow).self_renewal")
        } else if !editor.contains("\(marrow).persistence"), !editor.contains("\(marrow).self_renewal"),
                  let kept = KineticControl.selfRenewal.value(in: scenario, isCohort: isCohort),
                  kept >= KineticControl.selfRenewal.minimum, kept < KineticControl.selfRenewal.maximum {
            try ensureMappings(marrow)
            try set(KineticControl.selfRenewal.key, KineticControl.selfRenewal.yaml(for: kept))
        }
        try ensureMappings(String(control.key.split(separator: ".").dropLast().joined(separator: ".")))
        try set(control.key, control.yaml(for: value))
    }

    /// Lists every default cell type when the text has no `cell_types:`
    /// (a `cell_types:` that names one type keeps only that one).
    private mutating func listCellTypes() throws(LessonError) {
        guard !editor.contains("cell_types") else { return }
        let types = BiologyDefaults.cellTypes.map { "\($0.name): {}" }.joined(separator: ", ")
        try set("cell_types", "{ \(types) }")
    }

    /// Turns each empty value along `path` (`progenitor:` written with no value) into an empty mapping to write keys into.
    private mutating func ensureMappings(_ path: String) throws(LessonError) {
        var prefix = ""
        for key in path.split(separator: ".") {
            prefix += prefix.isEmpty ? String(key) : ".\(key)"
            if editor.keys(at: prefix) == nil, !editor.contains(prefix) { try set(prefix, "{}") }
        }
    }
}
