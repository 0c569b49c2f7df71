import Engines
import Foundation
import MicrochimeraKit
import ScenarioFormat
import Testing

/// The sliders' ranges are safe: with the sliders at their ends, every
/// library scenario and a generic family still load and pass the engines'
/// population check (no compartment's expected cells pass 2^50).
extension LessonStoryTests {
    /// A family with a bit of everything the library has, over a lifetime:
    /// grandmother's cells, a son, a miscarriage, a daughter who has a son,
    /// a transfusion and an injury.
    static let genericFamily = """
        # A generic family for the slider-safety test.
        name: generic family
        horizon: 70 years
        output: { every: 1 year }
        mother:
          age: 20 years
          carries:
            - { origin: grandmother, sex: female, cell_type: progenitor, compartment: bone_marrow, cells: 850 }
        pregnancies:
          - { child: son, sex: male, start: 0 weeks }
          - { child: lost, sex: male, start: 2 years, length: 10 weeks, outcome: miscarriage }
          - { child: girl, sex: female, start: 4 years }
          - { child: grandson, sex: male, mother: girl, start: 30 years }
        events:
          - transfusion: { donor: donor, sex: male, at: 40 years, product: whole_blood, units: 2 }
          - injury: { tissue: heart, at: 50 years, duration: 30 days, homing_factor: 10 }
        assays:
          - { name: y, marker: y_chromosome, sample: 10 mL, times: [60 years] }
        """

    /// The slider settings tried: every corner of the four ranges, and the
    /// corners of clearance and homing with self-renewal left as the text has it.
    static func extremes(_ controls: LessonControls) -> [[LessonEdit]] {
        let ends = controls.kinetics.map { k in [k.minimum, k.maximum].map { LessonEdit(op: .setKinetic, id: k.id, value: $0) } }
        var corners: [[LessonEdit]] = [[]]
        for choices in ends { corners = corners.flatMap { prefix in choices.map { prefix + [$0] } } }
        let loose = controls.kinetics.filter { ["blood_half_life", "marrow_homing"].contains($0.id) }
            .map { k in [k.minimum, k.maximum].map { LessonEdit(op: .setKinetic, id: k.id, value: $0) } }
        var partial: [[LessonEdit]] = [[]]
        for choices in loose { partial = partial.flatMap { prefix in choices.map { prefix + [$0] } } }
        return corners + partial.filter { !$0.isEmpty }
    }

    @Test("every slider at either end: each library scenario and a generic family load and pass the population check")
    func slidersAtTheirEndsAreSafe() throws {
        var texts = try Self.library.entries().map { ($0.name, try Self.library.text(of: $0)) }
        texts.append(("generic family", Self.genericFamily))
        for (name, text) in texts {
            let controls = try LessonPipeline.controls(yaml: text, file: "\(name).yaml")
            #expect(controls.kinetics.count >= 3, "\(name)")
            for edits in Self.extremes(controls) {
                let setting = edits.map { "\($0.id!)=\($0.value!)" }.joined(separator: " ")
                do {
                    let (yaml, _) = try LessonPipeline.edit(yaml: text, file: "\(name).yaml", edits: edits)
                    let loaded = try ScenarioLoader.parse(text: yaml, file: "\(name).yaml")
                    _ = try PopulationCheck(model: loaded.model)
                } catch {
                    Issue.record("\(name) with \(setting): \(error)")
                }
            }
        }
    }
}
