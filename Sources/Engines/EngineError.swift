import LinearAlgebra

/// Why an engine could not produce a result.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The requested method is not implemented in this version.
    case methodUnavailable(EngineMethod, reason: String)
    /// The linear algebra failed on the model's numbers (e.g. overflow).
    case numerical(LinearAlgebraError, context: String)
    /// The model broke an invariant the engines rely on.
    case invalidModel([String])
    /// An adaptive integration could not reach its stated tolerance (steps
    /// shrank below the resolution of the time axis).
    case toleranceNotMet(context: String)

    public var description: String {
        switch self {
        case .methodUnavailable(let m, let reason):
            return "method '\(m.rawValue)' is not available: \(reason)"
        case .numerical(let e, let context):
            return "numerical failure \(context): \(e)"
        case .invalidModel(let problems):
            return "the model is inconsistent: " + problems.joined(separator: "; ")
        case .toleranceNotMet(let context):
            return "the integration could not reach its tolerance \(context)"
        }
    }
}
