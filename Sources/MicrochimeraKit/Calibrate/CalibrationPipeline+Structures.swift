import Optimization
import RandomStreams

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
    /// 1. The suite: `estimate` on the shipped estimate (`shippedStart`, when
    ///    it names every parameter) and `count` Latin-hypercube starts.
    /// 2. Each alternative: `extend`ed from the suite's estimate (a grid over
    ///    its own parameters, and its shipped estimate; the best `polished`
    ///    points polished).
    /// 3. Cross-polish: the suite polished (`warmSettings`: a local search to
    ///    1e-3 in log-likelihood) from every alternative's estimate and every
    ///    alternative from the suite's, each mapped by `crossStart`, keeping
    ///    whichever end is best (a start more than `crossGap` below the
    ///    target's estimate is not polished); repeated while some
    ///    structure improves by more than `crossTolerance`, at most
    ///    `crossRounds` times. Nested structures share their maxima, so
    ///    without this a structure with one parameter fixed could end above
    ///    the one that frees it, only because its search found a better basin;
    ///    after it, the suite's maximum is at least any alternative's mapped
    ///    into it (where the mapping keeps the likelihood, as for nested ones),
    ///    and the other way round as far as the last round goes (the next
    ///    calibration starts every structure from the shipped estimates,
    ///    which carries any later gain over).
    ///
    /// The suite's cross-polished ends are appended to `ends` and `design`
    /// (their starts), so the reported starts say where the estimate came
    /// from. Cost: the suite's estimate, each alternative's grid (at most 125
    /// or 243 points, or 64) and `polished` polishes, plus at most `crossRounds`·2(s − 1)
    /// polishes for s structures, each at most 600 evaluations.
    /// Deterministic for any `threads`.
    static func fitStructures(_ problem: FitProblem, alternatives: [(name: String, problem: FitProblem)], count: Int, seed: UInt64,
                              threads: Int, counter: EvaluationCounter, log: (@Sendable (String) -> Void)?) throws(RunError)
        -> (structures: [FittedStructure], ends: [OptimizationResult], design: [[Double]]) {
        var (best, ends, design) = try estimate(problem, objective: counter.counting(problem.objective),
                                                seeds: shippedStart(problem).map { [$0] } ?? [], count: count, seed: seed,
                                                threads: threads, log: log)
        var structures = [FittedStructure(name: problem.file.name, problem: problem, best: best)]
        let clock = ContinuousClock()
        for alternative in alternatives {
            let (began, evaluations) = (clock.now, counter.value)
            let fitted = try extend(structures[0], into: alternative, seed: seed, threads: threads, counter: counter)
            structures.append(fitted)
            log?("  \(alternative.name): maximum log-likelihood \(Self.format(-fitted.best.value)) (\(counter.value - evaluations) evaluations, "
                 + "\(Self.format(FitPipeline.seconds(clock.now - began))) s)")
        }
        var improved = structures.count > 1
        var round = 0
        while improved && round < crossRounds {
            round += 1
            improved = false
            let jobs = structures.indices.dropFirst().flatMap { [(to: 0, from: $0), (to: $0, from: 0)] }
            let snapshot = structures
            let polished = FitPipeline.parallelMap(count: jobs.count, threads: threads) { job -> (start: [Double], end: OptimizationResult)? in
                let (to, from) = jobs[job]
                let objective = counter.counting(snapshot[to].problem.objective)
                let (start, value) = crossStart(snapshot[from], into: snapshot[to], objective: objective)
                guard value <= snapshot[to].best.value + crossGap else { return nil }
                return (start, BoundedOptimizer.minimize(objective, start: start, box: snapshot[to].problem.box, settings: warmSettings))
            }
            for (job, outcome) in polished.enumerated() {
                guard let (start, end) = outcome else { continue }
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

    /// An alternative structure's estimate, searched from `source`'s (the
    /// suite's) rather than from scratch: every start (`extensionStarts`,
    /// then the structure's shipped estimate, `shippedStart`) is evaluated
    /// once, in parallel, and the `polished` best (lowest value, then lowest
    /// index) are polished with `warmSettings`; the best end.
    ///
    /// The alternatives differ from the suite in a few parameters, and the
    /// suite's multistart estimate has already searched the others, so a
    /// global search of each alternative would mostly repeat it; what the
    /// cross-polish that follows cannot repair is a basin of the
    /// alternative's own parameters that no start reached. Deterministic for
    /// any `threads`.
    static func extend(_ source: FittedStructure, into alternative: (name: String, problem: FitProblem), seed: UInt64, threads: Int,
                       counter: EvaluationCounter) throws(RunError) -> FittedStructure {
        let problem = alternative.problem
        let objective = counter.counting(problem.objective)
        let shipped = shippedStart(problem, structure: alternative.name).map { [$0] } ?? []
        let starts = extensionStarts(from: source, into: problem, seed: seed) + shipped
        let values = FitPipeline.parallelMap(count: starts.count, threads: threads) { objective(starts[$0]) }
        let order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        let chosen = Array(order.prefix(polished))
        let ends = FitPipeline.parallelMap(count: chosen.count, threads: threads) {
            BoundedOptimizer.minimize(objective, start: starts[chosen[$0]], box: problem.box, settings: warmSettings)
        }
        return FittedStructure(name: alternative.name, problem: problem, best: try FitPipeline.best(of: ends))
    }

    /// The starts of `extend`: `source`'s estimate for every parameter
    /// `target` shares with it (`mapped`), and for the m parameters only
    /// `target` has, an equal grid over their box: 5 levels each (bounds,
    /// quarters, middle) when m ≤ 3, 3 levels (bounds, middle) when m ≤ 5,
    /// otherwise a Latin hypercube of 64 points (stream `(seed, point 0,
    /// replicate 0, substream 2)`). With m = 0, the mapped estimate alone.
    /// A parameter fixed at a bound of the other structure's box (a niche's
    /// seeding at its lower bound) is on the grid, so a nested structure
    /// starts where its likelihood equals the suite's.
    static func extensionStarts(from source: FittedStructure, into target: FitProblem, seed: UInt64) -> [[Double]] {
        let box = target.box
        let shared = Set(source.problem.coordinates.map(\.parameter.name))
        let own = target.coordinates.indices.filter { !shared.contains(target.coordinates[$0].parameter.name) }
        let base = box.clamp(mapped(source.best.point, from: source.problem, to: target))
        guard !own.isEmpty else { return [base] }
        let fractions: [[Double]]
        if own.count <= 5 {
            let levels = own.count <= 3 ? 5 : 3
            let steps = (0..<levels).map { Double($0) / Double(levels - 1) }
            fractions = own.indices.reduce([[]]) { grid, _ in grid.flatMap { prefix in steps.map { prefix + [$0] } } }
        } else {
            let unit = Box(lower: [Double](repeating: 0, count: own.count), upper: [Double](repeating: 1, count: own.count))
            fractions = LatinHypercube.points(count: 64, in: unit, stream: StreamID(seed: seed, point: 0, replicate: 0, substream: 2))
        }
        return fractions.map { f in
            var x = base
            for (k, j) in own.enumerated() { x[j] = box.lower[j] + f[k] * box.width(j) }
            return x
        }
    }

    /// Where `target` starts from `source`'s estimate, and the objective
    /// there: each coordinate of a
    /// parameter both have takes `source`'s value; the others take, all
    /// together, whichever of `target`'s own estimate, its lower bounds, its
    /// upper bounds or its box's middle gives the lowest objective (4
    /// evaluations; 1 when `target` has no parameter of its own). A structure that fixes a parameter at a bound of the
    /// other's box (pulse growth 0) so maps to the same likelihood.
    static func crossStart(_ source: FittedStructure, into target: FittedStructure,
                           objective: @Sendable ([Double]) -> Double) -> (start: [Double], value: Double) {
        let box = target.problem.box
        let names = Set(source.problem.coordinates.map(\.parameter.name))
        let fills: [(Int) -> Double] = [{ target.best.point[$0] }, { box.lower[$0] }, { box.upper[$0] },
                                        { (box.lower[$0] + box.upper[$0]) / 2 }]
        let candidates = fills.map { box.clamp(mapped(source.best.point, from: source.problem, to: target.problem, fill: $0)) }
        guard target.problem.coordinates.contains(where: { !names.contains($0.parameter.name) }) else {
            return (candidates[0], objective(candidates[0]))
        }
        let values = candidates.map(objective)
        let best = values.indices.min { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) } ?? 0
        return (candidates[best], values[best])
    }

    /// A cross-polish that gains less than this in log-likelihood does not count as an improvement.
    static let crossTolerance = 1e-3
    /// A cross-polish whose start is worse than the target's estimate by more
    /// than this in log-likelihood is not run: a local search from there does
    /// not climb past the estimate (on 2026-12-07 the suite polished from the
    /// no-niche and full-acceptance estimates, 338 and 130 below it, ended
    /// below it), and each costs up to 600 evaluations. Ten is five times the
    /// 95% profile threshold.
    static let crossGap = 10.0
    /// The most rounds of cross-polishing: the second polishes every
    /// structure from the estimates the first improved (about 1,700
    /// evaluations on the suite of 2026-12-07, under a minute since the
    /// evaluations got 3-4 times cheaper; that day it improved none by more
    /// than `crossTolerance`).
    static let crossRounds = 2

    private static func format(_ x: Double) -> String { String(format: "%.3f", x) }
}
