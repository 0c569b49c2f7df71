import Engines
import Foundation
import RateModel
import StochasticEngines

/// The exact continuation of a linear network after a conditioning time s:
/// what every cell present at s, and every cell that arrives after s, adds
/// to the assays' generating functions, means and thinned-count laws at the
/// output times T ≥ s, from the moments engine.
///
/// **Maths.** The network is a multi-type branching process with
/// immigration: given the state x = X(s), the cells present at s and the
/// cells arriving after s evolve independently, so for a target (S, z)
///
///     E[z^{X_S(T)} · 1[X_E(T) = 0] | X(s) = x] = Π_i q_i(T)^{x_i} · I(T),
///
/// where q_i(T) is the same expectation for one cell put into i at s and
/// nothing else (a model with one cell as a bolus at s), and I(T) that of
/// the model with no cell at s and only the inflows and boluses from s on.
/// Likewise `E[X_C(T) | x] = Σ_i x_i·m_i(T) + m_I(T)`, and the law of the
/// thinned count K below L is the truncated product of the one-cell laws'
/// x_i-th powers with the immigrants' law. Each factor comes from
/// `MomentsEngine` (`logGeneratingFunction`, `partwiseMeanTrajectory`,
/// `thinnedCountProbabilities`): exact without division, within the engine's
/// `extinctionTolerance` with it; nothing is solved here.
///
/// **Cost.** One moments evaluation per compartment that holds cells at s in
/// some replicate and can reach a compartment the targets read (each on the
/// sub-network it can reach), plus one for the immigrants; they run on
/// `threads` workers, and the results do not depend on their number.
struct BranchingContinuation {
    /// The compartments with a one-cell factor, ascending.
    let cells: [Int]
    /// `ln q` per cell of `cells`, output and target: `logCell[c][k][t]`.
    let logCell: [[[Double]]]
    /// `ln I` per output and target.
    let logImmigrants: [[Double]]
    /// `m_i` summed over each `meanSets` entry, per cell of `cells`, output and set.
    let meanCell: [[[Double]]]
    /// `m_I` summed over each `meanSets` entry, per output and set.
    let meanImmigrants: [[Double]]
    /// `P(K = u)` for u below the target's `maxCount`, per cell of `cells`, output and thinned target.
    let lawCell: [[[[Double]]]]
    /// The immigrants' `P(K = u)` per output and thinned target.
    let lawImmigrants: [[[Double]]]

    /// The factors of `model` (its outputs the times T, all ≥ `start`) for the
    /// generating-function `targets`, the sums of means over `meanSets` and the
    /// thinned-count `thinned` targets, for the compartments `occupied` (those
    /// holding cells at `start` in some replicate).
    init(model: NetworkModel, start: Double, occupied: [Int], targets: [GeneratingTarget], meanSets: [[Int]],
         thinned: [ThinnedCountTarget], threads: Int) throws(EngineError) {
        let read = Set(targets.flatMap(\.touched) + meanSets.flatMap { $0 } + thinned.flatMap(\.compartments))
        let reach = Self.reach(model)
        cells = occupied.filter { !reach[$0].isDisjoint(with: read) }
        let jobs = [nil] + cells.map { Optional($0) }
        // One chunk of jobs per worker, sharing one store of collocation weights (the
        // one-cell sub-networks of a part mostly have the part's generator; sharing
        // changes no bit of any result).
        let workers = max(1, min(threads, jobs.count))
        let (_, chunks) = ParallelChunks.run(count: jobs.count, chunkSize: (jobs.count + workers - 1) / workers, threads: workers,
                                             local: { () }) { (_: inout Void, range: Range<Int>) -> [Result<Factors, EngineError>] in
            let store = CollocationStore()
            return range.map { j in
                do throws(EngineError) {
                    return .success(try Self.factors(model: model, start: start, cell: jobs[j], reach: jobs[j].map { reach[$0].sorted() },
                                                     targets: targets, meanSets: meanSets, thinned: thinned, store: store))
                } catch {
                    return .failure(error)
                }
            }
        }
        var solved: [Factors] = []
        for chunk in chunks.joined() {
            switch chunk {
            case .success(let factors): solved.append(factors)
            case .failure(let error): throw error
            }
        }
        logImmigrants = solved[0].logG
        meanImmigrants = solved[0].means
        lawImmigrants = solved[0].laws
        logCell = solved.dropFirst().map(\.logG)
        meanCell = solved.dropFirst().map(\.means)
        lawCell = solved.dropFirst().map(\.laws)
    }

    /// The values of one moments evaluation: per output, per target / set / thinned target.
    struct Factors: Sendable {
        var logG: [[Double]]
        var means: [[Double]]
        var laws: [[[Double]]]
    }

    /// For each compartment, the compartments a cell there can reach (itself
    /// included) by flows of positive rate: the sub-network its descendants
    /// live in. O(n·(n + flows)).
    static func reach(_ model: NetworkModel) -> [Set<Int>] {
        var next = [[Int]](repeating: [], count: model.count)
        for flow in model.flows where flow.rate > 0 {
            if case .compartment(let j) = flow.to { next[flow.from].append(j) }
        }
        return (0..<model.count).map { i in
            var seen: Set<Int> = [i]
            var stack = [i]
            while let j = stack.popLast() {
                for k in next[j] where seen.insert(k).inserted { stack.append(k) }
            }
            return seen
        }
    }

    /// The model of one cell put into `cell` at `start` (on the compartments
    /// `reach` it can reach, renumbered), or, for `cell == nil`, of the
    /// inflows and boluses from `start` on with nothing present at `start`;
    /// and its values. A model with no cell ever gives `ln G = 0`, mean 0 and
    /// `P(K = 0) = 1`.
    static func factors(model: NetworkModel, start: Double, cell: Int?, reach: [Int]?, targets: [GeneratingTarget],
                        meanSets: [[Int]], thinned: [ThinnedCountTarget], store: CollocationStore) throws(EngineError) -> Factors {
        var sub = model
        for c in sub.compartments.indices { sub.compartments[c].initial = 0 }
        var local = Array(0..<model.count)
        if let cell, let reach {
            sub.inflows = []
            sub.boluses = [Bolus(compartment: cell, cells: 1, time: start)]
            sub = sub.restricted(to: reach)
            local = [Int](repeating: -1, count: model.count)
            for (a, i) in reach.enumerated() { local[i] = a }
        } else {
            sub.inflows = model.inflows.compactMap { u in
                guard u.rate > 0 && u.window.end > start else { return nil }
                return Inflow(compartment: u.compartment, rate: u.rate, window: TimeWindow(start: max(u.window.start, start), end: u.window.end))
            }
            sub.boluses = model.boluses.filter { $0.cells > 0 && $0.time >= start }
        }
        let times = model.outputTimes.count
        if sub.inflows.isEmpty && sub.boluses.isEmpty {
            return Factors(logG: Array(repeating: Array(repeating: 0, count: targets.count), count: times),
                           means: Array(repeating: Array(repeating: 0, count: meanSets.count), count: times),
                           laws: Array(repeating: thinned.map { [1] + Array(repeating: 0, count: $0.maxCount - 1) }, count: times))
        }
        func inside(_ set: [Int]) -> [Int] { set.compactMap { local[$0] >= 0 ? local[$0] : nil } }
        let engine = MomentsEngine(model: sub)
        let mapped = targets.map { GeneratingTarget(compartments: inside($0.compartments), argument: $0.argument, empty: inside($0.empty)) }
        let logG = mapped.isEmpty ? Array(repeating: [], count: times) : try engine.logGeneratingFunction(targets: mapped, store: store)
        var means = Array(repeating: [Double](), count: times)
        if !meanSets.isEmpty {
            let m = try engine.partwiseMeanTrajectory()
            means = m.map { row in meanSets.map { set in inside(set).reduce(0) { $0 + row[$1] } } }
        }
        var laws = Array(repeating: [[Double]](), count: times)
        if !thinned.isEmpty {
            let seen = thinned.map { ThinnedCountTarget(compartments: inside($0.compartments), fraction: $0.fraction, maxCount: $0.maxCount) }
            let solvable = seen.indices.filter { !seen[$0].compartments.isEmpty }
            let solved = solvable.isEmpty ? Array(repeating: [], count: times) : try engine.thinnedCountProbabilities(targets: solvable.map { seen[$0] }, store: store)
            laws = (0..<times).map { k in
                var row = thinned.map { [1] + Array(repeating: 0.0, count: $0.maxCount - 1) }
                for (column, t) in solvable.enumerated() { row[t] = solved[k][column] }
                return row
            }
        }
        return Factors(logG: logG, means: means, laws: laws)
    }
}
