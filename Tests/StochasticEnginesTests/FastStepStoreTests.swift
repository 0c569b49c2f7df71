import RateModel
@testable import StochasticEngines
import Testing

/// The store shares what it keeps and keeps at most `capacity` epochs: a
/// cohort whose women all have their own rates must not grow it without bound.
@Suite("Fast step store")
struct FastStepStoreTests {
    static func rates(_ loss: Double) -> RateSet {
        let w = TimeWindow(start: 0, end: 10)
        let model = NetworkModel(name: "r", horizon: 10, outputTimes: [0, 10], compartments: [Compartment(name: "a", initial: 1)],
                                 flows: [Flow(from: 0, to: .out, rate: loss, window: w)])
        return RateSet(model: model, at: 1)
    }

    @Test("shares up to its capacity, then hands out without keeping")
    func bounded() {
        let store = FastStepStore(capacity: 2)
        let first = store.epoch(Self.rates(0.1))
        #expect(store.epoch(Self.rates(0.1)) === first, "kept and shared")
        _ = store.epoch(Self.rates(0.2))
        let third = store.epoch(Self.rates(0.3))
        #expect(store.epoch(Self.rates(0.3)) !== third, "past capacity: not kept")
        #expect(store.epoch(Self.rates(0.1)) === first, "what was kept stays")
    }

    /// Rate sets hash their transfers by their sum only, so two sets with
    /// the same sum must still be told apart by the store, and equal sets
    /// found as one.
    @Test("rate sets with the same transfer sum are different epochs; equal ones one")
    func transferSumCollision() {
        let w = TimeWindow(start: 0, end: 10)
        func rates(_ ab: Double, _ ba: Double) -> RateSet {
            let model = NetworkModel(name: "r", horizon: 10, outputTimes: [0, 10],
                                     compartments: [Compartment(name: "a", initial: 1), Compartment(name: "b")],
                                     flows: [Flow(from: 0, to: .compartment(1), rate: ab, window: w),
                                             Flow(from: 1, to: .compartment(0), rate: ba, window: w),
                                             Flow(from: 1, to: .out, rate: 0.5, window: w)])
            return RateSet(model: model, at: 1)
        }
        let (x, y) = (rates(0.1, 0.3), rates(0.3, 0.1))
        #expect(x != y && x.hashValue == y.hashValue, "the same sum: a collision the store must resolve")
        let store = FastStepStore()
        let first = store.epoch(x)
        #expect(store.epoch(y) !== first)
        #expect(store.epoch(rates(0.1, 0.3)) === first)
        #expect(Set([x, y, rates(0.1, 0.3)]).count == 2)
    }
}
