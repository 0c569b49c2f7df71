/// Local minimisation in a box with NLopt's derivative-free algorithms.
public enum BoundedOptimizer {
    /// Minimises `objective` in `box` from `start` (clamped into the box).
    ///
    /// The run uses `settings.algorithm` with an initial step of `settings.initialStep` of
    /// each coordinate's width and stops as `OptimizerSettings` states. The
    /// result is the best point evaluated, and the start is always among them:
    /// BOBYQA moves a start that lies less than its first step inside a bound
    /// to that distance before its first evaluation, so when NLopt never
    /// evaluated the start it is evaluated last (one more call). A run never
    /// ends worse than its start. A non-finite objective value is
    /// treated as +∞ (never the result; NLopt sees a finite penalty worse than
    /// every value met so far, never NaN: see `ObjectiveTracker`); if no value
    /// is finite the status is `failed` and the value +∞. A zero-dimensional
    /// box evaluates the objective once at the empty point.
    ///
    /// Model-based algorithms (`bobyqa`, `cobyla`) fit interpolation models
    /// that the penalty of a non-finite value distorts, and then stop short
    /// of the minimum (measured: BOBYQA stopped at 0.90 where the minimum is
    /// 0.69 on the test beside a NaN region). So when such a run met a
    /// non-finite value, a second run with `sbplx`, which only compares
    /// values, continues from the best point with the evaluations left; its
    /// status is the result's.
    ///
    /// The objective is called on the calling thread only, in an order fixed
    /// by the inputs, so the result is the same for the same inputs on any
    /// thread; concurrent calls share no state.
    ///
    /// Complexity: at most `settings.maxEvaluations` objective calls, plus
    /// O(n²)–O(n⁴) arithmetic per call inside NLopt (BOBYQA's model updates).
    public static func minimize(_ objective: ([Double]) -> Double, start: [Double], box: Box,
                                settings: OptimizerSettings = .init()) -> OptimizationResult {
        let start = box.clamp(start)
        return withoutActuallyEscaping(objective) { objective in
            let tracker = ObjectiveTracker(objective: objective, box: box, start: start)
            var status: OptimizerStatus
            if box.dimension == 0 {
                _ = tracker.evaluate(start)
                status = .converged("no free coordinates")
            } else {
                status = NLopt.minimize(tracker, start: start, box: box, settings: settings)
                if let polish = polishing(after: tracker, settings: settings) {
                    status = NLopt.minimize(tracker, start: tracker.bestPoint, box: box, settings: polish)
                }
                if !tracker.evaluatedStart { _ = tracker.evaluate(start) }
            }
            if !tracker.foundFinite {
                status = .failed("the objective was not finite at any of the \(tracker.evaluations) points evaluated")
            }
            return OptimizationResult(point: tracker.bestPoint, value: tracker.bestValue,
                                      evaluations: tracker.evaluations, status: status, start: start)
        }
    }

    /// The settings of the `sbplx` run that follows a model-based run which
    /// met non-finite values, or nil when none is needed or no evaluations are left.
    static func polishing(after tracker: ObjectiveTracker, settings: OptimizerSettings) -> OptimizerSettings? {
        let left = settings.maxEvaluations - tracker.evaluations
        guard tracker.metNonFinite, tracker.foundFinite, left > 0,
              settings.algorithm == .bobyqa || settings.algorithm == .cobyla else { return nil }
        var polish = settings
        polish.algorithm = .sbplx
        polish.maxEvaluations = left
        return polish
    }
}
