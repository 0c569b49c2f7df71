@testable import BiologyModel
import RateModel
import Testing

/// The compiler against networks written out by hand for small cases.
@Suite struct CompilerEquivalenceTests {
    static let week = 7.0

    /// One cell type, one tissue, one pregnancy ending in a miscarriage (so
    /// no child host), and the same network spelled out compartment by
    /// compartment and process by process.
    @Test func miscarriageMatchesHandWrittenNetwork() throws {
        let type = CellType(name: "progenitor", share: 1, bloodClearance: 0.3, homing: ["bone_marrow": 0.01],
                            tissue: ["bone_marrow": TissueKinetics(returnRate: 0.02, death: 0.001, selfRenewal: 0.002)])
        let shape = GestationalShape(steps: [.init(from: 6 * Self.week, level: 0.5), .init(from: 8 * Self.week, level: 1)])
        let pulses = PulseSizes(liveBirth: 0, stillbirth: 0, miscarriage: 500, surgicalTermination: 0, medicalTermination: 0)
        let scenario = BiologyScenario(
            name: "small", horizon: 400, outputTimes: [0, 100, 400], tissues: ["bone_marrow"], cellTypes: [type],
            pregnancies: [Pregnancy(child: Child(name: "c1", sex: .male), start: 10, length: 10 * Self.week, outcome: .miscarriage)],
            transfer: PlacentalTransfer(shape: shape, fetalToMaternal: DirectionalTransfer(peakRate: 1000, pulse: pulses),
                                        maternalToFetal: DirectionalTransfer(peakRate: 100, pulse: pulses), carriedRate: 0.5, twinRate: 0))
        let compiled = try BiologyCompiler.compile(scenario)

        let w = { (a: Double, b: Double) in TimeWindow(start: a, end: b) }
        let all = w(0, 400)
        let expected = NetworkModel(
            name: "small", horizon: 400, outputTimes: [0, 100, 400],
            compartments: [Compartment(name: "mother/c1/progenitor/blood"), Compartment(name: "mother/c1/progenitor/bone_marrow")],
            flows: [Flow(from: 0, to: .out, rate: 0.3, window: all), Flow(from: 0, to: .compartment(1), rate: 0.01, window: all),
                    Flow(from: 1, to: .compartment(0), rate: 0.02, window: all), Flow(from: 1, to: .out, rate: 0.001, window: all)],
            divisions: [Division(compartment: 1, rate: 0.002, window: all)],
            inflows: [Inflow(compartment: 0, rate: 500, window: w(10 + 42, 10 + 56)), Inflow(compartment: 0, rate: 1000, window: w(10 + 56, 80))],
            boluses: [Bolus(compartment: 0, cells: 500, time: 80)])
        #expect(compiled.network.compartments == expected.compartments)
        #expect(compiled.network.outputTimes == expected.outputTimes)
        #expect(Set(compiled.network.boluses) == Set(expected.boluses))
        #expect(Set(compiled.network.divisions) == Set(expected.divisions))
        // Same rates in force at every instant where anything can change.
        for t in [0.0, 51.9, 52, 60, 66, 79.9, 80, 200, 399.9] {
            #expect(RateSet(model: compiled.network, at: t) == RateSet(model: expected, at: t), "rates differ at day \(t)")
        }
        #expect(compiled.hosts == ["mother"])
        #expect(compiled.layout.entries.map(\.label.compartment) == [.named("blood"), .named("bone_marrow"), .total])
    }

    /// Transfer in both directions and a carried origin: a live-born son
    /// receives his mother's own cells (inflow and pulse) and the
    /// grandmother's cells she carries (a per-cell flow between hosts).
    @Test func liveBirthAddsBothDirectionsAndCarriedCells() throws {
        let type = CellType(name: "cell", share: 1, bloodClearance: 0.1)
        let shape = GestationalShape(steps: [.init(from: 0, level: 1)])
        let pulses = PulseSizes(liveBirth: 7, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0)
        let scenario = BiologyScenario(
            name: "both", horizon: 1000, outputTimes: [1000], tissues: [], cellTypes: [type],
            founder: Founder(carries: [CarriedCells(origin: "grandmother", cellType: "cell", compartment: "blood", cells: 30)]),
            pregnancies: [Pregnancy(child: Child(name: "son", sex: .male), start: 100, length: 280)],
            transfer: PlacentalTransfer(shape: shape, fetalToMaternal: DirectionalTransfer(peakRate: 40, pulse: pulses),
                                        maternalToFetal: DirectionalTransfer(peakRate: 4, pulse: pulses), carriedRate: 0.25, twinRate: 0))
        let c = try BiologyCompiler.compile(scenario)
        let names = c.network.compartments.map(\.name)
        #expect(names == ["mother/grandmother/cell/blood", "mother/son/cell/blood", "son/mother/cell/blood", "son/grandmother/cell/blood"])
        #expect(c.network.compartments[0].initial == 30)
        let during = RateSet(model: c.network, at: 200)
        #expect(during.inflow == [0, 40, 4, 0])
        #expect(during.transfer(from: 0, to: 3) == 0.25)
        #expect(during.loss == [0.1, 0.1, 0.1, 0.1])
        let after = RateSet(model: c.network, at: 380)
        #expect(after.inflow == [0, 0, 0, 0] && after.transfer(from: 0, to: 3) == 0)
        #expect(Set(c.network.boluses) == [Bolus(compartment: 1, cells: 7, time: 380), Bolus(compartment: 2, cells: 7, time: 380)])
        #expect(c.hosts == ["mother", "son"])
        // Per host: each population, the total per origin, the total over origins.
        let labels = c.layout.entries.map { "\($0.label.host)|\($0.label.origin)|\($0.label.cellType)|\($0.label.compartment)" }
        #expect(labels == ["mother|grandmother|cell|blood", "mother|grandmother|all|total", "mother|son|cell|blood", "mother|son|all|total",
                           "mother|all|all|total", "son|mother|cell|blood", "son|mother|all|total",
                           "son|grandmother|cell|blood", "son|grandmother|all|total", "son|all|all|total"])
    }

    /// Cells are split over types with the exact integer total.
    @Test(arguments: [0, 1, 7, 100_000, 99_999])
    func pulseSplitKeepsTheTotal(cells: Int) {
        let parts = BiologyCompiler.split(cells, shares: [0.2, 0.8, 0, 1e-9])
        #expect(parts.reduce(0, +) == cells)
        for (part, share) in zip(parts, [0.2, 0.8, 0, 1e-9]) { #expect(abs(Double(part) - Double(cells) * share / (1 + 1e-9)) < 1) }
    }

    /// Overlapping injuries multiply their homing factors piece by piece.
    @Test func injuriesMultiplyHoming() {
        var s = BiologyScenario(name: "i", horizon: 100, outputTimes: [100], tissues: ["heart"])
        s.events = [.injury(Injury(tissue: "heart", start: 10, duration: 20, homingFactor: 3)),
                    .injury(Injury(tissue: "heart", start: 20, duration: 30, homingFactor: 2))]
        let pieces = BiologyCompiler.injuryPieces(s, host: "mother", tissue: "heart")
        #expect(pieces.map(\.start) == [0, 10, 20, 30, 50])
        #expect(pieces.map(\.factor) == [1, 3, 6, 2, 1])
    }
}
