@testable import BiologyModel
import Engines
import Foundation
import RateModel
import Testing

/// How a pregnancy ends, as the papers describe it: pulses that grow with
/// gestational age, transfer that stops at a fetal demise, and a co-twin
/// that vanishes.
@Suite struct PregnancyEndingTests {
    /// One type cleared from blood at 0.2 per day, no tissues, transfer at
    /// `rate` per day from conception (shape level 1 from day 0), pulses of
    /// 1000 cells (live birth 5000, stillbirth 2000).
    static func scenario(_ pregnancies: [Pregnancy], growth: Double = 0, rate: Double = 0, twinRate: Double = 0) -> BiologyScenario {
        let type = CellType(name: "cell", share: 1, bloodClearance: 0.2, homing: [:], tissue: [:])
        let pulses = PulseSizes(liveBirth: 5000, stillbirth: 2000, miscarriage: 1000, surgicalTermination: 1000, medicalTermination: 1000)
        let none = PulseSizes(liveBirth: 0, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0)
        let transfer = PlacentalTransfer(shape: GestationalShape(steps: [.init(from: 0, level: 1)]),
                                         fetalToMaternal: DirectionalTransfer(peakRate: rate, pulse: pulses),
                                         maternalToFetal: DirectionalTransfer(peakRate: 0, pulse: none), carriedRate: 0,
                                         twinRate: twinRate, pulseGrowth: growth)
        return BiologyScenario(name: "endings", horizon: 4000, outputTimes: [100, 4000], tissues: [], cellTypes: [type],
                               pregnancies: pregnancies, transfer: transfer, sensitisation: 1)
    }

    static func index(_ network: NetworkModel, _ name: String) throws -> Int {
        try #require(network.compartments.firstIndex { $0.name == name }, "no compartment \(name)")
    }

    /// Cells of the boluses into `name`, with their times.
    static func boluses(_ network: NetworkModel, _ name: String) throws -> [(time: Double, cells: Int)] {
        let i = try index(network, name)
        return network.boluses.filter { $0.compartment == i && $0.cells > 0 }.map { ($0.time, $0.cells) }
    }

    /// The pulse is `P·(g/g_ref)^γ` rounded, `g_ref` 70 days (miscarriage,
    /// terminations) or 224 days (stillbirth); live births and explicit pulses are not scaled.
    @Test func pulseScalesWithGestationalAge() throws {
        let pregnancies = [
            Pregnancy(child: Child(name: "m8", sex: .male), start: 0, length: 56, outcome: .miscarriage),
            Pregnancy(child: Child(name: "s12", sex: .male), start: 100, length: 84, outcome: .termination(.surgical)),
            Pregnancy(child: Child(name: "d12", sex: .male), start: 200, length: 84, outcome: .termination(.medical), demise: 14),
            Pregnancy(child: Child(name: "still", sex: .male), start: 300, length: 252, outcome: .stillbirth),
            Pregnancy(child: Child(name: "own", sex: .male), start: 600, length: 84, outcome: .miscarriage, pulse: 777),
            Pregnancy(child: Child(name: "born", sex: .male), start: 700, length: 200),
        ]
        let network = try BiologyCompiler.compile(Self.scenario(pregnancies, growth: 1.5)).network
        let expected: [(String, Double, Int)] = [
            ("m8", 56, Int((1000 * pow(56 / 70.0, 1.5)).rounded())),
            ("s12", 184, Int((1000 * pow(84 / 70.0, 1.5)).rounded())),
            ("d12", 284, Int((1000 * pow(70 / 70.0, 1.5)).rounded())), // scaled at the demise: 10 weeks
            ("still", 552, Int((2000 * pow(252 / 224.0, 1.5)).rounded())),
            ("own", 684, 777), ("born", 900, 5000),
        ]
        for (name, end, cells) in expected {
            let found = try Self.boluses(network, "mother/\(name)/cell/blood")
            #expect(found.map(\.time) == [end] && found.map(\.cells) == [cells], "\(name): \(found)")
        }
        // γ = 0 leaves every pulse at its nominal size.
        let flat = try BiologyCompiler.compile(Self.scenario(pregnancies, growth: 0)).network
        #expect(try Self.boluses(flat, "mother/m8/cell/blood").map(\.cells) == [1000])
        #expect(try Self.boluses(flat, "mother/still/cell/blood").map(\.cells) == [2000])
    }

    /// A demise `d` days before the end stops the inflow then; the end pulse still comes.
    @Test func demiseStopsTransferBeforeTheEnd() throws {
        let p = Pregnancy(child: Child(name: "lost", sex: .female), start: 10, length: 70, outcome: .miscarriage, demise: 21)
        let network = try BiologyCompiler.compile(Self.scenario([p], rate: 50)).network
        let i = try Self.index(network, "mother/lost/cell/blood")
        let windows = network.inflows.filter { $0.compartment == i }.map(\.window)
        #expect(windows == [TimeWindow(start: 10, end: 59)])
        #expect(try Self.boluses(network, "mother/lost/cell/blood").map(\.time) == [80])
    }

    /// Moments against the hand closed form: inflow `r` over `[s, s + L − d)`
    /// and clearance `c` give `(r/c)(1 − e^{−c(L−d)})·e^{−c·d}` at the end,
    /// plus the pulse, then decay `e^{−c(t − end)}` to day 100 (1e-9 relative).
    @Test func demiseMomentsMeanMatchesTheClosedForm() throws {
        let (r, c, start, length, demise, time) = (50.0, 0.2, 10.0, 70.0, 21.0, 100.0)
        let p = Pregnancy(child: Child(name: "lost", sex: .female), start: start, length: length, outcome: .miscarriage, demise: demise)
        let model = try BiologyCompiler.compile(Self.scenario([p], growth: 1, rate: r)).network
        let mean = try MomentsEngine(model: model).meanTrajectory()[0][Self.index(model, "mother/lost/cell/blood")]
        let pulse = (1000 * (length - demise) / 70).rounded()
        let atEnd = r / c * (1 - exp(-c * (length - demise))) * exp(-c * demise) + pulse
        let exact = atEnd * exp(-c * (time - start - length))
        #expect(abs(mean - exact) <= 1e-9 * exact, "\(mean) vs \(exact)")
    }

    /// A co-twin vanishing at `v` sends cells to the mother and to its
    /// co-twin until then, gives no pulse and is never a host.
    @Test func vanishedTwinSendsCellsUntilItVanishes() throws {
        let p = Pregnancy(child: Child(name: "survivor", sex: .female), twin: Child(name: "ghost", sex: .male, vanished: 63),
                          start: 0, length: 280)
        let c = try BiologyCompiler.compile(Self.scenario([p], rate: 50, twinRate: 30))
        let network = c.network
        let toMother = network.inflows.filter { $0.compartment == (try? Self.index(network, "mother/ghost/cell/blood")) }
        #expect(toMother.map(\.window) == [TimeWindow(start: 0, end: 63)] && toMother.map(\.rate) == [50])
        let toTwin = network.inflows.filter { $0.compartment == (try? Self.index(network, "survivor/ghost/cell/blood")) }
        #expect(toTwin.map(\.window) == [TimeWindow(start: 0, end: 63)] && toTwin.map(\.rate) == [30])
        #expect(try Self.boluses(network, "mother/ghost/cell/blood").isEmpty)
        #expect(try Self.boluses(network, "mother/survivor/cell/blood").map(\.cells) == [5000])
        #expect(c.hosts == ["mother", "survivor"])
        // The survivor sends nothing to a co-twin that is not born.
        #expect(!network.compartments.contains { $0.name.hasPrefix("ghost/") })
    }

    /// Moments against the closed form `(τ/c)(1 − e^{−c·v})·e^{−c(t − v)}` at day 100
    /// for the vanished twin's cells in its co-twin (1e-9 relative).
    @Test func vanishedTwinMomentsMeanMatchesTheClosedForm() throws {
        let (tau, c, v, time) = (30.0, 0.2, 63.0, 100.0)
        let p = Pregnancy(child: Child(name: "survivor", sex: .female), twin: Child(name: "ghost", sex: .male, vanished: v),
                          start: 0, length: 280)
        let model = try BiologyCompiler.compile(Self.scenario([p], rate: 50, twinRate: tau)).network
        let mean = try MomentsEngine(model: model).meanTrajectory()[0][Self.index(model, "survivor/ghost/cell/blood")]
        let exact = tau / c * (1 - exp(-c * v)) * exp(-c * (time - v))
        #expect(abs(mean - exact) <= 1e-9 * exact, "\(mean) vs \(exact)")
    }

    @Test func demiseAndVanishingAreChecked() {
        let bad = [
            Pregnancy(child: Child(name: "a", sex: .male), start: 0, length: 280, demise: 7),
            Pregnancy(child: Child(name: "b", sex: .male), start: 300, length: 70, outcome: .miscarriage, demise: 70),
            Pregnancy(child: Child(name: "c", sex: .male, vanished: 20), twin: Child(name: "d", sex: .male, vanished: 300),
                      start: 400, length: 280),
        ]
        let sites = BiologyCompiler.referenceProblems(Self.scenario(bad)).map(\.site)
        #expect(sites == [.pregnancy(0, .demise), .pregnancy(1, .demise), .pregnancy(2, .child), .pregnancy(2, .twinVanished)])
    }
}
