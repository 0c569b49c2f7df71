import Foundation
import Testing
@testable import Engines
import LinearAlgebra
import RateModel

/// The moments run with its parts as independent jobs on several threads
/// (`MomentsEngine.runPasses`, `PartwiseMoments`, `ConcurrentJobs`): the same
/// bits for any thread count, the same answers as the whole-network moment
/// pass (itself held to closed forms and RK4 in CovarianceTests), and the
/// covariance kept in blocks gives what the assembled matrix gives, bit for bit.
@Suite("Moments engine: parts as concurrent jobs")
struct ConcurrentMomentsTests {
    /// Four independent parts with interleaved indices: two that divide (one
    /// with a division window, so several blocks and columns crossing them),
    /// one without division (the forward pass), and an isolated compartment fed
    /// by a bolus; windows, inflows and boluses throughout.
    static func model() -> NetworkModel {
        let all = TimeWindow(start: 0, end: 400), early = TimeWindow(start: 0, end: 150), late = TimeWindow(start: 150, end: 400)
        return NetworkModel(
            name: "four parts", horizon: 400, outputTimes: [0, 25, 50, 100, 150, 200.5, 260, 300, 350, 400],
            compartments: [Compartment(name: "a0", initial: 100), Compartment(name: "b1", initial: 0),
                           Compartment(name: "a2", initial: 5), Compartment(name: "c3", initial: 30),
                           Compartment(name: "b4", initial: 0), Compartment(name: "c5", initial: 0),
                           Compartment(name: "d6", initial: 0), Compartment(name: "a7", initial: 0)],
            flows: [Flow(from: 0, to: .compartment(2), rate: 0.05, window: early),
                    Flow(from: 2, to: .compartment(0), rate: 0.01, window: all),
                    Flow(from: 2, to: .compartment(7), rate: 0.02, window: all),
                    Flow(from: 7, to: .out, rate: 0.03, window: all),
                    Flow(from: 0, to: .out, rate: 0.02, window: all),
                    Flow(from: 1, to: .compartment(4), rate: 0.03, window: all),
                    Flow(from: 4, to: .out, rate: 0.004, window: late),
                    Flow(from: 3, to: .compartment(5), rate: 0.01, window: all),
                    Flow(from: 5, to: .out, rate: 0.05, window: all),
                    Flow(from: 6, to: .out, rate: 0.01, window: all)],
            divisions: [Division(compartment: 2, rate: 0.008, window: all), Division(compartment: 4, rate: 0.002, window: early),
                        Division(compartment: 6, rate: 0.005, window: late)],
            inflows: [Inflow(compartment: 1, rate: 3, window: early), Inflow(compartment: 3, rate: 0.5, window: late)],
            boluses: [Bolus(compartment: 4, cells: 40, time: 200.5), Bolus(compartment: 6, cells: 12, time: 100)])
    }

    /// Every compartment, sums within a part, sums across parts and the total.
    static func layout(_ model: NetworkModel) -> SeriesLayout {
        var layout = SeriesLayout(network: model)
        let sets = [[0, 2, 7], [1, 4], [0, 1, 3, 6], [2, 4, 5, 6, 7]]
        layout = SeriesLayout(entries: layout.entries + sets.enumerated().map { s, set in
            SeriesLayout.Entry(label: SeriesLabel(compartment: .named("sum\(s)")), compartments: set)
        })
        return layout
    }

    static func bits(_ result: RunResult) -> [[UInt64]] {
        result.series.map { s in
            s.points.flatMap { [$0.mean.bitPattern, ($0.sd ?? .nan).bitPattern, ($0.pPresent ?? .nan).bitPattern] }
        }
    }

    @Test("the parts' jobs give the same bits on 1, 2 and 3 threads")
    func sameBitsAnyThreads() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let parts = NetworkParts(schedule: engine.schedule, count: model.count)
        #expect(parts.members.count == 4 && parts.divides == [true, true, false, true])
        let one = try engine.run(layout: Self.layout(model), threads: 1)
        for threads in [2, 3] {
            let many = try engine.run(layout: Self.layout(model), threads: threads)
            #expect(Self.bits(many) == Self.bits(one), "\(threads) threads")
        }
        #expect(one.series.allSatisfy { $0.points.last!.pPresent! > 0 }, "every series can hold cells at the end")
    }

    @Test("means, sd and p_present equal the whole-network moment pass and per-target solves")
    func matchesWholeNetwork() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let layout = Self.layout(model)
        let result = try engine.run(layout: layout, threads: 2)
        let whole = try engine.momentTrajectory()
        let n = model.count
        for (e, entry) in layout.entries.enumerated() {
            let logEmpty = try engine.logGeneratingFunction(targets: [.empty(entry.compartments)])
            for k in model.outputTimes.indices {
                let point = result.series[e].points[k]
                let mean = entry.compartments.reduce(0) { $0 + whole.means[k][$1] }
                var variance = 0.0
                for j in entry.compartments { for i in entry.compartments { variance += whole.covariances[k].storage[i + j * n] } }
                #expect(abs(point.mean - mean) <= 1e-12 * max(abs(mean), 1), "mean of series \(e) at output \(k)")
                let sd = try #require(point.sd)
                #expect(abs(sd - max(variance, 0).squareRoot()) <= 1e-10 * max(variance.squareRoot(), 1),
                        "sd of series \(e) at output \(k): \(sd) vs \(variance.squareRoot())")
                // A series alone is its own batch; in the run it shares its parts' batches with the others.
                let present = -expm1(logEmpty[k][0])
                #expect(abs(point.pPresent! - present) <= 1e-9, "p_present of series \(e) at output \(k)")
            }
        }
    }

    @Test("the variance and mean from the blocks are the bits of the assembled matrix's sums")
    func blocksAreTheAssembledSums() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let parts = NetworkParts(schedule: engine.schedule, count: model.count)
        let (blocks, _) = try engine.runPasses(parts: parts, plan: nil, threads: 2)
        let assembled = blocks.assembled()
        #expect(assembled == (try engine.partwiseMomentTrajectory(parts: parts)))
        let n = model.count
        for entry in Self.layout(model).entries {
            for k in model.outputTimes.indices {
                var variance = 0.0
                for j in entry.compartments { for i in entry.compartments { variance += assembled.covariances[k].storage[i + j * n] } }
                let mean = entry.compartments.reduce(0) { $0 + assembled.means[k][$1] }
                #expect(blocks.variance(of: entry.compartments, output: k).bitPattern == variance.bitPattern)
                #expect(blocks.mean(of: entry.compartments, output: k).bitPattern == mean.bitPattern)
                for i in 0..<n { for j in 0..<n where parts.label[i] != parts.label[j] { #expect(assembled.covariances[k][i, j] == 0) } }
            }
        }
    }

    @Test("the concurrent generating function is the sequential one, bit for bit")
    func generatingFunctionAnyThreads() throws {
        let model = Self.model()
        let engine = MomentsEngine(model: model)
        let targets: [GeneratingTarget] = [.empty([0, 2]), .empty([1, 3, 6]), GeneratingTarget(compartments: [4, 5, 7], argument: 0.3),
                                           .empty(Array(0..<8)), GeneratingTarget(compartments: [2], argument: 0.9)]
        let sequential = try engine.logGeneratingFunction(targets: targets)
        for threads in [1, 2] {
            let concurrent = try engine.logGeneratingFunction(targets: targets, threads: threads)
            #expect(concurrent.map { $0.map(\.bitPattern) } == sequential.map { $0.map(\.bitPattern) }, "\(threads) threads")
        }
    }

    struct Failure: Error {}

    @Test("jobs come back in job order; the lowest-numbered failure is thrown")
    func jobsOrderAndFailure() throws {
        for threads in [1, 2, 4] {
            let values = try ConcurrentJobs.run(count: 9, threads: threads, priority: [8, 7, 6, 5, 4, 3, 2, 1, 0]) { i in i * i }
            #expect(values == (0..<9).map { $0 * $0 })
            #expect(throws: EngineError.self) {
                _ = try ConcurrentJobs.run(count: 5, threads: threads) { i throws(EngineError) -> Int in
                    if i == 3 { throw .invalidModel(["job 3"]) }
                    return i
                }
            }
        }
        do {
            _ = try ConcurrentJobs.run(count: 4, threads: 1) { i throws(EngineError) -> Int in
                if i >= 1 { throw .invalidModel(["job \(i)"]) }
                return i
            }
            Issue.record("a failing job must throw")
        } catch {
            #expect("\(error)".contains("job 1"))
        }
    }
}
