import Testing
import RateModel

@Suite("Epoch schedule")
struct EpochScheduleTests {
    @Test("breakpoints at window edges; equal neighbours merge; boluses grouped by instant")
    func breakpoints() {
        let model = NetworkModel(
            name: "s", horizon: 100, outputTimes: [0, 100],
            compartments: [Compartment(name: "a"), Compartment(name: "b")],
            flows: [
                Flow(from: 0, to: .compartment(1), rate: 1, window: TimeWindow(start: 0, end: 10)),
                Flow(from: 0, to: .compartment(1), rate: 1, window: TimeWindow(start: 10, end: 20)), // continues: merge
                Flow(from: 1, to: .out, rate: 2, window: TimeWindow(start: 50, end: 100)),
            ],
            boluses: [Bolus(compartment: 1, cells: 3, time: 30), Bolus(compartment: 0, cells: 2, time: 30),
                      Bolus(compartment: 1, cells: 4, time: 30), Bolus(compartment: 0, cells: 0, time: 60)])
        let s = EpochSchedule(model: model)
        #expect(s.epochs.map(\.start) == [0, 20, 50])
        #expect(s.epochs.map(\.end) == [20, 50, 100])
        #expect(s.epochs[0].rates.transfer(from: 0, to: 1) == 1)
        #expect(s.epochs[1].rates.transfer(from: 0, to: 1) == 0)
        #expect(s.epochs[2].rates.loss == [0, 2])
        #expect(s.bolusGroups.count == 1)
        #expect(s.bolusGroups[0].time == 30)
        #expect(s.bolusGroups[0].additions.map(\.compartment) == [0, 1])
        #expect(s.bolusGroups[0].additions.map(\.cells) == [2, 7])
        #expect(s.epochIndex(at: 0) == 0 && s.epochIndex(at: 19.999) == 0 && s.epochIndex(at: 20) == 1 && s.epochIndex(at: 100) == 2)
    }
}
