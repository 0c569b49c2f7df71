import Engines
import RateModel
import StochasticEngines
import Testing

/// `--method` resolved by the standard registry: explicit names, `auto`'s
/// choice with its reason, cohorts, unknown names.
@Suite("Engine registry and the auto choice")
struct EngineRegistryTests {
    /// Pure clearance of 50 cells: no division.
    static let clearance = NetworkModel(
        name: "c", horizon: 10, outputTimes: [0, 10], compartments: [Compartment(name: "x", initial: 50)],
        flows: [Flow(from: 0, to: .out, rate: 0.3, window: TimeWindow(start: 0, end: 10))])

    /// Linear birth-death from 8 cells over 6 days: a few dozen events against
    /// 90 leaps (b·h ≤ 0.02), so exact simulation is the cheaper.
    static let birthDeath: NetworkModel = {
        let w = TimeWindow(start: 0, end: 6)
        return NetworkModel(name: "bd", horizon: 6, outputTimes: [0, 6], compartments: [Compartment(name: "x", initial: 8)],
                            flows: [Flow(from: 0, to: .out, rate: 0.45, window: w)], divisions: [Division(compartment: 0, rate: 0.3, window: w)])
    }()

    @Test("--method accepts auto and the registered engines, in order")
    func names() {
        #expect(EngineRegistry.standard.methodNames == ["auto", "exact", "fast", "moments"])
        #expect(EngineRegistry.standard.samplingNames == "exact or fast")
    }

    @Test("an engine asked for by name runs, with its reason")
    func explicit() throws {
        let registry = EngineRegistry.standard
        let moments = try registry.choose(.moments, for: Self.clearance)
        #expect(moments.kind == .moments && moments.reason == "requested explicitly" && moments.trajectoryEngine == nil)
        let exact = try registry.choose(.exact, for: Self.birthDeath)
        #expect(exact.kind == .exact && exact.trajectoryEngine != nil)
        #expect(try registry.choose(.fast, for: Self.clearance).reason.hasSuffix("without division the leap is exact at any step size"))
        #expect(try registry.choose(.fast, for: Self.birthDeath).reason.contains("the model divides"))
    }

    @Test("auto: fast without division, exact when its events cost less than the leaps")
    func auto() throws {
        let registry = EngineRegistry.standard
        let plain = try registry.choose(.auto, for: Self.clearance)
        #expect(plain.requested == .auto && plain.kind == .fast && plain.reason.hasPrefix("no division in the model"))
        let dividing = try registry.choose(.auto, for: Self.birthDeath)
        #expect(dividing.kind == .exact && dividing.reason.contains("cost less than 90 leaps"))
    }

    @Test("a cohort runs fast for auto; an unknown name is refused with the names there are")
    func cohortAndUnknown() throws {
        let cohort = try EngineRegistry.standard.chooseForCohort(.auto)
        #expect(cohort.kind == .fast && cohort.reason.hasPrefix("a cohort: one trajectory per woman"))
        #expect(try EngineRegistry.standard.chooseForCohort(.exact).reason == "requested explicitly; one trajectory per woman")
        #expect(throws: EngineError.methodUnavailable(.engine(EngineKind("gillespie")),
                                                      reason: "no engine 'gillespie' is registered; use one of auto, exact, fast, moments")) {
            try EngineRegistry.standard.choose(MethodRequest(name: "gillespie"), for: Self.clearance)
        }
    }

    @Test("a chosen engine's run reports its kind, and its replicates")
    func runThroughChoice() throws {
        let choice = try EngineRegistry.standard.choose(.exact, for: Self.clearance)
        let output = try choice.run(model: Self.clearance, layout: SeriesLayout(network: Self.clearance),
                                    ensemble: EnsembleSettings(replicates: 20, threads: 2, seed: 3))
        #expect(output.result.method == .exact && output.replicates == 20 && output.accumulator != nil)
        // Each of the 50 cells leaves by day 10 with probability 1 − e^{−3}: Binomial(1000, 0.950) events
        // in all (sd 6.9), so at most 1000 and, 7 sd below the mean, at least 900.
        let events = try #require(output.events)
        #expect(events >= 900 && events <= 1000, "\(events) events")
        let moments = try EngineRegistry.standard.choose(.moments, for: Self.clearance)
            .run(model: Self.clearance, layout: SeriesLayout(network: Self.clearance), ensemble: EnsembleSettings(replicates: 20, threads: 2, seed: 3))
        #expect(moments.result.method == .moments && moments.replicates == 0 && moments.accumulator == nil)
    }
}
