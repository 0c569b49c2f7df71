/// What the engines of one run may share: the fast engine's leap matrices
/// (women of a cohort with the same kinetics share all but a few).
public struct EngineCaches: Sendable {
    public let fastSteps: FastStepStore

    public init(fastSteps: FastStepStore = FastStepStore()) {
        self.fastSteps = fastSteps
    }
}
