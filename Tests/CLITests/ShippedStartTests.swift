import BiologyModel
import Foundation
@testable import MicrochimeraKit
import Testing

/// `CalibrationPipeline.shippedStart`: the next calibration's first start is
/// the shipped one (`BiologyDefaults+Calibrated.swift`), and there the suite and
/// every compared structure have the log-likelihood that
/// docs/calibration/calibration.json records (within 1e-6, as
/// `calibrate --check` holds the suite), so a calibration can only end
/// higher than the one it replaces.
@Suite("Shipped starts of the calibration")
struct ShippedStartTests {
    static let root = CLIHarness.packageRoot

    /// calibration.json's maximum log-likelihood per structure name.
    static func recordedMaxima() throws -> [String: Double] {
        let data = try Data(contentsOf: root.appendingPathComponent("docs/calibration/calibration.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let comparison = try #require(json["comparison"] as? [[String: Any]])
        var maxima: [String: Double] = [:]
        for row in comparison {
            maxima[try #require(row["name"] as? String)] = try #require(row["maximum_log_likelihood"] as? Double)
        }
        return maxima
    }

    /// The fit file at `path`, relative to `base` (default: the package root).
    static func load(_ path: String, in base: URL = root) throws -> FitProblem {
        try FitPipeline.load(FitRequest(fitFilePath: base.appendingPathComponent(path).path, threads: 1))
    }

    @Test("the suite's shipped start is the shipped estimate, at the recorded maximum")
    func suite() throws {
        let problem = try Self.load("data/calibration.yaml")
        let start = try #require(CalibrationPipeline.shippedStart(problem))
        for (j, c) in problem.coordinates.enumerated() {
            let shipped = try #require(BiologyDefaults.calibratedEstimate(c.parameter.name))
            #expect(abs(c.value(start[j]) - shipped) <= 1e-12 * shipped, "\(c.parameter.name): \(c.value(start[j])) vs \(shipped)")
        }
        let recorded = try #require(try Self.recordedMaxima()[problem.file.name])
        #expect(abs(-problem.objective(start) - recorded) <= 1e-6, "log-likelihood \(-problem.objective(start)) vs \(recorded)")
    }

    @Test("every compared structure starts at its shipped estimate, at its recorded maximum")
    func alternatives() throws {
        let maxima = try Self.recordedMaxima()
        let folder = Self.root.appendingPathComponent("data/alternatives")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(!files.isEmpty)
        for file in files {
            let name = String(file.dropLast(5))
            let problem = try Self.load("data/alternatives/\(file)")
            let shipped = CalibrationPipeline.shippedStart(problem, structure: name)
            let start = try #require(shipped, "\(name) has no shipped start")
            let recorded = try #require(maxima[name])
            #expect(abs(-problem.objective(start) - recorded) <= 1e-6, "\(name): \(-problem.objective(start)) vs \(recorded)")
        }
    }

    @Test("a suite with a parameter the shipped calibration lacks gets no shipped start")
    func otherSuite() throws {
        let dir = try CalibrateCommandTests.folder()
        let problem = try Self.load("suite.yaml", in: dir)
        #expect(problem.coordinates.contains { $0.parameter.name.hasSuffix("self_renewal") })
        #expect(CalibrationPipeline.shippedStart(problem) == nil)
        #expect(CalibrationPipeline.shippedStart(problem, structure: "no-such-structure") == nil)
    }

    @Test("a structure new to the comparison starts at the suite's shipped estimate where the suite has its parameters")
    func newStructure() throws {
        let problem = try Self.load("data/calibration.yaml")
        let suite = try #require(CalibrationPipeline.shippedStart(problem))
        #expect(CalibrationPipeline.shippedStart(problem, structure: "no-such-structure") == suite)
    }
}
