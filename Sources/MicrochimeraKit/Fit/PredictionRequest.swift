/// One requested prediction: assay `assay` of the compiled scenario (an
/// index into `CompiledScenario.assays`, as `StudyPredictor.assays` lists
/// them) at `time` days from the scenario's day 0. `detection: false` asks
/// for the level only: the moments method then skips the generating function
/// of that assay, and `AssayPrediction.pPositive` is NaN.
public struct PredictionRequest: Sendable, Hashable {
    public let assay: Int
    public let time: Double
    /// Whether P(positive) is wanted (else only the expected level).
    public let detection: Bool

    public init(assay: Int, time: Double, detection: Bool = true) {
        self.assay = assay
        self.time = time
        self.detection = detection
    }
}
