/// One requested prediction: assay `assay` of the compiled scenario (an
/// index into `CompiledScenario.assays`, as `StudyPredictor.assays` lists
/// them) at `time` days from the scenario's day 0. `detection: false` asks
/// for the level only: the moments method then skips the generating function
/// of that assay, and `AssayPrediction.pPositive` is NaN. `level: false` asks
/// for P(positive) only: when no request of a family wants a level, the
/// moments method skips the mean pass, and `AssayPrediction.meanLevel` is NaN.
public struct PredictionRequest: Sendable, Hashable {
    public let assay: Int
    public let time: Double
    /// Whether P(positive) is wanted.
    public let detection: Bool
    /// Whether the expected level is wanted.
    public let level: Bool

    public init(assay: Int, time: Double, detection: Bool = true, level: Bool = true) {
        precondition(detection || level, "a prediction request asks for P(positive), the level or both")
        self.assay = assay
        self.time = time
        self.detection = detection
        self.level = level
    }
}
