import RateModel
import Synchronization

/// The precomputed matrices of fast engines, shared by every engine of one run.
///
/// A fast engine needs, per epoch, leap matrices and cell-by-cell costs for
/// each interval length, and moment ladders for each independent part. They
/// depend only on the rates (and lengths), so the women of a cohort, who share
/// kinetics and differ in when things happen, share them: every epoch's
/// `EpochSteps` is made once per distinct `RateSet`, and every ladder once
/// per distinct part rates (a mother's part and her child's part, with the
/// same kinetics, share one).
///
/// **Bounded.** A cohort with between-woman variation gives every woman her
/// own rates, which no one else will ask for: the store keeps the first
/// `capacity` epochs and ladders it meets and hands out later ones without
/// keeping them (their engine alone holds them, and they go with it). Which
/// are kept changes only what is computed twice, never a number.
///
/// Thread-safe; lookups hash a `RateSet` once per epoch per engine.
public final class FastStepStore: Sendable {
    /// Epochs and ladders kept, each (a ladder holds up to a few MB of steps).
    public let capacity: Int
    private let epochs = Mutex<[RateSet: EpochSteps]>([:])
    private let ladders = Mutex<[RateSet: MomentLadder]>([:])

    public init(capacity: Int = 32) {
        self.capacity = capacity
    }

    /// The steps of an epoch with `rates`, made on first use.
    func epoch(_ rates: RateSet) -> EpochSteps {
        if let known = epochs.withLock({ $0[rates] }) { return known }
        let made = EpochSteps(rates: rates, store: self)
        return epochs.withLock { table in
            if let known = table[rates] { return known }
            if table.count < capacity { table[rates] = made }
            return made
        }
    }

    /// The moment ladder of a part with `rates`, made on first use.
    func ladder(_ rates: RateSet) -> MomentLadder {
        ladders.withLock { table in
            if let known = table[rates] { return known }
            let made = MomentLadder(rates: rates)
            if table.count < capacity { table[rates] = made }
            return made
        }
    }
}
