import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Testing

/// A fit file's `set:` (values fixed in every study's scenario) on the
/// stand-in suite of the calibrate tests: it is the same as `--set` of the
/// same value, and the command line's `--set` is applied after it.
@Suite("Fit file: fixed values")
struct FitFixedValuesTests {
    static let path = "transfer.fetal_to_maternal.peak"

    static func load(_ file: String, in dir: URL, overrides: [SetOverride] = []) throws -> FitProblem {
        var request = FitRequest(fitFilePath: dir.appendingPathComponent(file).path, threads: 1)
        request.overrides = overrides
        return try FitPipeline.load(request)
    }

    @Test("set: equals --set of the same value, changes the objective, and --set after it wins")
    func setIsAnOverrideTheCommandLineOverrides() throws {
        let dir = try CalibrateCommandTests.folder()
        let fixed = CalibrateCommandTests.fitFile(CalibrateCommandTests.studies, name: "fixed") + "set:\n  \(Self.path): 2e4 /day\n"
        _ = try CLIHarness.write(fixed, named: "fixed.yaml", in: dir)
        let plain = try Self.load("suite.yaml", in: dir)
        let bySet = try Self.load("fixed.yaml", in: dir)
        let byFlag = try Self.load("suite.yaml", in: dir, overrides: [SetOverride(path: Self.path, value: "2e4 /day")])
        let both = try Self.load("fixed.yaml", in: dir, overrides: [SetOverride(path: Self.path, value: "5e4 /day")])
        let flagOnly = try Self.load("suite.yaml", in: dir, overrides: [SetOverride(path: Self.path, value: "5e4 /day")])
        #expect(bySet.fixed == [SetOverride(path: Self.path, value: "2e4 /day")])
        #expect(both.fixed.map(\.value) == ["2e4 /day", "5e4 /day"])
        let x = plain.box.lower.indices.map { plain.box.lower[$0] + 0.4 * (plain.box.upper[$0] - plain.box.lower[$0]) }
        #expect(bySet.objective(x) == byFlag.objective(x))
        #expect(bySet.objective(x) != plain.objective(x), "the fixed value must reach the studies")
        #expect(both.objective(x) == flagOnly.objective(x))
        #expect(both.objective(x) != bySet.objective(x))
    }
}
