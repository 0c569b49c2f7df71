import Engines
import RateModel

extension EngineRegistry {
    /// The standard `auto`: the cheaper of the exact and fast engines.
    ///
    /// `auto` answers the whole CSV contract (mean, sd, quantiles, p_present),
    /// which needs samples, so it simulates: `fast` when the model has no
    /// division (its leap is then exact at any step size), otherwise `exact`
    /// when the expected number of events per replicate costs less than the
    /// leaps (`CostEstimate`), else `fast`. `--method moments` gives the exact
    /// mean, sd and p_present without sampling.
    ///
    /// - Throws: `EngineError.methodUnavailable` when `registry` lacks exact
    ///   or fast; what `CostEstimate` throws.
    @Sendable
    public static func cheaperSampler(_ model: NetworkModel, _ registry: EngineRegistry) throws(EngineError) -> EngineChoice {
        let exact = try registry.registered(.exact, for: .auto)
        let fast = try registry.registered(.fast, for: .auto)
        if !model.hasDivision {
            return EngineChoice(requested: .auto, engine: fast,
                                reason: "no division in the model: the matrix-step leap is exact at any step size and cheaper than event-by-event simulation")
        }
        let cost = try CostEstimate(model: model, fast: FastEngine(model: model))
        // Finite and below 2^50·rates·horizon once the engines' checks pass; formatted without a trap regardless.
        let events = cost.expectedEvents.magnitude < 0x1p62 ? "\(Int(cost.expectedEvents.rounded()))" : RunBounds.text(cost.expectedEvents)
        if cost.exactIsCheaper {
            return EngineChoice(requested: .auto, engine: exact,
                                reason: "the model divides; about \(events) events per replicate cost less than \(cost.leaps) leaps, and exact simulation has no step bias")
        }
        return EngineChoice(requested: .auto, engine: fast,
                            reason: "the model divides; about \(events) events per replicate cost more than \(cost.leaps) leaps with exact half-step births (second-order splitting)")
    }
}
