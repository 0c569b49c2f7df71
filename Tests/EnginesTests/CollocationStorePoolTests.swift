import Foundation
import Testing
@testable import Engines
import RateModel

/// `CollocationStorePool`: a store kept across evaluations changes no bit of
/// any result, whatever it already holds, and keeps only the generators of
/// its last uses. Exact comparisons (`==` on every value): the weights depend
/// only on the generator, M and the step, so reuse must reproduce the bits.
@Suite("Collocation store pool")
struct CollocationStorePoolTests {
    /// Birth-death with a migrant compartment: x → y at rate `move`, loss 0.012 in x, 0.02 in y, division 0.02 in x.
    static func model(move: Double) -> NetworkModel {
        let outputs: [Double] = [0, 30, 365.25, 2000, 3652.5]
        let w = TimeWindow(start: 0, end: outputs.last!)
        return NetworkModel(
            name: "bd", horizon: outputs.last!, outputTimes: outputs,
            compartments: [Compartment(name: "x", initial: 5), Compartment(name: "y")],
            flows: [Flow(from: 0, to: .out, rate: 0.012, window: w), Flow(from: 0, to: .compartment(1), rate: move, window: w),
                    Flow(from: 1, to: .out, rate: 0.02, window: w)],
            divisions: [Division(compartment: 0, rate: 0.02, window: w)])
    }

    static let targets = [GeneratingTarget(compartments: [0, 1], argument: 0), GeneratingTarget(compartments: [1], argument: 0.4)]

    static func solve(_ move: Double, store: CollocationStore = CollocationStore()) throws -> [[Double]] {
        try MomentsEngine(model: model(move: move)).logGeneratingFunction(targets: targets, store: store)
    }

    @Test("pooled stores give the bits of fresh ones, for repeated, new and returning generators")
    func sameBits() throws {
        let pool = CollocationStorePool(retained: 2)
        for move in [0.003, 0.003, 0.004, 0.003, 0.005, 0.006, 0.003] {
            let pooled = try pool.withStore { store in try Self.solve(move, store: store) }
            #expect(pooled == (try Self.solve(move)), "move \(move)")
        }
    }

    @Test("a store keeps the shelves of its last `retained` uses and drops the others")
    func trimming() throws {
        let store = CollocationStore()
        _ = try Self.solve(0.003, store: store)
        store.trim(keepingUses: 2)
        #expect(store.shelfCount == 1)
        _ = try Self.solve(0.004, store: store)
        store.trim(keepingUses: 2)
        #expect(store.shelfCount == 2) // 0.003 was asked for one use ago
        _ = try Self.solve(0.004, store: store)
        store.trim(keepingUses: 2)
        #expect(store.shelfCount == 1) // 0.003 not for two uses
        _ = try Self.solve(0.005, store: store)
        store.trim(keepingUses: 1)
        #expect(store.shelfCount == 1) // only this use's
    }

    @Test("concurrent callers each get a store of their own, and the same bits")
    func concurrent() async throws {
        let pool = CollocationStorePool()
        let expected = try [0.003, 0.004].map { try Self.solve($0) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            for k in 0..<16 {
                group.addTask {
                    let move = k % 2 == 0 ? 0.003 : 0.004
                    return try pool.withStore { store in try Self.solve(move, store: store) } == expected[k % 2]
                }
            }
            for try await same in group { #expect(same) }
        }
    }
}
