import Foundation
import MicrochimeraKit
import Testing

/// The likelihood pieces against values computed by hand.
@Suite("Observation likelihood")
struct ObservationLikelihoodTests {
    @Test("binomial: 3 of 10 at p = 0.2 is 120·0.2³·0.8⁷ = 0.201326592; zero counts drop their term; 0 and 1 stay finite")
    func binomial() {
        #expect(abs(exp(ObservationLikelihood.binomial(n: 10, positive: 3, p: 0.2)) - 0.201326592) < 1e-12)
        #expect(abs(ObservationLikelihood.binomial(n: 48, positive: 16, p: 1.0 / 3) - log(0.121_410_733_235_301)) < 1e-12,
                "P(16 of 48 | 1/3) = C(48,16)·2³²/3⁴⁸ = 0.121410733235301 (exact rational arithmetic)")
        #expect(ObservationLikelihood.binomial(n: 4, positive: 0, p: 0) == 0)
        #expect(ObservationLikelihood.binomial(n: 4, positive: 4, p: 1) == 0)
        let contradicted = ObservationLikelihood.binomial(n: 3, positive: 1, p: 0)
        #expect(contradicted.isFinite && abs(contradicted - (log(3) + log(1e-300))) < 1e-9)
        #expect(ObservationLikelihood.binomial(n: 3, positive: 2, p: 1).isFinite)
        #expect(abs(ObservationLikelihood.binomial(n: 1, positive: 0, p: 1e-20) - -1e-20) < 1e-35, "log1p keeps tiny p exact")
    }

    @Test("normal and log-normal densities")
    func densities() {
        // −½·ln(2π) = −0.91893853320467274; z = 1 and z = 2.
        #expect(abs(ObservationLikelihood.normal(observed: 3, se: 2, predicted: 1) - (-0.918_938_533_204_672_7 - log(2) - 0.5)) < 1e-14)
        #expect(abs(ObservationLikelihood.logNormal(observedGeometricMean: exp(2), seLog: 0.5, predicted: exp(1))
            - (-0.918_938_533_204_672_7 + log(2) - 2)) < 1e-14)
        #expect(ObservationLikelihood.logNormal(observedGeometricMean: 1, seLog: 1, predicted: 0).isFinite)
    }

    @Test("Pearson residuals per kind")
    func pearson() {
        #expect(abs(ObservationLikelihood.pearson(n: 10, positive: 3, p: 0.2) - 1 / 1.6.squareRoot()) < 1e-15)
        #expect(ObservationLikelihood.pearson(n: 10, positive: 0, p: 0) == 0)
        #expect(ObservationLikelihood.pearson(n: 10, positive: 1, p: 0).isFinite)
        #expect(ObservationLikelihood.pearson(observed: 5, se: 2, predicted: 1) == 2)
        #expect(abs(ObservationLikelihood.pearson(observedGeometricMean: exp(1.5), seLog: 0.25, predicted: exp(1)) - 2) < 1e-14)
    }
}
