import Engines
import Foundation
@testable import MicrochimeraKit
import RandomStreams
import RateModel
import StochasticEngines
import Testing

extension EngineKind {
    /// A test-only engine's name.
    static let frozen = EngineKind("frozen")
}

/// A test-only engine: every cell stays where it started, so each series
/// keeps its initial count (sd 0) at every output. It is added the way
/// docs/engines.md, "Adding an engine", describes: one conforming type and
/// one registration.
struct FrozenEngine: TrajectoryEngine {
    static var kind: EngineKind { .frozen }
    let model: NetworkModel

    init(model: NetworkModel, caches: EngineCaches) throws(EngineError) {
        self.model = model
    }

    func trajectory(using rng: inout Philox4x64, record: (Int, [Int]) -> Void) -> TrajectoryReport {
        let counts = model.compartments.map(\.initial)
        for k in model.outputTimes.indices { record(k, counts) }
        return TrajectoryReport(events: 0)
    }
}

/// The engine seam: a registered engine runs through the same registry,
/// choice and pipeline as `microchimera run --method NAME`.
@Suite("Adding an engine")
struct EngineSeamTests {
    @Test("a registered test engine runs through the run pipeline; run.json and timeseries.csv record it")
    func registeredEngineRuns() throws {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try CLIHarness.write(RunCommandTests.small, named: "small.yaml", in: dir)
        let engines = EngineRegistry.standard.registering(FrozenEngine.self)
        let request = RunRequest(scenarioPath: scenario, outDirectory: dir.path + "/out",
                                 options: .init(replicates: 7, method: .engine(.frozen), engines: engines, threads: 2), plot: false)
        let outcome = try RunPipeline.run(request)
        #expect(outcome.manifest.method.ran == .frozen && outcome.manifest.method.requested == .engine(.frozen))
        #expect(outcome.manifest.method.reason == "requested explicitly" && outcome.manifest.replicates.simulated == 7)
        #expect(outcome.manifest.eventsSimulated == 0)
        let json = try String(contentsOfFile: dir.path + "/out/run.json", encoding: .utf8)
        #expect(json.contains("\"ran\" : \"frozen\""))
        // small.yaml: blood starts with 100 cells, marrow with none; they stay put.
        let rows = try String(contentsOfFile: dir.path + "/out/timeseries.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == 9)
        for row in rows {
            let f = row.split(separator: ",", omittingEmptySubsequences: false)
            let expected = f[5] == "marrow" ? ("0.0", "0.0") : ("100.0", "1.0")
            #expect(f[6] == expected.0 && f[7] == "0.0" && f[13] == expected.1, "row \(row)")
        }
    }

    @Test("the standard registry does not know the test engine: the run fails as a usage error, nothing written")
    func unregisteredEngineFails() throws {
        let dir = try CLIHarness.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scenario = try CLIHarness.write(RunCommandTests.small, named: "small.yaml", in: dir)
        let request = RunRequest(scenarioPath: scenario, outDirectory: dir.path + "/out", options: .init(method: .engine(.frozen), threads: 1))
        #expect {
            try RunPipeline.run(request)
        } throws: { error in
            guard let error = error as? RunError, case .engine(.methodUnavailable(.engine(.frozen), let reason)) = error else { return false }
            return reason.contains("auto, exact, fast, moments")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/out"))
    }

    @Test("a cohort runs a registered sampler for one trajectory per woman, and no engine that samples none")
    func cohortNeedsTrajectories() throws {
        let engines = EngineRegistry.standard.registering(FrozenEngine.self)
        var request = RunRequest(scenarioPath: "", options: .init(method: .moments, engines: engines, threads: 1))
        #expect(try RunPipeline.cohortMethod(request).engine == nil)
        request.options.method = .engine(.frozen)
        let frozen = try RunPipeline.cohortMethod(request)
        #expect(frozen.choice.kind == .frozen && frozen.engine == FrozenEngine.self)
        #expect(request.options.engines.samplingNames == "exact, fast or frozen")
    }
}
