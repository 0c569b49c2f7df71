/// One requested prediction: assay `assay` of the compiled scenario (an
/// index into `CompiledScenario.assays`, as `StudyPredictor.assays` lists
/// them) at `time` days from the scenario's day 0.
public struct PredictionRequest: Sendable, Hashable {
    public let assay: Int
    public let time: Double

    public init(assay: Int, time: Double) {
        self.assay = assay
        self.time = time
    }
}
