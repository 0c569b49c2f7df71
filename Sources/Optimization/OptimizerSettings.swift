/// How `BoundedOptimizer` searches and when it stops.
///
/// The run stops at the first of: a step that changes every coordinate by less
/// than `relativeTolerance·|x_i|` (NLopt's `xtol_rel`); a step that changes the
/// objective by less than `relativeTolerance·|f|` (`ftol_rel`) or by less than
/// `absoluteTolerance` (`ftol_abs`, in the objective's units: for a negative
/// log-likelihood, 1e-6 is far below the 1.92 of a 95% profile threshold); or
/// `maxEvaluations` evaluations of the objective.
public struct OptimizerSettings: Sendable, Hashable {
    /// The local algorithm.
    public var algorithm: LocalAlgorithm = .bobyqa
    /// The relative tolerance on the point (`xtol_rel`) and on the objective (`ftol_rel`).
    public var relativeTolerance: Double = 1e-8
    /// The absolute tolerance on the objective (`ftol_abs`).
    public var absoluteTolerance: Double = 1e-6
    /// The most objective evaluations one minimisation may use (at least 1).
    public var maxEvaluations: Int = 2000
    /// The initial step of each coordinate as a fraction of its box width, in
    /// (0, 0.5]: a tenth for a search from an arbitrary start; a warm start
    /// near the minimum (a profile point beside the last, a refit without one
    /// study) is cheaper with a smaller first step.
    public var initialStep: Double = 0.1

    public init(algorithm: LocalAlgorithm = .bobyqa, relativeTolerance: Double = 1e-8,
                absoluteTolerance: Double = 1e-6, maxEvaluations: Int = 2000, initialStep: Double = 0.1) {
        precondition(relativeTolerance >= 0 && absoluteTolerance >= 0,
                     "OptimizerSettings needs non-negative tolerances, got \(relativeTolerance) and \(absoluteTolerance)")
        precondition(maxEvaluations >= 1, "OptimizerSettings needs maxEvaluations >= 1, got \(maxEvaluations)")
        precondition(initialStep > 0 && initialStep <= 0.5, "OptimizerSettings needs 0 < initialStep <= 0.5, got \(initialStep)")
        self.initialStep = initialStep
        self.algorithm = algorithm
        self.relativeTolerance = relativeTolerance
        self.absoluteTolerance = absoluteTolerance
        self.maxEvaluations = maxEvaluations
    }
}
