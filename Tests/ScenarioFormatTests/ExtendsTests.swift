import Foundation
import TestSupport
import Testing
import RateModel
@testable import ScenarioFormat

/// `extends:`: a scenario built on another file, merged key by key.
@Suite("extends: scenarios built on other scenarios")
struct ExtendsTests {
    static let base = """
        name: base
        horizon: 10 years
        output:
          every: 1 year
        network:
          compartments:
            - { name: blood, initial: 100 }
            - { name: marrow }
          flows:
            - { from: blood, to: out, half_life: 2 days }
            - { from: blood, to: marrow, rate: 0.004 /day }
        """

    static func directory(_ files: [String: String]) throws -> URL {
        let dir = try TemporaryDirectory.make("mc-extends")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return dir
    }

    static func messages(_ body: () throws(ScenarioError) -> LoadedScenario) -> [String] {
        do {
            _ = try body()
            return []
        } catch {
            return error.diagnostics.map(\.description) + (error.diagnostics.isEmpty ? [error.description] : [])
        }
    }

    @Test("mappings merge key by key; lists and scalars replace; the base's other keys stay")
    func merge() throws {
        let dir = try Self.directory([
            "base.yaml": Self.base,
            "sub/child.yaml": """
                extends: ../base.yaml
                name: child
                horizon: 20 years
                network:
                  divisions:
                    - { in: marrow, rate: 0.001 /day }
                """,
        ])
        let loaded = try ScenarioLoader.load(path: dir.appendingPathComponent("sub/child.yaml").path)
        let m = loaded.model
        #expect(m.name == "child")
        #expect(m.horizon == 20 * 365.25)
        #expect(m.outputTimes.count == 21)                    // output from the base, grid to the new horizon
        #expect(m.compartments.map(\.name) == ["blood", "marrow"])
        #expect(m.flows.count == 2 && abs(m.flows[0].rate - log(2.0) / 2) < 1e-15)
        #expect(m.flows[0].window == TimeWindow(start: 0, end: 20 * 365.25)) // default window follows the new horizon
        #expect(m.divisions == [Division(compartment: 1, rate: 0.001, window: TimeWindow(start: 0, end: 20 * 365.25))])
        #expect(loaded.bases.map(\.file) == [dir.appendingPathComponent("sub/../base.yaml").path])
        #expect(loaded.bases[0].bytes == Array(Self.base.utf8))
    }

    @Test("a list in the extending file replaces the base's list whole")
    func listsReplace() throws {
        let dir = try Self.directory([
            "base.yaml": Self.base,
            "child.yaml": "extends: base.yaml\nnetwork:\n  flows:\n    - { from: marrow, to: out, rate: 0.0012 /day }\n",
        ])
        let m = try ScenarioLoader.load(path: dir.appendingPathComponent("child.yaml").path).model
        #expect(m.flows == [Flow(from: 1, to: .out, rate: 0.0012, window: TimeWindow(start: 0, end: 10 * 365.25))])
        #expect(m.compartments.count == 2)
    }

    @Test("chains resolve innermost first; --set applies after the merge")
    func chains() throws {
        let dir = try Self.directory([
            "a.yaml": Self.base,
            "b.yaml": "extends: a.yaml\nhorizon: 5 years\n",
            "c.yaml": "extends: b.yaml\nname: c\n",
        ])
        let loaded = try ScenarioLoader.load(path: dir.appendingPathComponent("c.yaml").path,
                                             overrides: [SetOverride(path: "network.compartments.blood.initial", value: "7")])
        #expect(loaded.model.name == "c" && loaded.model.horizon == 5 * 365.25)
        #expect(loaded.model.compartments[0].initial == 7)
        #expect(loaded.bases.count == 2)
    }

    @Test("a cycle is an error at the extends line, naming the chain")
    func cycle() throws {
        let dir = try Self.directory(["x.yaml": "extends: y.yaml\nname: x\n", "y.yaml": "name: y\nextends: x.yaml\n"])
        let m = Self.messages { () throws(ScenarioError) in try ScenarioLoader.load(path: dir.appendingPathComponent("x.yaml").path) }
        #expect(m.count == 1)
        #expect(m[0].contains("y.yaml:2:10") && m[0].contains("extends") && m[0].contains("extends itself"))
    }

    @Test("a missing base is an error at the extends line of the extending file")
    func missing() throws {
        let dir = try Self.directory(["child.yaml": "name: c\nextends: nowhere.yaml\n"])
        let m = Self.messages { () throws(ScenarioError) in try ScenarioLoader.load(path: dir.appendingPathComponent("child.yaml").path) }
        #expect(m.count == 1 && m[0].contains("child.yaml:2:10") && m[0].contains("nowhere.yaml") && m[0].contains("no such file"))
    }

    @Test("an error inside the base names the base file and its line")
    func errorInBase() throws {
        let dir = try Self.directory([
            "base.yaml": Self.base.replacingOccurrences(of: "half_life: 2 days", with: "half_life: 2"),
            "child.yaml": "extends: base.yaml\nname: child\n",
        ])
        let m = Self.messages { () throws(ScenarioError) in try ScenarioLoader.load(path: dir.appendingPathComponent("child.yaml").path) }
        #expect(m.count == 1)
        #expect(m[0].contains("base.yaml:10:") && m[0].contains("network.flows[0].half_life"), "\(m[0])")
    }

    @Test("extends must be a file path; a misspelt key suggests it")
    func kinds() throws {
        let dir = try Self.directory(["a.yaml": "extends: [x.yaml]\n", "b.yaml": Self.base + "\nextend: a.yaml\n"])
        let a = Self.messages { () throws(ScenarioError) in try ScenarioLoader.load(path: dir.appendingPathComponent("a.yaml").path) }
        #expect(a.count == 1 && a[0].contains("a.yaml:1:10") && a[0].contains("path of a scenario file"))
        let b = Self.messages { () throws(ScenarioError) in try ScenarioLoader.load(path: dir.appendingPathComponent("b.yaml").path) }
        #expect(b.contains { $0.contains("unknown key 'extend'") && $0.contains("did you mean 'extends'") })
    }
}
