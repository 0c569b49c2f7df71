import Optimization

extension CalibrationPipeline {
    /// One model structure's problem and its best end.
    struct FittedStructure: Sendable {
        let name: String
        let problem: FitProblem
        var best: OptimizationResult
    }

    /// The suite's joint estimate and every alternative's, each structure
    /// started from the others' estimates as well as its own starts.
    ///
    /// 1. The suite: `estimate` on `count` starts.
    /// 2. Each alternative: `estimate` from the suite's estimate mapped by
    ///    parameter name (`mapped`) and `max(1, count / 8)` starts of its own.
    /// 3. Cross-polish: the suite polished (`warmSettings`: a local search to
    ///    1e-3 in log-likelihood) from every alternative's estimate and every
    ///    alternative from the suite's, each mapped by `crossStart`, keeping
    ///    whichever end is best; repeated while some
    ///    structure improves by more than `crossTolerance`, at most
    ///    `crossRounds` times. Nested structures share their maxima, so
    ///    without this a structure with one parameter fixed could end above
    ///    the one that frees it, only because its search found a better basin;
    ///    after it, the suite's maximum is at least any alternative's mapped
    ///    into it (where the mapping keeps the likelihood, as for nested ones),
    ///    and the other way round.
    ///
    /// The suite's cross-polished ends are appended to `ends` and `design`
    /// (their starts), so the reported starts say where the estimate came
    /// from. Cost: the estimates, plus at most `crossRounds`·2(s − 1)
    /// polishes for s structures, each at most 600 evaluations.
    /// Deterministic for any `threads`.
    static func fitStructures(_ problem: FitProblem, alternatives: [(name: String, problem: FitProblem)], count: Int, seed: UInt64,
                              threads: Int, counter: EvaluationCounter, log: (@Sendable (String) -> Void)?) throws(RunError)
        -> (structures: [FittedStructure], ends: [OptimizationResult], design: [[Double]]) {
        var (best, ends, design) = try estimate(problem, objective: counter.counting(problem.objective), count: count, seed: seed,
                                                threads: threads)
        var structures = [FittedStructure(name: problem.file.name, problem: problem, best: best)]
        for alternative in alternatives {
            let start = mapped(best.point, from: problem, to: alternative.problem)
            let (altBest, _, _) = try estimate(alternative.problem, objective: counter.counting(alternative.problem.objective),
                                               seeds: [start], count: max(1, count / 8), seed: seed, threads: threads)
            structures.append(FittedStructure(name: alternative.name, problem: alternative.problem, best: altBest))
            log?("  \(alternative.name): maximum log-likelihood \(Self.format(-altBest.value))")
        }
        var improved = structures.count > 1
        var round = 0
        while improved && round < crossRounds {
            round += 1
            improved = false
            let jobs = structures.indices.dropFirst().flatMap { [(to: 0, from: $0), (to: $0, from: 0)] }
            let snapshot = structures
            let polished = FitPipeline.parallelMap(count: jobs.count, threads: threads) { job in
                let (to, from) = jobs[job]
                let objective = counter.counting(snapshot[to].problem.objective)
                let start = crossStart(snapshot[from], into: snapshot[to], objective: objective)
                return (start, BoundedOptimizer.minimize(objective, start: start, box: snapshot[to].problem.box, settings: warmSettings))
            }
            for (job, (start, end)) in polished.enumerated() {
                let (to, from) = jobs[job]
                if to == 0 {
                    ends.append(end)
                    design.append(start)
                }
                guard end.value < structures[to].best.value - crossTolerance else { continue }
                log?("  \(structures[to].name): log-likelihood \(Self.format(-structures[to].best.value)) -> \(Self.format(-end.value)) "
                     + "from the estimate of \(structures[from].name)")
                structures[to].best = end
                improved = true
            }
        }
        return (structures, ends, design)
    }

    /// Where `target` starts from `source`'s estimate: each coordinate of a
    /// parameter both have takes `source`'s value; the others take, all
    /// together, whichever of `target`'s own estimate, its lower bounds, its
    /// upper bounds or its box's middle gives the lowest objective (4
    /// evaluations). A structure that fixes a parameter at a bound of the
    /// other's box (pulse growth 0) so maps to the same likelihood.
    static func crossStart(_ source: FittedStructure, into target: FittedStructure,
                           objective: @Sendable ([Double]) -> Double) -> [Double] {
        let box = target.problem.box
        let names = Set(source.problem.coordinates.map(\.parameter.name))
        let fills: [(Int) -> Double] = [{ target.best.point[$0] }, { box.lower[$0] }, { box.upper[$0] },
                                        { (box.lower[$0] + box.upper[$0]) / 2 }]
        let candidates = fills.map { box.clamp(mapped(source.best.point, from: source.problem, to: target.problem, fill: $0)) }
        guard target.problem.coordinates.contains(where: { !names.contains($0.parameter.name) }) else { return candidates[0] }
        let values = candidates.map(objective)
        let best = values.indices.min { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) } ?? 0
        return candidates[best]
    }

    /// A cross-polish that gains less than this in log-likelihood does not count as an improvement.
    static let crossTolerance = 1e-3
    /// The most rounds of cross-polishing.
    static let crossRounds = 2

    private static func format(_ x: Double) -> String { String(format: "%.3f", x) }
}
