/// Why a network cannot be written as SBML; `description` says what to do.
public enum SBMLExportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The network has no compartment, so the SBML model would hold nothing.
    case empty(String)
    /// The network breaks an invariant every engine relies on (`NetworkModel.invariantViolations`).
    case inconsistent([String])
    /// `SBMLSource.labels` does not give one label per compartment (a caller's mistake).
    case labels(expected: Int, got: Int)

    public var description: String {
        switch self {
        case .empty(let message):
            return message
        case .inconsistent(let problems):
            return "the network cannot be exported to SBML: " + problems.joined(separator: "; ")
        case .labels(let expected, let got):
            return "SBML export needs one label per compartment: \(expected) compartments, \(got) labels"
        }
    }
}
