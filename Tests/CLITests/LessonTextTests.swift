import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Testing

/// A text sent to the teaching page never makes the server read a file.
@Suite("lesson texts")
struct LessonTextTests {
    /// `extends:` of any path (an absolute system file, a relative library
    /// file) is refused at its key and line by every entry point of the page,
    /// before anything is read; the same text from a file still extends.
    @Test("extends: is refused at its key by answer, validate, controls and edit", arguments: [
        "/etc/passwd", "single-pregnancy.yaml", "../scenarios/single-pregnancy.yaml",
    ])
    func extendsIsRefused(_ base: String) throws {
        let yaml = "# a page text\nname: built on a file\nextends: \(base)\nhorizon: 10 years\n"
        func expectRefusal(_ error: LessonError?, _ what: String) {
            guard case .invalid(let diagnostics)? = error else { Issue.record("\(what): \(String(describing: error))"); return }
            #expect(diagnostics.count == 1 && diagnostics[0].keyPath == "extends" && diagnostics[0].line == 3
                    && diagnostics[0].message.contains("remove 'extends:'"), "\(what): \(diagnostics)")
        }
        expectRefusal(#expect(throws: LessonError.self) { try LessonPipeline.answer(LessonRequest(yaml: yaml, file: "page.yaml")) }, "answer")
        expectRefusal(#expect(throws: LessonError.self) { try LessonPipeline.validate(yaml: yaml, file: "page.yaml") }, "validate")
        expectRefusal(#expect(throws: LessonError.self) { try LessonPipeline.controls(yaml: yaml, file: "page.yaml") }, "controls")
        expectRefusal(#expect(throws: LessonError.self) {
            try LessonPipeline.edit(yaml: yaml, file: "page.yaml", edits: [LessonEdit(op: .addPregnancy)])
        }, "edit")
        // The command line's loader still follows extends: (here to a missing file, named as such).
        #expect(throws: ScenarioError.self) { try ScenarioLoader.parse(text: yaml, file: "/nonexistent/page.yaml") }
    }
}
