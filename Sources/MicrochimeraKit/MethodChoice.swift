import Engines
import RateModel

/// Which engine runs for a requested method, and why (recorded in `run.json`).
public struct MethodChoice: Sendable, Equatable {
    public let requested: EngineMethod
    public let ran: EngineMethod
    public let reason: String

    /// Resolves `requested` for `model`.
    ///
    /// This version implements `moments` (the exact mean). `auto` therefore
    /// selects it; `exact` and `fast` are refused with a clear error rather
    /// than silently replaced.
    public static func resolve(_ requested: EngineMethod, for model: NetworkModel) throws(RunError) -> MethodChoice {
        switch requested {
        case .moments:
            return MethodChoice(requested: requested, ran: .moments, reason: "requested explicitly")
        case .auto:
            return MethodChoice(requested: requested, ran: .moments,
                                reason: "moments is the only method of this version: it gives the exact mean by matrix exponentials")
        case .exact, .fast:
            throw .engine(.methodUnavailable(requested, reason: "the stochastic engines are not part of this version yet; use --method moments for the exact mean"))
        }
    }
}
