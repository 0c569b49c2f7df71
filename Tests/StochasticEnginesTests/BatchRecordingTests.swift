import RandomStreams
import RateModel
@testable import StochasticEngines
import Testing

/// `EnsembleAccumulator.recordReplicates` (a cohort's batches of women)
/// gives exactly the accumulator that recording the same replicates output
/// by output gives: equal histograms, so equal statistics and bytes, and
/// equal loss tallies. Checked on 37 replicates of 3 series over 5 outputs
/// whose values mix zeros (series lost, never present, censored), small
/// counts and counts large enough to be buffered (512 and more).
@Suite("Ensemble accumulator: batches of replicates")
struct BatchRecordingTests {
    @Test("a batch equals the same replicates recorded one by one")
    func batchEqualsSequential() {
        let layout = SeriesLayout(entries: (0..<3).map { SeriesLayout.Entry(label: SeriesLabel(compartment: .named("c\($0)")), compartments: [$0]) })
        let outputs = 5, replicates = 37
        var rng = Philox4x64(stream: StreamID(seed: 5, point: 0, replicate: 0))
        var values: [Int] = []
        for r in 0..<replicates {
            for t in 0..<outputs {
                for s in 0..<3 {
                    let u = Sampler.uniform(using: &rng)
                    // Series 0 is lost after a random output; 1 never present in some replicates; 2 large.
                    let v = s == 0 ? (t <= r % outputs ? Int(u * 40) : 0) : s == 1 ? (r % 3 == 0 ? 0 : Int(u * 700)) : Int(u * 90_000)
                    values.append(v)
                }
            }
        }
        var sequential = EnsembleAccumulator(layout: layout, outputCount: outputs)
        for r in 0..<replicates {
            for t in 0..<outputs {
                let start = (r * outputs + t) * 3
                sequential.record(output: t, counts: Array(values[start..<(start + 3)]))
            }
        }
        var batched = EnsembleAccumulator(layout: layout, outputCount: outputs)
        batched.recordReplicates(Array(values[0..<(20 * outputs * 3)]), count: 20)
        batched.recordReplicates(Array(values[(20 * outputs * 3)...]), count: replicates - 20)
        #expect(batched == sequential)
        #expect(batched.replicates == replicates)
        for s in 0..<3 { #expect(batched.lossCounts(series: s) == sequential.lossCounts(series: s)) }
        // The series-0 losses are spread over the outputs: the comparison is not vacuous.
        #expect(Set(sequential.lossCounts(series: 0)).count > 2)
    }
}
