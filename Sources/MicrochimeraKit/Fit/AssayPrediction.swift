// Fit/: `microchimera fit`, calibration against published data. `StudyPredictor`
// predicts a study's assays (P(positive), the expected level) at the observation
// times for given parameter values, exactly with the moments engine and with common
// random numbers otherwise; `ObservationLikelihood` turns predictions and
// observations into log-likelihoods, residuals and intervals.

/// What the model predicts for one observation: the probability that the
/// assay is positive and its expected level.
public struct AssayPrediction: Sendable, Hashable {
    /// P(assay positive) = P(K ≥ limit of detection) for the sampled count K.
    public let pPositive: Double
    /// The expected level `E[K]` over the sample's size, in the assay's unit
    /// (`CompiledAssay.levelUnit`, the `level_unit` of assay.csv): for qPCR
    /// and FISH `f·E[N]/cells analysed·10⁵` per 10⁵ host cells analysed.
    /// NaN when the moments method was asked for P(positive) only
    /// (`PredictionRequest.level` false).
    public let meanLevel: Double

    public init(pPositive: Double, meanLevel: Double) {
        self.pPositive = pPositive
        self.meanLevel = meanLevel
    }
}
