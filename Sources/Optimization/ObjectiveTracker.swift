/// The objective as NLopt sees it: clamped into the box, non-finite values
/// replaced by a finite penalty, and the best point kept.
///
/// A non-finite value (NaN or ±∞, e.g. a log-likelihood of an impossible
/// observation) counts as +∞: it is never the best point, and NLopt is given
/// `w + 1 + |w|` instead, where `w` is the largest finite value met so far in
/// this run (0 if none), so the point looks worse than every point seen while
/// BOBYQA's and COBYLA's interpolation models stay finite. The penalty depends
/// only on the sequence of points evaluated, which NLopt fixes, so runs stay
/// deterministic.
///
/// One tracker serves one run on one thread (a class, because NLopt holds a
/// pointer to it during `nlopt_optimize`).
final class ObjectiveTracker {
    let objective: ([Double]) -> Double
    let box: Box
    private(set) var evaluations = 0
    private(set) var bestPoint: [Double]
    private(set) var bestValue = Double.infinity
    private var worstFinite: Double?
    /// Whether some evaluated point had a non-finite objective.
    private(set) var metNonFinite = false
    /// The run's start (inside the box).
    let start: [Double]
    /// Whether the start itself has been evaluated.
    private(set) var evaluatedStart = false

    init(objective: @escaping ([Double]) -> Double, box: Box, start: [Double]) {
        self.objective = objective
        self.box = box
        self.start = start
        self.bestPoint = start
    }

    /// Whether some evaluated point had a finite objective.
    var foundFinite: Bool { worstFinite != nil }

    /// Evaluates the objective at `x` (clamped into the box) and returns the
    /// value NLopt should see. O(n) plus the objective's cost.
    func evaluate(_ x: UnsafeBufferPointer<Double>) -> Double {
        evaluate(box.clamp(Array(x)))
    }

    /// Evaluates the objective at `point` (inside the box).
    func evaluate(_ point: [Double]) -> Double {
        evaluations += 1
        if !evaluatedStart && point == start { evaluatedStart = true }
        let value = objective(point)
        guard value.isFinite else {
            metNonFinite = true
            let w = worstFinite ?? 0
            return w + 1 + abs(w)
        }
        worstFinite = max(worstFinite ?? value, value)
        if value < bestValue {
            bestValue = value
            bestPoint = point
        }
        return value
    }
}
