import BiologyModel
import Engines
import Foundation
import MicrochimeraKit
import Testing

/// The thinned-count probabilities on the assays of the scenario library
/// (`scenarios/*.yaml`), at each assay's own times.
///
/// Thresholds: `P(K = 0)` equals `exp(logGeneratingFunction)` at `s = 1 − f`
/// to 1e-11 relative in its logarithm (`|Δ ln P| ≤ 1e-11·max(1, |ln P|)`: two
/// routes to a ln P of −85, a pregnancy's millions of cells, each round about
/// a hundred terms of that size, and through different stepping of the same
/// backward equation; measured up to 2.8e-12 at a ln P of −1.15 with the
/// calibration of 2026-12-07, where a wrong thinning or compartment moves
/// ln P by 1e-6 or more); `P(K = 1) = f·G_S'(1 − f)` agrees with a central
/// difference of `G_K(z) = G_S(1 − f + f·z)` at z = ±h, h = 1e-3, to 1e-5
/// absolute (truncation O(h²·G''') plus the generating function's 1e-9 error
/// over h); every probability lies in [0, 1] and their sum is at most 1 + 1e-9.
@Suite("Thinned-count probabilities on the library scenarios' assays")
struct LibraryThinnedCountTests {
    static let files = ["single-pregnancy", "heart-injury", "maternal-in-child", "termination-surgical-vs-medical", "three-generations",
                        "transfusion", "twins", "two-pregnancies-miscarriage"]

    @Test("P(K = 0) is the generating function, P(K = 1) its derivative", arguments: files)
    func library(file: String) throws {
        let path = CLIHarness.packageRoot.appendingPathComponent("scenarios/\(file).yaml").path
        let compiled = try #require(try RunPipeline.load(path: path, overrides: []).compiled)
        #expect(!compiled.assays.isEmpty)
        for assay in compiled.assays {
            var model = compiled.network
            model.outputTimes = assay.assay.times.sorted()
            let engine = MomentsEngine(model: model)
            let f = assay.sampledFraction
            let probabilities = try engine.thinnedCountProbabilities(targets: [ThinnedCountTarget(compartments: assay.compartments, fraction: f, maxCount: 4)])
            let h = 1e-3
            let logG = try engine.logGeneratingFunction(targets: [-h, 0, h].map { GeneratingTarget(compartments: assay.compartments, argument: 1 - f + f * $0) })
            for (k, row) in probabilities.enumerated() {
                let law = row[0]
                let label = "\(file), \(assay.assay.name), day \(model.outputTimes[k])"
                let g0 = exp(logG[k][1])
                #expect(abs(log(law[0]) - logG[k][1]) <= 1e-11 * max(1, abs(logG[k][1])), "\(label): P(K = 0) = \(law[0]) vs \(g0)")
                let slope = (exp(logG[k][2]) - exp(logG[k][0])) / (2 * h)
                #expect(abs(law[1] - slope) <= 1e-5, "\(label): P(K = 1) = \(law[1]) vs \(slope)")
                #expect(law.allSatisfy { (0...1).contains($0) } && law.reduce(0, +) <= 1 + 1e-9, "\(label): \(law)")
            }
        }
    }
}
