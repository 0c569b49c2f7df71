import Engines
import Reporting
import ScenarioFormat

/// Why a run or a validation failed, with the process exit code the CLI uses.
///
/// Exit codes follow BSD `sysexits.h`: 64 usage (a method that is not
/// available, a malformed `--set`), 65 data error (the scenario is invalid),
/// 66 no input (the scenario cannot be read), 70 internal software error (a
/// numerical failure), 73 cannot create output.
public enum RunError: Error, Sendable, CustomStringConvertible {
    case scenario(ScenarioError)
    case engine(EngineError)
    case output(OutputError)
    case usage(String)
    /// A cohort drew a woman whose family the scenario cannot hold.
    case cohort(String)

    public var exitCode: Int32 {
        switch self {
        case .scenario(.unreadable): return 66
        case .scenario(.badOverride): return 64
        case .scenario(.invalid): return 65
        case .engine(.methodUnavailable): return 64
        case .engine(.diverged): return 65
        case .engine: return 70
        case .output: return 73
        case .usage: return 64
        case .cohort: return 65
        }
    }

    public var description: String {
        switch self {
        case .scenario(let e): return e.description
        case .engine(let e): return e.description
        case .output(let e): return e.description
        case .usage(let message), .cohort(let message): return message
        }
    }
}
