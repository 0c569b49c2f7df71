/// The ways Microchimera can compute a run.
public enum EngineMethod: String, Sendable, Codable, CaseIterable {
    /// Pick the cheapest method that answers what was asked.
    case auto
    /// Exact stochastic simulation (the Markov chain's law, cell by cell), one trajectory per replicate.
    case exact
    /// Ensemble matrix-step (multinomial leap) simulation.
    case fast
    /// Deterministic moment equations solved with matrix exponentials.
    case moments
}
