import Engines
import RandomStreams
import RateModel
import StochasticEngines
import Testing

/// Every method refuses, before it simulates anything, a model whose
/// expected population passes 2^50 cells (`.diverges`, naming the
/// compartment and its rates) or whose run would pass a resource bound
/// (`.tooLarge`); the refusal is thrown by the engine's `init` or before the
/// moments are formed, so its work is that of `PopulationCheck` (one
/// exponential per distinct step), never a replicate. Large but legal
/// models still run.
@Suite("Run bounds: divergence, events, leaps, memory")
struct RunBoundsTests {
    /// One compartment over `days`, from `initial` cells.
    static func single(initial: Int = 1000, division: Double, loss: Double, days: Double = 18262.5,
                       inflow: Double = 0) -> NetworkModel {
        let w = TimeWindow(start: 0, end: days)
        return NetworkModel(name: "one", horizon: days, outputTimes: stride(from: 0.0, through: days, by: days / 10).map { $0 },
                            compartments: [Compartment(name: "blood", initial: initial)],
                            flows: loss > 0 ? [Flow(from: 0, to: .out, rate: loss, window: w)] : [],
                            divisions: division > 0 ? [Division(compartment: 0, rate: division, window: w)] : [],
                            inflows: inflow > 0 ? [Inflow(compartment: 0, rate: inflow, window: w)] : [])
    }

    /// The issue's example: division 0.01/day, loss 0.001/day, 50 years (mean e^{164}·1000).
    static let supercritical = single(division: 0.01, loss: 0.001)

    static func message(_ error: EngineError?) -> String? {
        switch error {
        case .diverges(let text)?, .tooLarge(let text)?: return text
        default: return nil
        }
    }

    @Test("exact, fast and moments refuse a supercritical model with .diverges naming the compartment and its rates")
    func diverges() throws {
        let errors: [EngineError?] = [
            #expect(throws: EngineError.self) { try ExactEngine(model: Self.supercritical) },
            #expect(throws: EngineError.self) { try FastEngine(model: Self.supercritical) },
            #expect(throws: EngineError.self) { try MomentsEngine(model: Self.supercritical).run() },
            #expect(throws: EngineError.self) { try PopulationCheck(model: Self.supercritical) },
            #expect(throws: EngineError.self) { try EngineRegistry.standard.choose(.auto, for: Self.supercritical) },
        ]
        for error in errors {
            guard case .diverges(let text)? = error else {
                Issue.record("expected .diverges, got \(String(describing: error))")
                continue
            }
            #expect(text.contains("the population diverges") && text.contains("'blood' divides at 0.01 per day but loses cells at only 0.001 per day"), "\(text)")
            #expect(text.contains("past the bound of 2^50") && text.contains("Lower the division rates"), "\(text)")
        }
    }

    @Test("growth that overflows a Double (division 1e6/day for 10,000 years) is refused, not trapped")
    func overflowingGrowth() {
        let model = Self.single(initial: 1, division: 1e6, loss: 0, days: 3_652_500)
        let error = #expect(throws: EngineError.self) { try PopulationCheck(model: model) }
        #expect(Self.message(error)?.contains("the population diverges") == true, "\(String(describing: error))")
    }

    @Test("the cheap bound passes subcritical models without the exact mean; a near-critical one still runs everywhere")
    func subcritical() throws {
        let model = Self.single(initial: 10_000, division: 0.01, loss: 0.0101)
        let check = try PopulationCheck(model: model)
        #expect(check.expectedEvents > 0)
        var rng = Philox4x64(stream: StreamID(seed: 1, point: 0, replicate: 0))
        #expect(try FastEngine(model: model).simulate(using: &rng) { _, _ in })
        _ = try ExactEngine(model: model).simulate(using: &rng) { _, _ in }
        let moments = try MomentsEngine(model: model).run()
        #expect(moments.series.last?.points.last.map { $0.mean > 0 } == true)
    }

    @Test("2^50 cells that only leave: legal, and cheap for exact (losses are drawn in bulk)")
    func largeButLegal() throws {
        let model = Self.single(initial: ModelBounds.cells, division: 0, loss: 0.1, days: 30)
        #expect(model.boundViolations().isEmpty)
        var rng = Philox4x64(stream: StreamID(seed: 2, point: 0, replicate: 0))
        var last: [Int] = []
        let events = try ExactEngine(model: model).simulate(using: &rng) { _, x in last = x }
        #expect(last.count == 1 && last[0] > 0 && last[0] < ModelBounds.cells, "\(last), \(events) events")
        #expect(try FastEngine(model: model).simulate(using: &rng) { _, _ in })
    }

    @Test("exact refuses 2^50 cells that move (1e15 followed events) with .tooLarge, before simulating")
    func exactEvents() {
        let w = TimeWindow(start: 0, end: 30)
        let model = NetworkModel(name: "moves", horizon: 30, outputTimes: [0, 30],
                                 compartments: [Compartment(name: "a", initial: ModelBounds.cells), Compartment(name: "b")],
                                 flows: [Flow(from: 0, to: .compartment(1), rate: 0.1, window: w)])
        let error = #expect(throws: EngineError.self) { try ExactEngine(model: model) }
        #expect(Self.message(error)?.contains("too large for the exact engine") == true, "\(String(describing: error))")
        #expect(Self.message(error)?.contains("use --method fast") == true)
        #expect(throws: Never.self) { try FastEngine(model: model) }
    }

    @Test("fast refuses leaps that would need more than 1e9 draws (division 1e6/day balanced by loss) with .tooLarge")
    func fastLeaps() {
        let model = Self.single(division: 1e6, loss: 1e6, days: 365)
        let error = #expect(throws: EngineError.self) { try FastEngine(model: model) }
        #expect(Self.message(error)?.contains("too large for the fast engine") == true, "\(String(describing: error))")
    }

    @Test("moments refuses a 2,000-compartment chain (a 64 GB step) with .tooLarge before allocating it")
    func momentsMemory() {
        let n = 2000
        let w = TimeWindow(start: 0, end: 365)
        let model = NetworkModel(name: "chain", horizon: 365, outputTimes: [0, 365],
                                 compartments: (0..<n).map { Compartment(name: "c\($0)", initial: $0 == 0 ? 1000 : 0) },
                                 flows: (0..<n).map { Flow(from: $0, to: $0 + 1 < n ? .compartment($0 + 1) : .out, rate: 0.1, window: w) })
        let error = #expect(throws: EngineError.self) { try MomentsEngine(model: model).run() }
        #expect(Self.message(error)?.contains("too large for the moments engine") == true, "\(String(describing: error))")
        #expect(RunBounds.momentBytes(model, largestPart: n) > 5e11)
        #expect(RunBounds.momentBytes(model, largestPart: 60) < RunBounds.momentBytes, "the library's networks stay far below")
    }
}
