import BiologyModel
import Engines
import Foundation
import RandomStreams
import RateModel
import StochasticEngines

extension StudyPredictor {
    /// Per-replicate values of a conditional estimate: `pPositive[q][r]` and
    /// `meanLevel[q][r]` for request q and replicate r (NaN where the request
    /// does not ask for it). Their means are the predictions; their sample
    /// standard deviations over √R the Monte Carlo standard errors.
    struct ConditionalSamples {
        var pPositive: [[Double]]
        var meanLevel: [[Double]]
        /// The conditioning time s, in days.
        var start: Double

        /// The replicates' mean of each request's values, summed in replicate order.
        var predictions: [AssayPrediction] {
            pPositive.indices.map { q in
                AssayPrediction(pPositive: Self.mean(pPositive[q]), meanLevel: Self.mean(meanLevel[q]))
            }
        }

        static func mean(_ values: [Double]) -> Double {
            values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
        }
    }

    /// Whether the conditional estimate covers `requests`: every assay they
    /// name has a limit of detection of 1, or sees no niche's clone (a limit
    /// above 1 with a clone needs the thinned count jointly with the niches'
    /// occupancy, which no moments pass gives; those take the plain estimate).
    static func conditionable(_ requests: [PredictionRequest], assays: [CompiledAssay]) -> Bool {
        requests.allSatisfy { assays[$0.assay].assay.limitOfDetection <= 1 || !assays[$0.assay].seesClone }
    }

    /// The conditioning time of `model` for requests from `first` on: the end
    /// of its last inflow or its last bolus, or `first` when that is earlier
    /// (0 when no cell ever arrives). Everything after it is integrated exactly.
    static func conditioningTime(_ model: NetworkModel, first: Double) -> Double {
        var end = 0.0
        for u in model.inflows where u.rate > 0 { end = max(end, u.window.end) }
        for b in model.boluses where b.cells > 0 { end = max(end, b.time) }
        return min(end, first)
    }

    /// `model` on [0, s] only: its output the single time s, every window cut
    /// at s, the boluses before s (a bolus at s belongs to the continuation).
    static func truncated(_ model: NetworkModel, at s: Double) -> NetworkModel {
        func cut(_ w: TimeWindow) -> TimeWindow? { w.start < s ? TimeWindow(start: w.start, end: min(w.end, s)) : nil }
        var m = model
        m.horizon = s
        m.outputTimes = [s]
        m.flows = model.flows.compactMap { f in cut(f.window).map { Flow(from: f.from, to: f.to, rate: f.rate, window: $0) } }
        m.divisions = model.divisions.compactMap { d in cut(d.window).map { Division(compartment: d.compartment, rate: d.rate, window: $0) } }
        m.inflows = model.inflows.compactMap { u in cut(u.window).map { Inflow(compartment: u.compartment, rate: u.rate, window: $0) } }
        m.boluses = model.boluses.filter { $0.time < s }
        return m
    }

    /// Conditional Monte Carlo: `replicates` trajectories of `choice`'s
    /// engine up to the conditioning time s only (`conditioningTime`: the end
    /// of the transfers), replicate r on `streams(r)`, and from each
    /// replicate's state X(s) the exact conditional P(positive) and level at
    /// every requested time (`BranchingContinuation`):
    ///
    ///     P(nothing seen at T | X(s)) = Σ_terms w · Π_i q_i(T)^{X_i(s)} · I(T),
    ///
    /// with the terms of `CloneDetection` (an assay that sees a niche's clone
    /// mixes targets with niches forced empty; shared niches couple origins),
    /// and for a limit L > 1 the law of the thinned count below L as the
    /// truncated product of the one-cell laws' powers. By the tower property
    /// the replicates' mean is unbiased for the same quantity as the plain
    /// Rao-Blackwell estimate, its variance never larger (the sampling after s
    /// is integrated out); replicate r's stream does not depend on the
    /// parameters (common random numbers) and the conditional value is smooth
    /// in them given X(s). Nothing is simulated after s, no histogram or
    /// series is kept.
    ///
    /// Complexity: `replicates` trajectories over [0, s] on `threads` workers,
    /// the continuation's moments evaluations (one per compartment holding
    /// cells at s), and O(R·T·(cells·targets + cells·L·L·log max X)) to combine.
    func conditionalSamples(_ requests: [PredictionRequest], model: NetworkModel, assays: [CompiledAssay],
                            choice: EngineChoice, streams: @escaping @Sendable (Int) -> StreamID) throws(RunError) -> ConditionalSamples {
        guard replicates >= 1 else {
            throw .usage("method \(choice.kind) needs at least 1 replicate per prediction, got \(replicates)")
        }
        var model = model
        model.outputTimes = Array(Set(requests.map(\.time))).sorted()
        let s = Self.conditioningTime(model, first: model.outputTimes.first ?? 0)
        let states: [[Int]]
        if s > 0 {
            let head = Self.truncated(model, at: s)
            let layout = SeriesLayout(entries: [AssayEvaluation.series(assays[requests[0].assay])])
            let ensemble = EnsembleSettings(replicates: replicates, threads: threads, seed: seed, streams: streams,
                                            keepTrajectories: true, presence: false)
            do {
                guard let kept = try choice.run(model: head, layout: layout, ensemble: ensemble).trajectories else {
                    preconditionFailure("a trajectory engine keeps its replicates' counts when asked")
                }
                states = kept.map { $0[0] }
            } catch {
                throw .engine(error)
            }
        } else {
            // Nothing arrives before the first request: the state at 0 is the initial one in every replicate.
            states = [model.compartments.map(\.initial)]
        }
        let output = Dictionary(uniqueKeysWithValues: model.outputTimes.enumerated().map { ($1, $0) })
        let used = Set(requests.map(\.assay)).sorted()
        let simple = used.filter { assays[$0].assay.limitOfDetection <= 1 }
        let column = Dictionary(uniqueKeysWithValues: simple.enumerated().map { ($1, $0) })
        let detection = CloneDetection(simple.map { assays[$0] })
        let deep = used.filter { assays[$0].assay.limitOfDetection > 1 }
        let thinnedColumn = Dictionary(uniqueKeysWithValues: deep.enumerated().map { ($1, $0) })
        let thinned = deep.map { ThinnedCountTarget(compartments: assays[$0].compartments, fraction: assays[$0].sampledFraction,
                                                    maxCount: assays[$0].assay.limitOfDetection) }
        let meanColumn = Dictionary(uniqueKeysWithValues: used.enumerated().map { ($1, $0) })
        let occupied = model.compartments.indices.filter { i in states.contains { $0[i] > 0 } }
        let continuation: BranchingContinuation
        do {
            continuation = try BranchingContinuation(model: model, start: s, occupied: occupied, targets: detection.targets,
                                                     meanSets: used.map { assays[$0].compartments }, thinned: thinned, threads: threads)
        } catch {
            throw .engine(error)
        }
        let cells = continuation.cells
        var p = requests.map { _ in [Double](repeating: .nan, count: states.count) }
        var level = p
        for (r, x) in states.enumerated() {
            let present = cells.indices.filter { x[cells[$0]] > 0 }
            for (q, request) in requests.enumerated() {
                let k = output[request.time]!
                let assay = assays[request.assay]
                var clone = 0.0
                if let c = column[request.assay] {
                    var logG = continuation.logImmigrants[k]
                    for j in present {
                        let count = Double(x[cells[j]])
                        for t in logG.indices { logG[t] += count * continuation.logCell[j][k][t] }
                    }
                    if request.detection { p[q][r] = -expm1(detection.logMiss(c, logG: logG)) }
                    clone = detection.meanCloneSeen(c, logG: logG)
                } else if request.detection, let c = thinnedColumn[request.assay] {
                    var law = continuation.lawImmigrants[k][c]
                    for j in present { law = Self.product(law, Self.power(continuation.lawCell[j][k][c], x[cells[j]])) }
                    p[q][r] = max(0, 1 - law.reduce(0, +))
                }
                if request.level {
                    let m = meanColumn[request.assay]!
                    let mean = present.reduce(continuation.meanImmigrants[k][m]) { $0 + Double(x[cells[$1]]) * continuation.meanCell[$1][k][m] }
                    level[q][r] = assay.level(meanCount: mean, meanCloneSeen: clone)
                }
            }
        }
        return ConditionalSamples(pPositive: p, meanLevel: level, start: s)
    }

    /// The product of two truncated series (coefficients 0 ..< count, the shorter length). O(count²).
    static func product(_ a: [Double], _ b: [Double]) -> [Double] {
        let count = min(a.count, b.count)
        return (0..<count).map { m in (0...m).reduce(0) { $0 + a[$1] * b[m - $1] } }
    }

    /// `a^n` as a truncated series, by repeated squaring. O(count²·log n).
    static func power(_ a: [Double], _ n: Int) -> [Double] {
        var result = [1] + [Double](repeating: 0, count: max(a.count - 1, 0))
        var base = a
        var n = n
        while n > 0 {
            if n & 1 == 1 { result = product(result, base) }
            n >>= 1
            if n > 0 { base = product(base, base) }
        }
        return result
    }
}
