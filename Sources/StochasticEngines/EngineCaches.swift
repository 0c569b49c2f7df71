/// What the engines of one run may share: the fast engine's leap matrices
/// (women of a cohort with the same kinetics share all but a few), and
/// whether each engine walks the exact mean to refuse a diverging population
/// before it starts.
public struct EngineCaches: Sendable {
    public let fastSteps: FastStepStore
    /// Whether a `fast` engine made with these caches runs `PopulationCheck`
    /// (a cheap bound, else the exact mean walked through every stop) before
    /// its first leap. A cohort turns it off: the walk costs one matrix
    /// exponential per epoch and step length of each woman (about a sixth of
    /// a cohort of the default biology), and a diverging woman still stops
    /// at the engine's cell limit while she runs, named with her index.
    public let checksPopulation: Bool

    public init(fastSteps: FastStepStore = FastStepStore(), checksPopulation: Bool = true) {
        self.fastSteps = fastSteps
        self.checksPopulation = checksPopulation
    }
}
