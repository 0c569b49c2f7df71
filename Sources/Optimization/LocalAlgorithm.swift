/// The derivative-free local algorithms of NLopt that `BoundedOptimizer` offers.
///
/// All four are deterministic (none draws from NLopt's random generator) and
/// honour the box: NLopt never evaluates the objective outside it, and the
/// wrapper clamps each point into the box before evaluating as a safeguard.
/// - `bobyqa`: Powell's BOBYQA, a trust region on quadratic interpolation models
///   (2n + 1 points). The default: the fewest evaluations on smooth objectives.
///   NLopt 2.7.1 accepts it in one dimension too (measured in `OptimizationTests`).
/// - `sbplx`: Rowan's Subplex (Nelder–Mead on subspaces), robust on rough objectives.
/// - `neldermead`: the Nelder–Mead simplex; can stop early when the simplex's
///   values coincide (e.g. symmetric about a one-dimensional minimum).
/// - `cobyla`: Powell's COBYLA, linear approximations in a trust region.
public enum LocalAlgorithm: String, Sendable, CaseIterable {
    case bobyqa, sbplx, neldermead, cobyla
}
