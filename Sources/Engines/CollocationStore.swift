import Foundation
import LinearAlgebra

/// The exponential-collocation weights of the backward solves of one
/// evaluation, shared by every `RiccatiStepper` whose block has the same
/// generator: the parts of a biology-level family often have the same cell
/// types in the same tissues, hence the same `L`, and then build each step
/// length's weights once instead of once per part.
///
/// With division (M > 1) a step of 2ʲ days takes its φ-functions from the
/// generator's `PhiLadder`; any other step evaluates them directly. At most
/// `limit` step lengths are kept per generator (all are dropped when full).
/// A caller that solves several networks with the same rates (the studies
/// of a fit, each a family with the same cell types in the same tissues) may
/// pass one store to all of them: the weights depend only on the generator,
/// M and the step, so sharing changes no bit of any result.
/// Not thread-safe: one evaluation, one thread.
public final class CollocationStore {
    /// An empty store.
    public init() {}

    private struct Key: Hashable {
        let generator: Matrix
        let intervals: Int
    }

    static let limit = 256
    private var shelves: [Key: Shelf] = [:]
    /// The number of completed uses (`trim` calls); shelves remember the last use that touched them.
    private var use = 0

    /// A store in transit between threads: `CollocationStorePool` keeps it
    /// while idle and lends it to one thread at a time.
    struct Handle: @unchecked Sendable {
        let store: CollocationStore
        init(_ store: CollocationStore) { self.store = store }
    }

    /// The number of generators (with their M) the store holds weights for.
    var shelfCount: Int { shelves.count }

    /// Ends a use: drops every shelf that none of the last `uses` uses (this
    /// one included) asked for, so a store kept across evaluations holds the
    /// generators that are still in play and no others. O(shelves).
    func trim(keepingUses uses: Int) {
        shelves = shelves.filter { use - $0.value.lastUse < uses }
        use += 1
    }

    /// The weights of one generator and M, by step length. A stepper asks the
    /// store for its shelf once (hashing the n×n generator, O(n²)) and then
    /// looks up each step by its length alone.
    final class Shelf {
        let generator: Matrix
        let intervals: Int
        private var ladder: PhiLadder?
        private var weights: [Double: CollocationWeights] = [:]
        /// The store's use that last asked for this shelf.
        fileprivate(set) var lastUse = 0

        init(generator: Matrix, intervals: Int) {
            self.generator = generator
            self.intervals = intervals
        }

        /// The weights of a step of `h` days for `dp/dσ = L·p + N` with M = `intervals`.
        func weights(step h: Double) throws(EngineError) -> CollocationWeights {
            if let w = weights[h] { return w }
            let w: CollocationWeights
            do {
                if intervals > 1 && h.significandBitPattern == 0 && h >= scalbn(1.0, RiccatiStepper.minExponent) {
                    var rungs = ladder ?? PhiLadder(generator: generator, unit: 1 / Double(intervals), order: intervals + 2)
                    let phi = try rungs.phi(rung: Int(h.exponent))
                    ladder = rungs
                    w = CollocationWeights(phi: phi, size: generator.rows, step: h, intervals: intervals)
                } else {
                    w = try CollocationWeights(l: generator, step: h, intervals: intervals)
                }
            } catch {
                throw .numerical(error, context: "in the exponential-collocation weights for a step of \(h) days")
            }
            if weights.count >= CollocationStore.limit { weights.removeAll(keepingCapacity: true) }
            weights[h] = w
            return w
        }
    }

    /// The shelf of `generator` with M = `intervals` (created empty the first time).
    func shelf(generator: Matrix, intervals: Int) -> Shelf {
        let key = Key(generator: generator, intervals: intervals)
        let shelf = shelves[key] ?? Shelf(generator: generator, intervals: intervals)
        shelves[key] = shelf
        shelf.lastUse = use
        return shelf
    }
}
