import Engines
import Foundation
import LinearAlgebra
import RandomStreams
import RateModel

/// Ensemble simulation by matrix steps ("multinomial leap").
///
/// Between two stops all rates are constant. Cells move and die independently,
/// so over a leap of length h the cells that were in compartment i split
/// multinomially over their destinations with the probabilities of column i of
/// `P = e^{Q h}` (Q the per-cell generator, `out` absorbing), and the inflow
/// cells present at the end of the leap in compartment j are Poisson with mean
/// `g_j = (∫₀ʰ e^{Q s} ds · u)_j` (Poisson colouring). **Without division this
/// leap is exact at any step size**, and the engine takes one leap per
/// interval between stops.
///
/// With division the generator splits into births B and everything else L,
/// and each leap applies the exact flows in the symmetric (Strang) order
/// `e^{B h/2} e^{L h} e^{B h/2}`: over half a leap every cell of i becomes a
/// geometric number of cells (the Yule process), so `X_i` cells become
/// `X_i + NegBin(X_i, e^{−b_i h/2})`, drawn exactly as a Poisson–gamma
/// mixture. Symmetric splitting of exact flows is second-order: the error of
/// the whole law (mean, variance, extinction) is O(h²) over a fixed horizon.
/// Leaps over dividing compartments are shortened so that
/// `max_i b_i · h ≤ divisionStepBound` (default 0.02); the resulting bias is
/// measured against the exact engine and the exact moments in the tests.
///
/// **Small populations are crossed exactly.** Before each interval the engine
/// compares the expected work of crossing it cell by cell (`CellFateStep`,
/// the exact engine's step; `CellwiseCost`) with the draws of its leaps, and
/// takes the cheaper. Leaps pay per compartment and route whatever the
/// counts; the cell-by-cell step pays per followed event. So a population
/// that has shrunk to a few hundred cells (decades after a pregnancy) is
/// simulated exactly and faster than by leaps, while large populations leap.
/// The choice depends only on the counts, so it is reproducible.
///
/// **Large dividing populations cross by their moments** (`crossByMoments`):
/// in a part of the network holding thousands of dividing cells, groups of
/// at least `normalGroupThreshold` cells are carried by the exact mean and
/// covariance of their descendants and drawn from a normal vector, the rest
/// exactly; taken only when far cheaper than both other steps. Matrices are
/// shared through a `FastStepStore` by every engine of a run.
///
/// Complexity: per replicate O(L·n²) for L leaps, each with n multinomial and
/// (with inflow or division) n Poisson draws; transition matrices are computed
/// once per (epoch, leap length) with BLAS-backed `expm`.
public struct FastEngine: Sendable {
    /// Default bound on `b·h` for leaps over dividing compartments.
    public static let divisionStepBound = 0.02

    public let model: NetworkModel
    public let schedule: StopSchedule
    /// For the interval after stop k: its leap length and how many times it
    /// repeats, whether other engines share the length (the output spacing,
    /// whole epochs), and the cost of crossing it cell by cell.
    let intervals: [(leap: Double, repeats: Int, shared: Bool, cost: CellwiseCost)]
    /// Leaps of lengths only this engine has, built when first taken.
    let ownLeaps = LeapCache()
    /// What each epoch precomputes (event table, parts, moment ladders).
    let epochs: [EpochSteps]
    let lastStop: Int

    /// Whether an interval may be crossed cell by cell when that is cheaper.
    let allowsCellwise: Bool
    /// Whether parts holding large counts may cross an interval by the
    /// normal approximation (`crossByMoments`).
    let allowsNormal: Bool
    /// Whether the interval after stop k has the output spacing (the
    /// commonest length): its moments are then one whole step, shared by
    /// every engine with the same store, instead of ladder rungs.
    let recurring: [Bool]

    /// Plans every interval; leap matrices are built when first taken (and a
    /// leap whose matrices cannot be computed is crossed exactly instead).
    /// `divisionStepBound` caps `max b·h` per leap;
    /// `allowsCellwise: false` and `allowsNormal: false` force leaps
    /// everywhere (to study their bias). Engines given the same `store`
    /// share their matrices (the women of a cohort). Pins OpenBLAS to one
    /// thread (`BLASThreading.pinForReproducibility()`): the leap matrices
    /// are products computed here and in `simulate`.
    ///
    /// - Throws: `.diverges` when the expected population passes
    ///   `RunBounds.population` (`PopulationCheck`; `checksPopulation: false`
    ///   leaves it to the cell limit of `simulate`), `.tooLarge` when the
    ///   leaps of a replicate would need more than `RunBounds.fastDraws` draws.
    public init(model: NetworkModel, divisionStepBound: Double = FastEngine.divisionStepBound,
                allowsCellwise: Bool = true, allowsNormal: Bool = true,
                store: FastStepStore = FastStepStore(), checksPopulation: Bool = true) throws(EngineError) {
        BLASThreading.pinForReproducibility()
        let problems = model.invariantViolations()
        guard problems.isEmpty else { throw .invalidModel(problems) }
        if checksPopulation { _ = try PopulationCheck(model: model) }
        try Self.checkLeaps(model, divisionStepBound: divisionStepBound)
        self.model = model
        self.allowsCellwise = allowsCellwise
        self.allowsNormal = allowsNormal
        schedule = StopSchedule(model: model)
        lastStop = schedule.lastOutputStop ?? 0
        let epochs = schedule.epochs.epochs.map { store.epoch($0.rates) }
        self.epochs = epochs
        // The output spacing: the commonest interval length (the longest on a tie).
        let stops = schedule.stops
        var seen: [Double: Int] = [:]
        for k in 0..<lastStop { seen[stops[k + 1].time - stops[k].time, default: 0] += 1 }
        let spacing = seen.max { ($0.value, $0.key) < ($1.value, $1.key) }
        recurring = (0..<lastStop).map { k in
            guard let spacing, spacing.value > 1 else { return false }
            return stops[k + 1].time - stops[k].time == spacing.key
        }
        var intervals: [(Double, Int, Bool, CellwiseCost)] = []
        for k in 0..<lastStop {
            let epoch = epochs[stops[k].epoch]
            let window = schedule.epochs.epochs[stops[k].epoch]
            let length = stops[k + 1].time - stops[k].time
            let maxDivision = epoch.rates.division.max() ?? 0
            let repeats = maxDivision > 0 ? max(1, Int((maxDivision * length / divisionStepBound).rounded(.up))) : 1
            // Other engines meet the output spacing and whole epochs; other lengths are this
            // model's own, and their cell-by-cell cost is estimated at the next power of two
            // (an upper bound, shared) instead of computing a matrix exponential per length.
            let shared = recurring[k] || (stops[k].time == window.start && stops[k + 1].time == window.end)
            let costLength = shared ? length : exp2(log2(length).rounded(.up))
            intervals.append((length / Double(repeats), repeats, shared, epoch.cellwiseCost(costLength, shared: true)))
        }
        self.intervals = intervals
    }

    /// Throws `.tooLarge` when the leaps over dividing compartments
    /// (`max b·h ≤ divisionStepBound`) times the compartments exceed
    /// `RunBounds.fastDraws`, before any leap count is converted to `Int`.
    static func checkLeaps(_ model: NetworkModel, divisionStepBound: Double) throws(EngineError) {
        var leaps = 0.0
        for epoch in EpochSchedule(model: model).epochs {
            leaps += (epoch.rates.division.max() ?? 0) * epoch.duration / divisionStepBound
        }
        let draws = leaps * Double(max(1, model.count))
        guard !(draws <= RunBounds.fastDraws) else { return }
        throw .tooLarge("too large for the fast engine: division rates up to \(model.divisions.map(\.rate).max() ?? 0) per day over "
            + "\(model.horizon) days need about \(RunBounds.text(leaps)) leaps per replicate (each divides at most "
            + "\(divisionStepBound) of a generation) over \(model.count) compartments, more than the bound of 1e9 draws; "
            + "lower the division rates or shorten the horizon, or use --method moments for the exact mean and sd")
    }

    /// Total number of leaps per replicate.
    public var leapsPerReplicate: Int { intervals.reduce(0) { $0 + $1.repeats } }

    /// Simulates one replicate, calling `record(outputIndex, counts)` at every output in order.
    ///
    /// Returns false when a compartment exceeded `cellLimit` (supercritical
    /// kinetics: the population grows without bound). The replicate then
    /// records zero counts from that leap on, so every output is still
    /// recorded in order, and the caller must report the divergence instead
    /// of the statistics.
    @discardableResult
    @_specialize(exported: true, where G == Philox4x64)
    public func simulate<G: RandomNumberGenerator>(using rng: inout G, record: (Int, [Int]) -> Void) -> Bool {
        let n = model.count
        var x = model.compartments.map(\.initial)
        var next = [Int](repeating: 0, count: n)
        var moved: [Int] = []
        var diverged = false
        var cellwise = CellFateStep()
        var moments = MomentScratch()
        let stops = schedule.stops
        schedule.walk(&x, record: record) { k, x in
            guard !diverged else { return }
            let repeats = intervals[k].repeats
            func overLimit(_ x: inout [Int]) -> Bool {
                guard x.contains(where: { $0 > Self.cellLimit }) else { return false }
                diverged = true
                for i in x.indices { x[i] = 0 }
                return true
            }
            switch crossing(interval: k, counts: x) {
            case .normal(let plan):
                crossByMoments(plan, interval: k, &x, scratch: &next, cellwise: &cellwise, moments: &moments, using: &rng)
                _ = overLimit(&x)
                return
            case .cellwise:
                _ = cellwise.advance(&x, scratch: &next, table: epochs[stops[k].epoch].table,
                                     length: stops[k + 1].time - stops[k].time, using: &rng)
                _ = overLimit(&x)
                return
            case .leaps:
                guard leap(interval: k) != nil else {
                    _ = cellwise.advance(&x, scratch: &next, table: epochs[stops[k].epoch].table,
                                         length: stops[k + 1].time - stops[k].time, using: &rng)
                    _ = overLimit(&x)
                    return
                }
            }
            let step = leap(interval: k)!
            // Strang splitting e^{Bh/2} e^{Lh} e^{Bh/2} per leap; between two leaps of the
            // same interval the two half-step births compose exactly into e^{Bh}.
            for leap in 0..<repeats where !diverged {
                if step.hasDivision {
                    if leap == 0 {
                        Self.births(&x, odds: step.halfBirthOdds, logFailure: step.halfBirthLogFailure, using: &rng)
                    } else {
                        Self.births(&x, odds: step.fullBirthOdds, logFailure: step.fullBirthLogFailure, using: &rng)
                    }
                    if overLimit(&x) { break }
                }
                for j in 0..<n { next[j] = 0 }
                for i in 0..<n where x[i] > 0 {
                    if x[i] <= Self.fewCells {
                        Self.moveEach(x[i], from: i, cumulative: step.routeCumulative[i], targets: step.routeTargets[i], into: &next, using: &rng)
                        continue
                    }
                    let stay = Sampler.multinomial(count: x[i], exitProbabilities: step.routes[i], into: &moved, using: &rng)
                    next[i] += stay
                    for (route, j) in step.routeTargets[i].enumerated() where j >= 0 { next[j] += moved[route] }
                }
                if step.hasInflow {
                    for (j, mean) in step.immigrants.enumerated() where mean > 0 {
                        next[j] += Sampler.poisson(mean: mean, using: &rng)
                    }
                }
                swap(&x, &next)
                if overLimit(&x) { break }
            }
            if step.hasDivision && !diverged {
                Self.births(&x, odds: step.halfBirthOdds, logFailure: step.halfBirthLogFailure, using: &rng)
                _ = overLimit(&x)
            }
        }
        return !diverged
    }
}

extension FastEngine {
    /// How an interval is crossed.
    enum Crossing {
        /// Exactly, cell by cell (`CellFateStep`).
        case cellwise
        /// By Strang-split multinomial leaps.
        case leaps
        /// Large groups by their moments, the rest exactly (`crossByMoments`).
        case normal(NormalPlan)
    }

    /// How the interval after stop k is crossed from counts `x`: cell by cell
    /// (exact) when its expected followed events (`CellwiseCost`) are at most
    /// the draws of its leaps; but with division, by the normal approximation
    /// when that is cheaper than the leaps and `exactnessPremium` times cheaper
    /// than the exact step, and the exact step would follow at least
    /// `approximationFloor` events. Depends only on the counts: reproducible.
    func crossing(interval k: Int, counts x: [Int]) -> Crossing {
        let (_, repeats, _, cost) = intervals[k]
        let epoch = epochs[schedule.stops[k].epoch]
        let leapCost = Double(repeats * epoch.leapDraws)
        let cellwiseCost = allowsCellwise ? cost.events(from: x) : .infinity
        // Without division one leap is exact and cheap; only divisions make the approximation pay.
        if allowsNormal && epoch.hasDivision && cellwiseCost >= Self.approximationFloor,
           let plan = normalPlan(interval: k, counts: x),
           plan.cost * Self.exactnessPremium < min(Self.drawCost * leapCost, cellwiseCost) {
            return .normal(plan)
        }
        return cellwiseCost <= leapCost ? .cellwise : .leaps
    }

    /// The leap of the interval after stop k, or nil when its matrices cannot be computed.
    func leap(interval k: Int) -> LeapStep? {
        let e = schedule.stops[k].epoch
        let (length, _, shared, _) = intervals[k]
        if shared { return try? epochs[e].leap(length, shared: true) }
        return ownLeaps.leap(epoch: e, length: length, steps: epochs[e])
    }

    /// Whether the interval after stop k, from counts `x`, is crossed cell by cell.
    func usesCellwise(interval k: Int, counts x: [Int]) -> Bool {
        if case .cellwise = crossing(interval: k, counts: x) { return true }
        return false
    }

    /// The largest count a compartment may reach, 2^50 ≈ 1.1·10^15 cells
    /// (a human body has about 3.7·10^13): far beyond biology, and below the
    /// 2^53 up to which the samplers are exact.
    public static let cellLimit = 1 << 50

    /// Counts at or below which cells are moved and multiplied one by one: one
    /// uniform per cell is cheaper than a binomial per route or a gamma–Poisson
    /// pair, and the law is the same.
    static let fewCells = 4

    /// Exact pure-birth (Yule) flow over τ: each of `x_i` cells becomes a
    /// geometric number of cells, `P(1 + k) = p(1 − p)^k` with `p = e^{−b_i τ}`.
    /// Few cells: each extra count by inversion, `⌊log U / log(1 − p)⌋`.
    /// Many cells: the sum, `NegBin(x_i, p)`, as `Poisson(Gamma(x_i, (1 − p)/p))`
    /// with `odds[i] = (1 − p)/p = e^{b_i τ} − 1`.
    @inline(__always)
    static func births<G: RandomNumberGenerator>(_ x: inout [Int], odds: [Double], logFailure: [Double],
                                                 using rng: inout G) {
        for i in x.indices where x[i] > 0 && odds[i] > 0 {
            if x[i] <= fewCells {
                var extra = 0
                for _ in 0..<x[i] {
                    extra += Int((log(Sampler.uniform(using: &rng)) / logFailure[i]).rounded(.down))
                }
                x[i] += extra
            } else {
                let rate = Sampler.gamma(shape: Double(x[i]), scale: odds[i], using: &rng)
                x[i] += Sampler.poisson(mean: rate, using: &rng)
            }
        }
    }

    /// Moves `count` cells of compartment `source` one by one: a cell takes route
    /// r when a uniform falls below `cumulative[r]` (and not below the previous
    /// sum), and stays when it is above the last: the multinomial law, cell by cell.
    @inline(__always)
    static func moveEach<G: RandomNumberGenerator>(_ count: Int, from source: Int, cumulative: [Double], targets: [Int],
                                                   into next: inout [Int], using rng: inout G) {
        for _ in 0..<count {
            let u = Sampler.uniform(using: &rng)
            var route = 0
            while route < cumulative.count && u >= cumulative[route] { route += 1 }
            if route == cumulative.count {
                next[source] += 1
            } else if targets[route] >= 0 {
                next[targets[route]] += 1
            }
        }
    }
}
