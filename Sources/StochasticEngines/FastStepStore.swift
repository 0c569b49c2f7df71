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
/// Thread-safe; lookups hash a `RateSet` once per epoch per engine.
public final class FastStepStore: Sendable {
    private let epochs = Mutex<[RateSet: EpochSteps]>([:])
    private let ladders = Mutex<[RateSet: MomentLadder]>([:])

    public init() {}

    /// The steps of an epoch with `rates`, made on first use.
    func epoch(_ rates: RateSet) -> EpochSteps {
        if let known = epochs.withLock({ $0[rates] }) { return known }
        let made = EpochSteps(rates: rates, store: self)
        return epochs.withLock { table in
            if let known = table[rates] { return known }
            table[rates] = made
            return made
        }
    }

    /// The moment ladder of a part with `rates`, made on first use.
    func ladder(_ rates: RateSet) -> MomentLadder {
        ladders.withLock { table in
            if let known = table[rates] { return known }
            let made = MomentLadder(rates: rates)
            table[rates] = made
            return made
        }
    }
}
