import Engines
import RateModel
import StochasticEngines

/// Which engine runs for a requested method, and why (recorded in `run.json`).
public struct MethodChoice: Sendable, Equatable {
    public let requested: EngineMethod
    public let ran: EngineMethod
    public let reason: String

    /// Resolves `requested` for `model`.
    ///
    /// `auto` answers the whole CSV contract (mean, sd, quantiles, p_present),
    /// which needs samples, so it simulates, choosing the cheaper stochastic
    /// method: `fast` when the model has no division (its leap is then exact at
    /// any step size), otherwise `exact` when the expected number of events per
    /// replicate costs less than the leaps, else `fast`. `--method moments`
    /// gives the exact mean, sd and p_present without sampling.
    public static func resolve(_ requested: EngineMethod, for model: NetworkModel) throws(RunError) -> MethodChoice {
        switch requested {
        case .moments:
            return MethodChoice(requested: requested, ran: .moments, reason: "requested explicitly")
        case .exact:
            return MethodChoice(requested: requested, ran: .exact, reason: "requested explicitly")
        case .fast:
            let why = model.hasDivision
                ? "requested explicitly; the model divides, so leaps use exact half-step births (second-order splitting)"
                : "requested explicitly; without division the leap is exact at any step size"
            return MethodChoice(requested: requested, ran: .fast, reason: why)
        case .auto:
            if !model.hasDivision {
                return MethodChoice(requested: requested, ran: .fast,
                                    reason: "no division in the model: the matrix-step leap is exact at any step size and cheaper than event-by-event simulation")
            }
            do {
                let fast = try FastEngine(model: model)
                let cost = try CostEstimate(model: model, fast: fast)
                let events = Int(cost.expectedEvents.rounded())
                if cost.exactIsCheaper {
                    return MethodChoice(requested: requested, ran: .exact,
                                        reason: "the model divides; about \(events) events per replicate cost less than \(cost.leaps) leaps, and exact simulation has no step bias")
                }
                return MethodChoice(requested: requested, ran: .fast,
                                    reason: "the model divides; about \(events) events per replicate cost more than \(cost.leaps) leaps with exact half-step births (second-order splitting)")
            } catch {
                throw .engine(error)
            }
        }
    }
}
