import BiologyModel
import Engines
import RandomStreams
import StochasticEngines

extension StudyPredictor {
    /// The most women a cohort study may have: every evaluation predicts every
    /// woman, so its cost is the cohort's size times one family's (about 0.1 s
    /// with moments for a family like the default biology over 50 years, so a
    /// cohort of 1000 costs about 100 s per evaluation on one core).
    public static let cohortLimit = 1000

    /// The cohort's prediction: for each request, the mean over its women of
    /// her own prediction (exact with moments), which integrates the
    /// between-women variation the cohort draws.
    ///
    /// Woman k is drawn as `run` draws her (`CohortRunner.individual`, from
    /// `StreamID(seed, 0, k, substream 0)`), from the template with this
    /// evaluation's overrides: the same uniforms at every evaluation (common
    /// random numbers), so only the parameters move her. Her family is compiled
    /// and predicted at the request times; a stochastic method runs her
    /// replicate r on `CohortRunner.trajectoryStream(k, r)`. The women run in
    /// parallel chunks and are summed in index order, so the result is the same
    /// for any `threads`.
    ///
    /// Complexity: `spec.size` compilations and family predictions per call.
    func cohortPredictions(_ requests: [PredictionRequest], template: CompiledScenario,
                           spec: CohortSpec) throws(RunError) -> [AssayPrediction] {
        guard spec.size <= Self.cohortLimit else {
            throw .usage("\(self.template.file)'s cohort has \(spec.size) women, but a fit predicts every woman at every evaluation "
                         + "and allows at most \(Self.cohortLimit): set a smaller cohort.size (e.g. --set cohort.size=100)")
        }
        let runner = CohortRunner(template: template, spec: spec, seed: seed, threads: threads)
        let names = template.assays.map(\.assay.name)
        let (_, chunks) = ParallelChunks.run(count: spec.size, chunkSize: CohortRunner.chunkSize, threads: threads,
                                             local: { () }) { (_: inout Void, range: Range<Int>) -> Result<[[AssayPrediction]], RunError> in
            var women: [[AssayPrediction]] = []
            for k in range {
                do throws(RunError) {
                    let compiled = try runner.compile(runner.individual(k))
                    guard compiled.assays.map(\.assay.name) == names else {
                        throw .cohort("cohort woman \(k)'s assays (\(compiled.assays.map(\.assay.name))) differ from the template's (\(names))")
                    }
                    women.append(try familyPredictions(requests, model: compiled.network, assays: compiled.assays) { r in
                        runner.trajectoryStream(k, replicate: r)
                    })
                } catch {
                    return .failure(error)
                }
            }
            return .success(women)
        }
        var pSum = [Double](repeating: 0, count: requests.count)
        var levelSum = pSum
        for chunk in chunks {
            switch chunk {
            case .success(let women):
                for woman in women {
                    for (i, prediction) in woman.enumerated() {
                        pSum[i] += prediction.pPositive
                        levelSum[i] += prediction.meanLevel
                    }
                }
            case .failure(let error):
                throw error
            }
        }
        let size = Double(max(spec.size, 1))
        return requests.indices.map { AssayPrediction(pPositive: pSum[$0] / size, meanLevel: levelSum[$0] / size) }
    }
}
