import Foundation
import ScenarioFormat

/// One observation of a study, resolved against its scenario: which assay
/// (index into the compiled assays) at which time (days from day 0).
struct FitObservation: Sendable {
    let observation: Observation
    let request: PredictionRequest

    /// Whether a kind reports a level (`mean_level`, `log_mean_level`), not detections.
    static func isLevel(_ kind: Observation.Kind) -> Bool {
        if case .detected = kind { return false }
        return true
    }

    /// Whether this observation reports a level.
    var isLevel: Bool { Self.isLevel(observation.kind) }

    /// The kind as written in the data file.
    var kindName: String {
        switch observation.kind {
        case .detected: "detected"
        case .meanLevel: "mean_level"
        case .logMeanLevel: "log_mean_level"
        }
    }

    /// The observed value: the fraction positive, or the reported level.
    var observed: Double {
        switch observation.kind {
        case .detected(let n, let positive): Double(positive) / Double(n)
        case .meanLevel(let value, _), .logMeanLevel(let value, _): value
        }
    }

    /// How the prediction meets this observation.
    ///
    /// - `detected` (n samples, k positive): the binomial log-likelihood of k
    ///   with the model's P(positive) p; Pearson residual `(k − n·p)/√(n·p·(1−p))`.
    /// - `mean_level` (value v, standard error se): the normal log-density of v
    ///   around the expected level m; residual `(v − m)/se`.
    /// - `log_mean_level` (geometric mean g, se of ln): the normal log-density of
    ///   ln g around ln m (on the log scale); residual `(ln g − ln m)/se`.
    func fit(_ prediction: AssayPrediction) -> ObservationFit {
        switch observation.kind {
        case .detected(let n, let positive):
            let p = prediction.pPositive
            return ObservationFit(predicted: p, logLikelihood: ObservationLikelihood.binomial(n: n, positive: positive, p: p),
                                  pearson: ObservationLikelihood.pearson(n: n, positive: positive, p: p))
        case .meanLevel(let value, let se):
            let m = prediction.meanLevel
            return ObservationFit(predicted: m, logLikelihood: ObservationLikelihood.normal(observed: value, se: se, predicted: m),
                                  pearson: ObservationLikelihood.pearson(observed: value, se: se, predicted: m))
        case .logMeanLevel(let value, let se):
            let m = prediction.meanLevel
            return ObservationFit(predicted: m, logLikelihood: ObservationLikelihood.logNormal(observedGeometricMean: value, seLog: se, predicted: m),
                                  pearson: ObservationLikelihood.pearson(observedGeometricMean: value, seLog: se, predicted: m))
        }
    }
}

/// The fitted model at one observation.
struct ObservationFit: Sendable, Hashable {
    /// P(positive) or the expected level.
    let predicted: Double
    let logLikelihood: Double
    let pearson: Double
}
