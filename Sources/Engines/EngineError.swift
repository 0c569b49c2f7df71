import LinearAlgebra

/// Why an engine could not produce a result.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested method cannot run here (no such engine, or not for this kind of run).
    case methodUnavailable(MethodRequest, reason: String)
    /// The linear algebra failed on the model's numbers (e.g. overflow).
    case numerical(LinearAlgebraError, context: String)
    /// The model broke an invariant the engines rely on.
    case invalidModel([String])
    /// An adaptive integration could not reach its stated tolerance (steps
    /// shrank below the resolution of the time axis).
    case toleranceNotMet(context: String)
    /// A simulated population grew past the engines' cell limit: the kinetics
    /// are supercritical (division outpaces loss) when the model `divides`,
    /// else its initial cells, boluses or inflows are that large. The hint of
    /// the message names only what the model has.
    case diverged(context: String, divides: Bool = true)
    /// The model's expected population passes the cell bound before the
    /// run starts (`PopulationCheck`): the message names the compartment,
    /// its rates and the fix.
    case diverges(String)
    /// The run would exceed a resource bound (`RunBounds`: events, leaps,
    /// memory): the message says which, by how much, and what to do.
    case tooLarge(String)

    public var description: String {
        switch self {
        case .methodUnavailable(let m, let reason):
            return "method '\(m.name)' is not available: \(reason)"
        case .numerical(let e, let context):
            return "numerical failure \(context): \(e)"
        case .invalidModel(let problems):
            return "the model is inconsistent: " + problems.joined(separator: "; ")
        case .toleranceNotMet(let context):
            return "the integration could not reach its tolerance \(context)"
        case .diverges(let message), .tooLarge(let message):
            return message
        case .diverged(let context, true):
            return "the cell population grows without bound \(context): a compartment passed 10^15 cells, more than a human "
                + "body holds. Division (self_renewal) outpaces clearance, death and return somewhere; lower the division "
                + "rates or raise the losses (`describe` lists them), or use --method moments for the exact mean"
        case .diverged(let context, false):
            return "the cell population is too large \(context): a compartment passed 10^15 cells, more than a human "
                + "body holds. The model has no division, so the cells come from its initial counts, boluses and inflows; "
                + "lower those (`describe` lists them), or use --method moments for the exact mean"
        }
    }
}
