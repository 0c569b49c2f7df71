/// Why a minimisation stopped.
///
/// `converged` names the criterion that stopped it: "objective tolerance"
/// (`ftol_rel` or `ftol_abs`), "step tolerance" (`xtol_rel`), "success" (NLopt's
/// generic success), "roundoff limited" (no further progress possible in
/// floating point; NLopt's result is then normally still useful) or "no free
/// coordinates" (a zero-dimensional box). `failed` says what went wrong.
public enum OptimizerStatus: Sendable, Hashable {
    /// Stopped by a convergence criterion, named in the text.
    case converged(String)
    /// Stopped after `OptimizerSettings.maxEvaluations` evaluations.
    case maxEvaluations
    /// Stopped by an error, described in the text.
    case failed(String)

    /// Whether the run stopped by a convergence criterion.
    public var isConverged: Bool {
        if case .converged = self { return true }
        return false
    }
}
