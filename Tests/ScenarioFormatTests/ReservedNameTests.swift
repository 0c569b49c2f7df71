import RateModel
import Testing
@testable import ScenarioFormat

/// Reserved names (`ReservedName`) at every place a scenario declares a name:
/// each refused at the name itself (line, column, key path), saying why.
@Suite("Reserved names")
struct ReservedNameTests {
    /// A place a name is declared: the document with `NAME` where the name
    /// goes, the key path of the diagnostic, and the text just before the name.
    struct Site: CustomTestStringConvertible, Sendable {
        let document: String
        let keyPath: String
        let before: String
        var testDescription: String { keyPath }

        /// The document and the name's line and column, with `name` in place of `NAME`.
        func filled(_ name: String) -> (text: String, line: Int, column: Int?) {
            let text = document.replacingOccurrences(of: "NAME", with: name)
            let number = line(of: before + name, in: text) ?? 0
            return (text, number, column(of: before + name, line: number, in: text).map { $0 + before.count })
        }
    }

    static let cohort = "cohort: { size: 10, pregnancies: [0.5, 0.5], first_pregnancy_age: { mean: 27 years, sd: 5 years }, "
        + "spacing: { mean: 3 years, sd: 1 year }, outcomes: { live_birth: 1 } }"

    /// Every declaration site of a biology-level document.
    static let biologySites: [Site] = [
        Site(document: biology("tissues: [heart, NAME]"), keyPath: "tissues[1]", before: "heart, "),
        Site(document: biology("cell_types:\n  progenitor: { share: 0.5 }\n  NAME: { share: 0.5, clearance: 1 /day }"),
             keyPath: "cell_types.NAME", before: "  "),
        Site(document: biology("mother: { name: NAME }"), keyPath: "mother.name", before: "name: "),
        Site(document: biology("mother:\n  carries:\n    - { origin: NAME, cell_type: progenitor, cells: 5 }"),
             keyPath: "mother.carries[0].origin", before: "origin: "),
        Site(document: biology("pregnancies:\n  - { child: NAME, sex: male, start: 1 year }"),
             keyPath: "pregnancies[0].child", before: "child: "),
        Site(document: biology("pregnancies:\n  - { child: a, sex: male, start: 1 year, twin: { child: NAME, sex: female } }"),
             keyPath: "pregnancies[0].twin.child", before: "{ child: "),
        Site(document: biology("events:\n  - transfusion: { donor: NAME, sex: male, at: 1 year, cells: { mature: 10 } }"),
             keyPath: "events[0].transfusion.donor", before: "donor: "),
        Site(document: biology("events:\n  - transplant: { donor: NAME, sex: female, at: 1 year, into: bone_marrow, cells: { progenitor: 10 } }"),
             keyPath: "events[0].transplant.donor", before: "donor: "),
        Site(document: biology("assays:\n  - { name: NAME, marker: any, sample: 10 mL, times: [1 year] }"),
             keyPath: "assays[0].name", before: "name: "),
    ]

    /// The people of a cohort scenario, who may not take the cohort's child names.
    static let cohortSites: [Site] = [
        Site(document: biology("mother: { name: NAME }\n" + cohort), keyPath: "mother.name", before: "name: "),
        Site(document: biology("mother:\n  carries:\n    - { origin: NAME, cell_type: progenitor, cells: 5 }\n" + cohort),
             keyPath: "mother.carries[0].origin", before: "origin: "),
        Site(document: biology("events:\n  - transfusion: { donor: NAME, sex: male, at: 1 year, cells: { mature: 10 } }\n" + cohort),
             keyPath: "events[0].transfusion.donor", before: "donor: "),
    ]

    @Test("a reserved name is refused at each biology-level declaration, saying why",
          arguments: biologySites, ReservedName.allCases)
    func biologyDeclaration(site: Site, reserved: ReservedName) {
        let name = reserved.rawValue
        let (text, line, column) = site.filled(name)
        expectSingleError(text, line: line, column: column, keyPath: site.keyPath.replacingOccurrences(of: "NAME", with: name),
                          contains: ["'\(name)' is a reserved name and cannot name", reserved.reason,
                                     "the reserved names are 'all', 'total', 'out', 'default' and 'niche'"])
    }

    @Test("a name that only resembles a reserved one is accepted at each declaration",
          arguments: biologySites, ["totals", "All", "outgrowth"])
    func nearMiss(site: Site, name: String) throws {
        _ = try decodeBiology(site.filled(name).text)
    }

    @Test("a reserved name is refused as a network compartment", arguments: ReservedName.allCases)
    func compartment(reserved: ReservedName) {
        let text = scenario(network: "compartments:\n  - { name: a }\n  - { name: \(reserved.rawValue) }")
        expectSingleError(text, line: 7, column: column(of: reserved.rawValue + " }", line: 7, in: text), keyPath: "network.compartments[1].name",
                          contains: ["'\(reserved.rawValue)' is a reserved name and cannot name a compartment", reserved.reason])
    }

    @Test("in a cohort, no person may take a name the cohort gives its conceptuses", arguments: cohortSites, ["child1", "child12"])
    func cohortChildName(site: Site, name: String) {
        let (text, line, column) = site.filled(name)
        expectSingleError(text, line: line, column: column, keyPath: site.keyPath,
                          contains: ["'\(name)' cannot name", "in a cohort", "child1, child2, …", "conceptus number \(name.dropFirst(5))"])
    }

    @Test("child names are free outside a cohort, and other names inside one", arguments: cohortSites)
    func cohortOtherNames(site: Site) throws {
        let family = site.filled("child2").text.replacingOccurrences(of: Self.cohort, with: "")
        _ = try decodeBiology(family)
        _ = try decodeBiology(site.filled("child0").text)
        _ = try decodeBiology(site.filled("children").text)
    }

    @Test("the generated child names round-trip, and only they")
    func cohortChildNumbers() {
        #expect((1...200).allSatisfy { ReservedName.cohortChildNumber(ReservedName.cohortChild($0)) == $0 })
        for other in ["child", "child0", "child01", "child+1", "child-1", "Child1", "child1a", " child1"] {
            #expect(ReservedName.cohortChildNumber(other) == nil, "\(other)")
        }
    }
}
