import Engines
import MicrochimeraKit
import ScenarioFormat

extension RunError {
    /// The process exit code `microchimera` ends with on this error.
    ///
    /// Exit codes follow BSD `sysexits.h`: 64 usage (a method that is not
    /// available, a malformed `--set`), 65 data error (the scenario is invalid, its population diverges or
    /// its run would pass a resource bound),
    /// 66 no input (the scenario cannot be read), 70 internal software error (a
    /// numerical failure), 73 cannot create output. A path option that breaks
    /// the output policy (an empty or root `--out`, a side output outside it)
    /// is a usage error.
    var exitCode: Int32 {
        switch self {
        case .scenario(.unreadable): return 66
        case .scenario(.badOverride): return 64
        case .scenario(.invalid): return 65
        case .engine(.methodUnavailable): return 64
        case .engine(.diverged), .engine(.diverges), .engine(.tooLarge): return 65
        case .engine: return 70
        case .output(.badFolder), .output(.outsideFolder), .output(.duplicate): return 64
        case .output: return 73
        case .usage: return 64
        case .cohort: return 65
        }
    }
}
