import Foundation
import Testing
import TestSupport
@testable import ScenarioFormat

/// A folder holding a fit file `fit.yaml`, data files and (empty) scenario files.
struct FitFolder {
    let url: URL

    /// Writes `fit` as `fit.yaml` and each of `files` (name: contents) in a new folder.
    init(fit: String, files: [String: String] = ["evans.yaml": "", "evans.csv": goodCSV]) throws {
        url = try TemporaryDirectory.make("fit")
        try fit.write(to: url.appendingPathComponent("fit.yaml"), atomically: true, encoding: .utf8)
        for (name, contents) in files {
            try contents.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    /// The path of `name` in the folder.
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Loads `fit.yaml`.
    func load() throws(ScenarioError) -> FitFile { try FitFile.load(path: path("fit.yaml")) }

    /// The diagnostics of loading `fit.yaml`, which must fail with `.invalid`.
    func diagnostics(sourceLocation: SourceLocation = #_sourceLocation) -> [Diagnostic] {
        do {
            _ = try load()
            Issue.record("expected the fit file to be rejected", sourceLocation: sourceLocation)
        } catch {
            if case .invalid(let found) = error { return found }
            Issue.record("expected .invalid, got \(error)", sourceLocation: sourceLocation)
        }
        return []
    }

    /// Checks loading gives exactly one diagnostic, in `file` at `line:column` under `keyPath`, whose
    /// message contains every fragment.
    func expectOne(file: String = "fit.yaml", line: Int?, column: Int?, keyPath: String, contains fragments: [String],
                   sourceLocation: SourceLocation = #_sourceLocation) {
        let found = diagnostics(sourceLocation: sourceLocation)
        guard found.count == 1, let d = found.first else {
            Issue.record("expected one diagnostic, got \(found.count):\n\(found.map(\.description).joined(separator: "\n"))",
                         sourceLocation: sourceLocation)
            return
        }
        #expect(d.file == path(file), "\(d)", sourceLocation: sourceLocation)
        #expect(d.line == line, "\(d)", sourceLocation: sourceLocation)
        #expect(d.column == column, "\(d)", sourceLocation: sourceLocation)
        #expect(d.keyPath == keyPath, "\(d)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(d.message.contains(fragment), "message '\(d.message)' lacks '\(fragment)'", sourceLocation: sourceLocation)
        }
    }
}

/// A valid data file: one `detected` row.
let goodCSV = "kind,assay,time,n,positive,value,se,source\ndetected,blood PCR,27 years,12,3,,,\"Evans, 1999\"\n"

/// A valid fit file (9 lines) for `evans.yaml` and `evans.csv`.
let goodFit = """
name: progenitor persistence
studies:
  - name: evans-1999
    scenario: evans.yaml
    data: evans.csv
free:
  cell_types.progenitor.clearance.half_life: { min: 1 day, max: 1 year, scale: log }
  cell_types.progenitor.tissues.bone_marrow.self_renewal: { min: 0.0001 /day, max: 0.02 /day, scale: log }
method: moments

"""

/// A fit file with one study (`evans-1999`) whose `free:` entries are `free`, indented two spaces, from line 7.
func fitWithFree(_ free: String) -> String {
    """
    name: test
    studies:
      - name: evans-1999
        scenario: evans.yaml
        data: evans.csv
    free:
    \(free.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))

    """
}
