import Foundation
@testable import MicrochimeraKit
import ScenarioFormat
import Testing

/// The 95% interval of an observation given a prediction, and the agreement
/// flags of validation.csv, against values worked out by hand.
@Suite("Observation check")
struct ObservationCheckTests {
    static func observation(_ kind: Observation.Kind) -> FitObservation {
        FitObservation(observation: Observation(kind: kind, assay: "a", time: .absolute(days: 1), source: "", line: 2, assayColumn: 2, timeColumn: 3),
                       request: PredictionRequest(assay: 0, time: 1))
    }

    @Test("binomial quantiles: Binomial(10, 0.5) gives 2 and 8, Binomial(20, 0.1) gives 0 and 5 (CDFs from the exact pmf), 0 and 1 are degenerate")
    func binomialQuantiles() {
        // Binomial(10, 1/2): CDF(1) = 11/1024 < 0.025 ≤ CDF(2) = 56/1024; CDF(7) = 968/1024 < 0.975 ≤ CDF(8) = 1013/1024.
        #expect(ObservationCheck.binomialQuantiles(n: 10, p: 0.5) == (2, 8))
        // Binomial(20, 0.1): CDF(0) = 0.1216; CDF(4) = 0.9568 < 0.975 ≤ CDF(5) = 0.9887.
        #expect(ObservationCheck.binomialQuantiles(n: 20, p: 0.1) == (0, 5))
        #expect(ObservationCheck.binomialQuantiles(n: 7, p: 0) == (0, 0))
        #expect(ObservationCheck.binomialQuantiles(n: 7, p: 1) == (7, 7))
    }

    @Test("detections: the interval is the quantiles over n; 2 of 10 against p = 0.5 is inside the interval but not within 2×")
    func detected() {
        let check = ObservationCheck(Self.observation(.detected(n: 10, positive: 2)), prediction: AssayPrediction(pPositive: 0.5, meanLevel: 1))
        #expect(check.predicted == 0.5 && check.low == 0.2 && check.high == 0.8)
        #expect(check.inside95 && !check.withinTwofold)
    }

    @Test("levels: mean ± 1.96·se (floored at 0) and the geometric ×/÷ exp(1.96·se)")
    func levels() {
        let z = 1.959963984540054
        let normal = ObservationCheck(Self.observation(.meanLevel(value: 3, se: 1)), prediction: AssayPrediction(pPositive: .nan, meanLevel: 2))
        #expect(normal.low == 2 - z && normal.high == 2 + z && normal.inside95 && normal.withinTwofold)
        let floored = ObservationCheck(Self.observation(.meanLevel(value: 0.1, se: 1)), prediction: AssayPrediction(pPositive: .nan, meanLevel: 0.5))
        #expect(floored.low == 0 && floored.inside95 && !floored.withinTwofold)
        let log = ObservationCheck(Self.observation(.logMeanLevel(value: 10, se: 0.25)), prediction: AssayPrediction(pPositive: .nan, meanLevel: 4))
        #expect(abs(log.high - 4 * exp(0.25 * z)) < 1e-12 && !log.inside95 && !log.withinTwofold)
    }

    @Test("within 2×: the ratio in [1/2, 2], both 0 met, one of them 0 not")
    func twofold() {
        #expect(ObservationCheck.withinTwofold(observed: 1, predicted: 0.5))
        #expect(ObservationCheck.withinTwofold(observed: 1, predicted: 2))
        #expect(!ObservationCheck.withinTwofold(observed: 1, predicted: 2.0000001))
        #expect(ObservationCheck.withinTwofold(observed: 0, predicted: 0))
        #expect(!ObservationCheck.withinTwofold(observed: 0, predicted: 1e-9))
    }
}
