import Synchronization

/// Collocation stores lent to evaluations on any number of threads, each
/// kept between evaluations so that the next one reuses the weights of every
/// generator that did not change.
///
/// A fit's evaluations differ only in the free parameters, and most of them
/// (an optimiser moving a transfer level, a pulse, an assay's efficiency; a
/// profile's inner search) leave the rates of the backward equation, and so
/// its generators, as they were: their weights are then found instead of
/// rebuilt. The weights depend only on the generator, M and the step
/// (`CollocationStore`), so which store an evaluation gets changes no bit of
/// its result; the pool only saves work.
///
/// Each lent store is held by one thread at a time (`withStore`); on return
/// it drops the shelves its last `retained` uses did not touch
/// (`CollocationStore.trim`), so its memory stays that of a few evaluations:
/// O(shelves·steps·M²n²) doubles per store, one store per concurrent caller.
public final class CollocationStorePool: Sendable {
    private let idle = Mutex<[CollocationStore.Handle]>([])
    /// The uses a shelf survives untouched.
    public let retained: Int

    /// An empty pool whose stores keep the shelves of their last `retained` uses.
    public init(retained: Int = 2) {
        precondition(retained >= 1, "a store keeps at least its last use")
        self.retained = retained
    }

    /// Runs `body` with a store no other thread holds (the most recently
    /// returned one, or a new one), then trims it and returns it to the pool.
    public func withStore<T, E: Error>(_ body: (CollocationStore) throws(E) -> T) throws(E) -> T {
        let handle = idle.withLock { $0.popLast() } ?? CollocationStore.Handle(CollocationStore())
        defer {
            handle.store.trim(keepingUses: retained)
            idle.withLock { $0.append(handle) }
        }
        return try body(handle.store)
    }
}
