import Engines
import Reporting
import ScenarioFormat

/// Why a run or a validation failed; `description` says what to fix.
///
/// Exit codes are the executable's business (`RunError+ExitCode.swift` in
/// the `microchimera` target).
public enum RunError: Error, Sendable, CustomStringConvertible {
    case scenario(ScenarioError)
    case engine(EngineError)
    case output(OutputError)
    case usage(String)
    /// A cohort drew a woman whose family the scenario cannot hold.
    case cohort(String)

    public var description: String {
        switch self {
        case .scenario(let e): return e.description
        case .engine(let e): return e.description
        case .output(let e): return e.description
        case .usage(let message), .cohort(let message): return message
        }
    }
}
