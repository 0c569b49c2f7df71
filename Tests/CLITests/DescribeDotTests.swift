import Foundation
import MicrochimeraKit
import RateModel
import Testing

/// `microchimera describe --dot`: one node per compartment, one edge per
/// route and per self-renewing compartment (counted here from the model),
/// and a file the real Graphviz `dot` accepts.
@Suite("microchimera describe --dot")
struct DescribeDotTests {
    static let scenarios = [
        "scenarios/single-pregnancy.yaml", "scenarios/two-pregnancies-miscarriage.yaml", "scenarios/transfusion.yaml",
        "scenarios/maternal-in-child.yaml", "Benchmarks/models/single-pregnancy-network.yaml",
    ]

    /// Graphviz's `dot` on the PATH, if installed (Debian package graphviz; `make test` installs it as root).
    static let dotExecutable: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func dot(_ scenario: String) throws -> String {
        let r = try CLIHarness.run(["describe", scenario, "--dot"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        return r.stdout
    }

    /// `(from, to)` of every `c<i> -> c<j>` edge line, in order.
    static func compartmentEdges(_ dot: String) -> [[Int]] {
        dot.split(separator: "\n").compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard parts.count > 3, parts[1] == "->", parts[0].hasPrefix("c"), parts[2].hasPrefix("c"),
                  let i = Int(parts[0].dropFirst()), let j = Int(parts[2].dropFirst()) else { return nil }
            return [i, j]
        }
    }

    /// Indices of every `c<i> [` node line.
    static func compartmentNodes(_ dot: String) -> [Int] {
        dot.split(separator: "\n").compactMap { line in
            let parts = line.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[1].hasPrefix("["), parts[0].hasPrefix("c") else { return nil }
            return Int(parts[0].dropFirst())
        }
    }

    @Test("one node per compartment, one edge per route and per self-renewing compartment, sources for inflows and boluses",
          arguments: scenarios)
    func counts(scenario: String) throws {
        let text = try Self.dot(scenario)
        let loaded = try RunPipeline.load(path: CLIHarness.packageRoot.appendingPathComponent(scenario).path, overrides: [])
        let model = loaded.model
        #expect(Self.compartmentNodes(text) == Array(model.compartments.indices))
        var routes = Set<[Int]>()
        for f in model.flows where f.rate > 0 {
            if case .compartment(let j) = f.to, j != f.from { routes.insert([f.from, j]) }
        }
        let dividing = Set(model.divisions.filter { $0.rate > 0 }.map(\.compartment))
        let expected = routes.union(dividing.map { [$0, $0] })
        let edges = Self.compartmentEdges(text)
        #expect(edges.count == expected.count, "one edge per route, no duplicates")
        #expect(Set(edges) == expected)
        let inflowTargets = Set(model.inflows.filter { $0.rate > 0 }.map(\.compartment))
        #expect(inflowTargets.allSatisfy { text.contains("  in\($0) -> c\($0) [") })
        #expect(text.components(separatedBy: " -> ").count - 1
                == expected.count + inflowTargets.count + Set(model.boluses.filter { $0.cells > 0 }.map(\.compartment)).count)
        if let compiled = loaded.compiled {
            // A cluster per host, and inside it one per origin it carries.
            let blocks = Set(compiled.populations.map { [$0.host, $0.origin] })
            #expect(text.components(separatedBy: "subgraph cluster_").count - 1 == compiled.hosts.count + blocks.count)
        }
    }

    @Test("Graphviz dot renders the graph to SVG without complaint", .enabled(if: dotExecutable != nil,
          "Graphviz `dot` is not installed (apt-get install graphviz, or run `make test` as root)"), arguments: scenarios)
    func graphvizAccepts(scenario: String) throws {
        let dir = try CLIHarness.temporaryDirectory()
        let file = dir.appendingPathComponent("model.dot").path
        let r = try CLIHarness.run(["describe", scenario, "--dot", "--out", file])
        #expect(r.status == 0 && r.stdout.isEmpty, "stderr: \(r.stderr)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == (try Self.dot(scenario)), "--out writes what stdout shows")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["model.dot"], "no temporary file left")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.dotExecutable))
        process.arguments = ["-Tsvg", file, "-o", dir.appendingPathComponent("model.svg").path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let complaints = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0 && complaints.isEmpty, "dot: \(complaints)")
        let svg = try String(contentsOfFile: dir.appendingPathComponent("model.svg").path, encoding: .utf8)
        #expect(svg.contains("<svg"))
    }

    @Test("names with quotes and backslashes are escaped", .enabled(if: dotExecutable != nil,
          "Graphviz `dot` is not installed (apt-get install graphviz, or run `make test` as root)"))
    func escaping() throws {
        let dir = try CLIHarness.temporaryDirectory()
        let file = try CLIHarness.write(#"""
            name: 'odd "names" \ here'
            horizon: 1 year
            output:
              every: 1 month
            network:
              compartments:
                - { name: 'a "quoted" one', initial: 5 }
                - { name: 'back\slash' }
              flows:
                - { from: 'a "quoted" one', to: 'back\slash', rate: 0.1 /day }
            """#, named: "odd.yaml", in: dir)
        let text = try Self.dot(file)
        #expect(text.contains(#"label="a \"quoted\" one\ninitial 5"#))
        #expect(text.contains(#"back\\slash"#))
        let out = dir.appendingPathComponent("odd.dot").path
        try text.write(toFile: out, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.dotExecutable))
        process.arguments = ["-Tsvg", out, "-o", dir.appendingPathComponent("odd.svg").path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
