import Testing
@testable import ScenarioFormat

/// YAML syntax errors keep libyaml's words and add how to fix the common ones.
@Suite("YAML syntax errors say how to fix them")
struct SyntaxHintTests {
    @Test("an undefined alias names the alias and the anchor it needs")
    func undefinedAlias() {
        expectSingleError("name: x\nhorizon: *years\n", line: 2, column: 10, keyPath: "",
                          contains: ["found undefined alias", "'*years' names no anchor", "'&years'"])
    }

    @Test("a second document says that a scenario is one document")
    func secondDocument() {
        expectSingleError("name: x\n---\nname: y\n", line: 2, column: 1, keyPath: "", contains: ["another document", "remove it"])
    }

    @Test("a tab where indentation belongs says to indent with spaces")
    func tab() {
        let d = diagnostics("name: x\nhorizon:\n\t1 year\n")
        #expect(d.count == 1 && d.first?.line == 3 && d.first?.message.contains("indents with spaces") == true, "\(d)")
    }

    @Test("a colon inside a plain value says to quote it")
    func colon() {
        expectSingleError("name: x\nhorizon: a: b\n", line: 2, column: 11, keyPath: "", contains: ["mapping values are not allowed", "quote the value"])
    }

    @Test("'@' or '`' starting a value says to quote it")
    func reserved() {
        expectSingleError("name: @x\n", line: 1, column: 7, keyPath: "", contains: ["'@' is reserved", "quotes"])
    }

    @Test("a control character in the text says to remove it")
    func controlCharacter() {
        let d = diagnostics("name: a\u{1}b\n")
        #expect(d.count == 1 && d.first?.line == 1 && d.first?.message.contains("remove the control character") == true, "\(d)")
    }
}
