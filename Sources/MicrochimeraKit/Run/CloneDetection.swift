import BiologyModel
import Engines
import Foundation

/// `P(nothing seen)` of assays that may see a niche's clone, as mixtures of
/// generating functions with some niches forced empty.
///
/// An assay with thinning θ counts the compartments C; each occupied niche j
/// it sees (`CompiledAssay.clones`) accepts its origin with probability a_j,
/// independently of everything else, and then adds Poisson(μ_j) counted
/// cells, so `P(nothing seen) = E[(1 − θ)^{X_C} · Π_{j occupied} u_j]` with
/// `u_j = 1 − a_j·(1 − e^{−μ_j})` (`NicheClone.pUnseen`; `e^{−μ_j}` when
/// a_j = 1). Origins are independent parts of the network, so this is a
/// product over origins; for origin o with niches J_o, writing
/// `u_j^{1[N_j>0]} = u_j + (1 − u_j)·1[N_j = 0]` and expanding,
///
///     P_o = Σ_{A ⊆ J_o} Π_{j∈A} (1 − u_j) · Π_{j∉A} u_j · G(1 − θ on C_o; 0 on A),
///
/// and the origins without a niche give `G(1 − θ on the rest of C)`. An assay
/// without a clone is the single target `G_C(1 − θ)`, its logarithm passed
/// through unchanged (the same bits as before niches existed). Cost: 2^{|J_o|}
/// targets per origin (one type with a niche: 2). Origins that share a niche
/// (`CompiledAssay.sharedClones`) are not independent in what the assay sees
/// of it, and form one factor (`CoupledOrigins`).
struct CloneDetection {
    /// One term of a mixture: its weight and its target's index in `targets`.
    typealias Term = (weight: Double, target: Int)

    /// One factor of `P(nothing seen)`.
    enum Factor {
        /// A mixture of targets: `Σ weight·G(target)`.
        case mixture([Term])
        /// The origins that shared niches couple (`CoupledOrigins`).
        case coupled(CoupledOrigins)
    }

    /// The targets to evaluate, in order, each once.
    private(set) var targets: [GeneratingTarget] = []
    /// Each target's index in `targets`.
    private var index: [GeneratingTarget: Int] = [:]
    /// Per assay, the factors of `P(nothing seen)`.
    private(set) var factors: [[Factor]] = []
    /// Per assay and own-niche clone, `a_j·μ_j` and the target `P(N_j = 0)`.
    private(set) var occupancy: [[Term]] = []
    /// Per assay and shared niche, the niche and its members' targets `P(N = 0)`.
    private(set) var sharedOccupancy: [[(group: SharedNicheClone, empty: [Int])]] = []

    /// The terms of every assay in `assays`.
    init(_ assays: [CompiledAssay]) {
        for assay in assays {
            factors.append(terms(assay))
            occupancy.append(assay.clones.map { ($0.meanSeen * $0.acceptance, add(GeneratingTarget(compartments: [], empty: [$0.niche]))) })
            sharedOccupancy.append(assay.sharedClones.map { group in
                (group, group.members.map { add(GeneratingTarget(compartments: [], empty: [$0.niche])) })
            })
        }
    }

    /// The index of `target` in `targets`, appending it if it is new (a
    /// shared niche's patterns ask for some targets twice).
    private mutating func add(_ target: GeneratingTarget) -> Int {
        if let known = index[target] { return known }
        targets.append(target)
        index[target] = targets.count - 1
        return targets.count - 1
    }

    private mutating func terms(_ assay: CompiledAssay) -> [Factor] {
        let argument = 1 - assay.sampledFraction
        let coupledOrigins = Set(CoupledOrigins.origins(of: assay.sharedClones))
        let origins = Array(Set(assay.clones.map(\.origin))).filter { !coupledOrigins.contains($0) }.sorted()
        let withClone = Set(assay.clones.flatMap(\.counted) + assay.sharedClones.flatMap { $0.members.flatMap(\.counted) })
        let rest = assay.compartments.filter { !withClone.contains($0) }
        var result: [Factor] = []
        if !rest.isEmpty || (origins.isEmpty && coupledOrigins.isEmpty) {
            result.append(.mixture([(1, add(GeneratingTarget(compartments: rest, argument: argument)))]))
        }
        for origin in origins {
            let clones = assay.clones.filter { $0.origin == origin }
            result.append(.mixture(Self.expansion(of: clones).map { term in
                (term.weight, add(GeneratingTarget(compartments: clones[0].counted, argument: argument, empty: term.empty)))
            }))
        }
        if !coupledOrigins.isEmpty {
            result.append(.coupled(CoupledOrigins(groups: assay.sharedClones, own: assay.clones, argument: argument) { add($0) }))
        }
        return result
    }

    /// `Π_j u_j^{1[N_j > 0]}` of one origin's own niches J, expanded by
    /// `u^{1[N>0]} = u + (1 − u)·1[N = 0]`: for each subset A of J, the
    /// weight `Π_{j∈A} (1 − u_j)·Π_{j∉A} u_j` and the niches A forced empty.
    /// 2^{|J|} terms.
    static func expansion(of clones: [NicheClone]) -> [(weight: Double, empty: [Int])] {
        (0..<(1 << clones.count)).map { subset in
            var weight = 1.0
            var empty: [Int] = []
            for (j, clone) in clones.enumerated() {
                if subset & (1 << j) != 0 {
                    weight *= clone.pSeen
                    empty.append(clone.niche)
                } else {
                    weight *= clone.pUnseen
                }
            }
            return (weight, empty)
        }
    }

    /// Refuses, for the moments method, an assay with a limit of detection
    /// above 1 that sees a niche's clone: its `P(K + C ≥ L)` needs the law of
    /// the thinned count jointly with the niches' occupancy, which the
    /// moments engine does not compute; the stochastic methods give it
    /// exactly (`detection`).
    static func checkMoments(_ assays: [CompiledAssay]) throws(EngineError) {
        guard let a = assays.first(where: { $0.assay.limitOfDetection > 1 && $0.seesClone }) else { return }
        throw .methodUnavailable(MethodRequest(name: EngineKind.moments.name), reason:
            "assay '\(a.assay.name)' has a limit of detection of \(a.assay.limitOfDetection) and sees the clone of a niche, whose "
            + "P(positive) moments cannot give yet; use --method fast or exact (exact for it), or a limit of detection of 1")
    }

    /// `ln P(nothing seen)` of assay `a` from `logG`, the logarithms of `targets`' values at one time.
    func logMiss(_ a: Int, logG: [Double]) -> Double {
        factors[a].reduce(0) { total, factor in
            switch factor {
            case .mixture(let mixture):
                if mixture.count == 1 && mixture[0].weight == 1 { return total + logG[mixture[0].target] }
                return total + log(mixture.reduce(0) { $0 + $1.weight * exp(logG[$1.target]) })
            case .coupled(let block):
                return total + log(block.value(logG.map(exp)))
            }
        }
    }

    /// `E[clone cells counted]` of assay `a` from `logG` at one time:
    /// `Σ_j a_j·μ_j·P(N_j > 0)` over its own-niche clones and `E[a·μ·s/m]`
    /// over its shared niches (`CoupledOrigins.meanSeen`).
    func meanCloneSeen(_ a: Int, logG: [Double]) -> Double {
        let own = occupancy[a].reduce(0) { $0 + $1.weight * -expm1(logG[$1.target]) }
        return sharedOccupancy[a].reduce(own) { $0 + CoupledOrigins.meanSeen($1.group, empty: $1.empty.map { exp(logG[$0]) }) }
    }

    /// `P(something seen | counts)` of `assay` for one replicate's
    /// compartment counts, integrated over the acceptance of its occupied
    /// niches: with K ~ Binomial(X_C, θ) the counted cells and C the clones'
    /// (each occupied niche j adds Poisson(μ_j) with probability a_j, else 0),
    /// the assay is positive when K + C ≥ L. For L = 1,
    /// `1 − (1 − θ)^{X_C}·Π_j u_j` (`NicheClone.pUnseen`); for L > 1,
    /// `1 − Σ_{k<L} P(K = k)·P(C ≤ L − 1 − k)`, the law of C below L by
    /// convolving the certain clones' Poisson with each uncertain clone's
    /// mixture. O(|C| + clones·L²).
    static func detection(_ assay: CompiledAssay, counts: [Int]) -> Double {
        let seen = assay.compartments.reduce(0) { $0 + counts[$1] }
        let occupied = cloneShares(assay, counts: counts)
        let certain = occupied.reduce(0.0) { $0 + ($1.acceptance == 1 ? $1.meanSeen : 0) }
        let uncertain = occupied.filter { $0.acceptance < 1 }
        let limit = assay.assay.limitOfDetection
        let f = assay.sampledFraction
        guard limit > 1 else {
            let logMiss = f < 1 ? Double(seen) * log1p(-f) : seen > 0 ? -Double.infinity : 0
            return -expm1(uncertain.reduce(logMiss - certain) { $0 + log(1 - $1.acceptance * -expm1(-$1.meanSeen)) })
        }
        var law = poisson(certain, below: limit)
        for clone in uncertain {
            let own = poisson(clone.meanSeen, below: limit)
            law = (0..<limit).map { m in
                (1 - clone.acceptance) * law[m] + clone.acceptance * (0...m).reduce(0) { $0 + law[m - $1] * own[$1] }
            }
        }
        // P(C ≤ m) for m = 0 ..< L.
        var cdf = [Double](repeating: 0, count: limit)
        var total = 0.0
        for m in 0..<limit {
            total += law[m]
            cdf[m] = min(total, 1)
        }
        var miss = 0.0
        for k in 0..<min(limit, seen + 1) {
            miss += AssayEvaluation.binomial(k, of: seen, fraction: f) * cdf[limit - 1 - k]
        }
        return max(0, 1 - miss)
    }

    /// `P(C = m)` for m = 0 ..< `count`, C ~ Poisson(μ), by the recursion of its terms.
    private static func poisson(_ mu: Double, below count: Int) -> [Double] {
        var terms = [Double](repeating: 0, count: count)
        var term = exp(-mu)
        for m in 0..<count {
            if m > 0 { term *= mu / Double(m) }
            terms[m] = term
        }
        return terms
    }

    /// The clones that add counted cells given one replicate's counts, each
    /// with its mean counted cells when accepted and its acceptance: every
    /// occupied own niche (μ_j, a_j), and every shared niche with s > 0 seen
    /// of its m occupying members (μ·s/m, a). O(clones + members).
    static func cloneShares(_ assay: CompiledAssay, counts: [Int]) -> [(meanSeen: Double, acceptance: Double)] {
        var shares = assay.clones.filter { counts[$0.niche] > 0 }.map { ($0.meanSeen, $0.acceptance) }
        for group in assay.sharedClones {
            let occupying = group.members.filter { counts[$0.niche] > 0 }
            let seen = occupying.filter(\.seen).count
            if seen > 0 { shares.append((group.meanSeen(occupied: occupying.count, seen: seen), group.acceptance)) }
        }
        return shares
    }

    /// The Rao-Blackwell `P(detect)` of `assay` at output `k` over kept
    /// trajectories (`trajectories[r][k]`), and the mean clone cells counted
    /// (`Σ a·μ` over `cloneShares`), summed in replicate order (the same bytes for any
    /// thread count). O(replicates · (|C| + clones + members)).
    static func estimate(_ assay: CompiledAssay, trajectories: [[[Int]]], output k: Int) -> (pDetect: Double, meanCloneSeen: Double) {
        guard !trajectories.isEmpty else { return (0, 0) }
        var (p, clone) = (0.0, 0.0)
        for counts in trajectories {
            p += detection(assay, counts: counts[k])
            clone += cloneShares(assay, counts: counts[k]).reduce(0) { $0 + $1.meanSeen * $1.acceptance }
        }
        return (p / Double(trajectories.count), clone / Double(trajectories.count))
    }
}
