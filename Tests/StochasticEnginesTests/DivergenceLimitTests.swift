import RandomStreams
import RateModel
import StochasticEngines
import Testing

/// The fast engine reports a replicate that passes its cell limit, and still
/// records every output in order (so an ensemble's bookkeeping stays whole):
/// the second line of defence, behind `PopulationCheck` (switched off here).
@Suite("Fast engine: the cell limit")
struct DivergenceLimitTests {
    static func model(division: Double) -> NetworkModel {
        let w = TimeWindow(start: 0, end: 365)
        return NetworkModel(name: "growth", horizon: 365, outputTimes: stride(from: 0.0, through: 365, by: 73).map { $0 },
                            compartments: [Compartment(name: "x", initial: 1000)],
                            flows: [Flow(from: 0, to: .out, rate: 0.01, window: w)],
                            divisions: [Division(compartment: 0, rate: division, window: w)])
    }

    @Test("supercritical: false, all outputs recorded; subcritical: true")
    func limit() throws {
        for (division, expected) in [(0.2, false), (0.005, true)] {
            let engine = try FastEngine(model: Self.model(division: division), checksPopulation: false)
            var rng = Philox4x64(stream: StreamID(seed: 3, point: 0, replicate: 0))
            var outputs: [Int] = []
            let completed = engine.simulate(using: &rng) { k, counts in
                outputs.append(k)
                #expect(counts.allSatisfy { $0 <= FastEngine.cellLimit })
            }
            #expect(completed == expected, "division \(division)")
            #expect(outputs == Array(0..<6), "every output recorded in order")
        }
    }
}
