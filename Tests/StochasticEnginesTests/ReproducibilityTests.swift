import Testing
import Engines
import RandomStreams
import RateModel
@testable import StochasticEngines

/// Same seed, same numbers: for any thread count and any batching; a different seed differs.
@Suite("Reproducibility of ensembles")
struct ReproducibilityTests {
    static let model: NetworkModel = {
        let w = TimeWindow(start: 0, end: 100)
        return NetworkModel(
            name: "r", horizon: 100, outputTimes: [0, 10, 50, 100],
            compartments: [Compartment(name: "blood", initial: 50), Compartment(name: "marrow", initial: 5)],
            flows: [Flow(from: 0, to: .out, rate: 0.2, window: w), Flow(from: 0, to: .compartment(1), rate: 0.05, window: w),
                    Flow(from: 1, to: .compartment(0), rate: 0.01, window: w), Flow(from: 1, to: .out, rate: 0.02, window: w)],
            divisions: [Division(compartment: 1, rate: 0.03, window: w)],
            inflows: [Inflow(compartment: 0, rate: 4, window: TimeWindow(start: 0, end: 40))],
            boluses: [Bolus(compartment: 0, cells: 30, time: 50)])
    }()

    static func run(_ method: EngineKind, replicates: Int, first: Int = 0, threads: Int, seed: UInt64) throws -> EnsembleAccumulator {
        let layout = SeriesLayout(network: model)
        let runner = EnsembleRunner(replicates: replicates, firstReplicate: first, threads: threads, seed: seed)
        let engine = try method.sampler(for: model)
        return runner.run(layout: layout, outputCount: 4) { rng, rec in _ = engine.trajectory(using: &rng, record: rec) }.accumulator
    }

    @Test("threads 1, 2 and 3 give identical ensembles", arguments: [EngineKind.exact, .fast])
    func threads(method: EngineKind) throws {
        let one = try Self.run(method, replicates: 203, threads: 1, seed: 5)
        #expect(try Self.run(method, replicates: 203, threads: 2, seed: 5) == one)
        #expect(try Self.run(method, replicates: 203, threads: 3, seed: 5) == one)
        #expect(one.result(times: Self.model.outputTimes, method: .exact) == (try Self.run(method, replicates: 203, threads: 2, seed: 5)).result(times: Self.model.outputTimes, method: .exact))
    }

    @Test("batches of replicates merged equal the whole run", arguments: [EngineKind.exact, .fast])
    func batching(method: EngineKind) throws {
        let whole = try Self.run(method, replicates: 150, threads: 2, seed: 9)
        var merged = try Self.run(method, replicates: 37, first: 0, threads: 1, seed: 9)
        merged.merge(try Self.run(method, replicates: 100, first: 37, threads: 2, seed: 9))
        merged.merge(try Self.run(method, replicates: 13, first: 137, threads: 1, seed: 9))
        #expect(merged == whole)
    }

    @Test("a different seed gives a different ensemble", arguments: [EngineKind.exact, .fast])
    func seeds(method: EngineKind) throws {
        #expect(try Self.run(method, replicates: 100, threads: 2, seed: 1) != (try Self.run(method, replicates: 100, threads: 2, seed: 2)))
    }
}
