@testable import BiologyModel
import Engines
import RandomStreams
import RateModel
import StochasticEngines
import Testing

/// With no division and no loss, cells only move between compartments, types
/// and hosts: what entered is what is there.
@Suite struct ConservationTests {
    /// Two types with differentiation, homing and return, a carried origin
    /// crossing to a live-born daughter and to her own daughter, a
    /// transfusion, and pulses; every clearance, death and self-renewal is 0.
    static func closedFamily(inflow: Bool) -> BiologyScenario {
        let y = 365.25
        let a = CellType(name: "a", share: 0.25, bloodClearance: 0, homing: ["marrow": 0.005, "brain": 0.001],
                         defaultTissue: TissueKinetics(returnRate: 0.002), differentiation: [Differentiation(into: "b", rate: 0.001)])
        let b = CellType(name: "b", share: 0.75, bloodClearance: 0, homing: ["brain": 0.002], defaultTissue: TissueKinetics(returnRate: 0.005))
        let pulses = PulseSizes(liveBirth: 1000, stillbirth: 0, miscarriage: 300, surgicalTermination: 0, medicalTermination: 0)
        let peak = inflow ? 50.0 : 0
        return BiologyScenario(
            name: "closed", horizon: 40 * y, outputTimes: [0, 1 * y, 15 * y, 30 * y, 40 * y], tissues: ["marrow", "brain"],
            cellTypes: [a, b],
            founder: Founder(carries: [CarriedCells(origin: "grandmother", cellType: "a", compartment: "marrow", cells: 400)]),
            pregnancies: [
                Pregnancy(child: Child(name: "daughter", sex: .female), start: 100, length: 270),
                Pregnancy(child: Child(name: "lost", sex: .male), start: 2 * y, length: 70, outcome: .miscarriage),
                Pregnancy(mother: "daughter", child: Child(name: "grandson", sex: .male), start: 25 * y, length: 280),
            ],
            transfer: PlacentalTransfer(shape: .standard, fetalToMaternal: DirectionalTransfer(peakRate: peak, pulse: pulses),
                                        maternalToFetal: DirectionalTransfer(peakRate: peak, pulse: pulses), carriedRate: 0.05, twinRate: 0),
            events: [.transfusion(Transfusion(host: "daughter", donor: "donor", donorSex: .male, time: 10 * y, cells: ["a": 200, "b": 50]))])
    }

    /// Every replicate of the exact engine holds exactly the cells that
    /// entered (initial + boluses so far), at every output: an integer
    /// identity, so any leak or duplication shows.
    @Test func everyReplicateKeepsItsCells() throws {
        let c = try BiologyCompiler.compile(Self.closedFamily(inflow: false))
        let model = c.network
        #expect(model.flows.allSatisfy { if case .out = $0.to { false } else { true } })
        #expect(model.divisions.isEmpty && model.inflows.isEmpty)
        let entered = model.outputTimes.map { t in
            model.compartments.reduce(0) { $0 + $1.initial } + model.boluses.filter { $0.time <= t }.reduce(0) { $0 + $1.cells }
        }
        let engine = try ExactEngine(model: model)
        for replicate in 0..<20 {
            var rng = Philox4x64(stream: StreamID(seed: 11, point: 0, replicate: UInt64(replicate)))
            _ = engine.simulate(using: &rng) { k, counts in
                #expect(counts.reduce(0, +) == entered[k], "replicate \(replicate), output \(k)")
            }
        }
        // Cells did reach the grandson (three hosts deep) and the donor's cells moved.
        #expect(c.populations.contains { $0.host == "grandson" && $0.origin == "grandmother" })
    }

    /// With Poisson inflows the total mean equals initial + boluses + the
    /// integral of the inflow rates, exactly (1e-9 relative: moments are
    /// exact up to the rounding of the matrix exponentials).
    @Test func meanTotalIsWhatEntered() throws {
        let c = try BiologyCompiler.compile(Self.closedFamily(inflow: true))
        let model = c.network
        let means = try MomentsEngine(model: model).meanTrajectory()
        for (k, t) in model.outputTimes.enumerated() {
            let inflow = model.inflows.reduce(0.0) { $0 + $1.rate * max(0, min(t, $1.window.end) - $1.window.start) }
            let entered = Double(model.compartments.reduce(0) { $0 + $1.initial } + model.boluses.filter { $0.time <= t }.reduce(0) { $0 + $1.cells }) + inflow
            #expect(abs(means[k].reduce(0, +) - entered) <= 1e-9 * max(1, entered), "output \(k)")
        }
    }

    /// Grandmaternal cells reach the grandson only through his mother: with
    /// no carried-cell crossing they never arrive, and the compiler does not
    /// even create the population.
    @Test func grandmotherCellsOnlyThroughTheMother() throws {
        var s = Self.closedFamily(inflow: true)
        s.transfer.carriedRate = 0
        let c = try BiologyCompiler.compile(s)
        #expect(!c.populations.contains { $0.origin == "grandmother" && $0.host != "mother" })
        s.founder.carries = []
        s.transfer.carriedRate = 0.05
        let none = try BiologyCompiler.compile(s)
        #expect(!none.populations.contains { $0.origin == "grandmother" })
        #expect(none.populations.contains { $0.host == "grandson" && $0.origin == "mother" }, "the founder's cells still cross via her daughter")
    }
}
