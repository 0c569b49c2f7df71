import Engines
import LinearAlgebra
import RateModel
import StochasticEngines
import Testing

/// The engines pin OpenBLAS to one thread where they run, so a program using
/// the `Engines` or `StochasticEngines` library gets the same bytes on any
/// machine without calling `BLASThreading` itself. Serialized: these tests
/// are the only ones that raise the thread count.
@Suite("OpenBLAS pinned where the engines run", .serialized)
struct BLASPinningTests {
    /// A chain of 70 compartments: the moments engine's matrix products are
    /// at least 70 × 70 (M·N·K ≈ 343,000, above the 262,144 from which
    /// OpenBLAS splits a `dgemm` over threads).
    static let chain: NetworkModel = {
        let n = 70
        let w = TimeWindow(start: 0, end: 400)
        var flows: [Flow] = []
        for i in 0..<n {
            let loss: Double = 0.002 + 0.0001 * Double(i)
            flows.append(Flow(from: i, to: .out, rate: loss, window: w))
            let onward: Double = 0.05 + 0.001 * Double(i % 7)
            if i + 1 < n { flows.append(Flow(from: i, to: .compartment(i + 1), rate: onward, window: w)) }
        }
        return NetworkModel(name: "chain", horizon: 400, outputTimes: [0, 37, 100, 400],
                            compartments: (0..<n).map { Compartment(name: "c\($0)", initial: $0 == 0 ? 10_000 : 0) },
                            flows: flows)
    }()

    /// Sets OpenBLAS to two threads, then runs `body`.
    static func atTwoThreads<T>(_ body: () throws -> T) throws -> T {
        BLASThreading.limit(to: 2)
        try #require(BLASThreading.current == 2, "OpenBLAS accepts two threads")
        return try body()
    }

    @Test("the moments engine pins OpenBLAS to one thread; its bytes equal a run pinned beforehand")
    func moments() throws {
        let raised = try Self.atTwoThreads { try MomentsEngine(model: Self.chain).run() }
        #expect(BLASThreading.current == 1)
        BLASThreading.limit(to: 1)
        #expect(try MomentsEngine(model: Self.chain).run() == raised)
        for entry: (String, (MomentsEngine) throws -> Void) in [
            ("meanTrajectory", { _ = try $0.meanTrajectory() }), ("momentTrajectory", { _ = try $0.momentTrajectory() }),
            ("emptyProbabilities", { _ = try $0.emptyProbabilities() }),
            ("logGeneratingFunction", { _ = try $0.logGeneratingFunction(targets: [GeneratingTarget(compartments: [0], argument: 0)]) }),
        ] {
            try Self.atTwoThreads { try entry.1(MomentsEngine(model: Self.chain)) }
            #expect(BLASThreading.current == 1, "after \(entry.0)")
        }
    }

    @Test("an ensemble pins OpenBLAS to one thread; its bytes equal a run pinned beforehand", arguments: [EngineKind.exact, .fast])
    func ensemble(kind: EngineKind) throws {
        let settings = EnsembleSettings(replicates: 40, threads: 2, seed: 11)
        let layout = SeriesLayout(network: Self.chain)
        let raised = try Self.atTwoThreads { try kind.sampler(for: Self.chain).run(layout: layout, ensemble: settings).result }
        #expect(BLASThreading.current == 1)
        BLASThreading.limit(to: 1)
        #expect(try kind.sampler(for: Self.chain).run(layout: layout, ensemble: settings).result == raised)
    }

    @Test("building a fast engine pins OpenBLAS to one thread (its leap matrices are products)")
    func fastEngine() throws {
        _ = try Self.atTwoThreads { try FastEngine(model: Self.chain) }
        #expect(BLASThreading.current == 1)
    }
}
