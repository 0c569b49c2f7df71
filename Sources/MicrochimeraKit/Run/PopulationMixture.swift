import BiologyModel
import Engines
import LinearAlgebra
import Reporting
import StochasticEngines

/// The population prediction of one family (`population:`): every output
/// averaged over the women's rate multipliers by tensor Gauss–Hermite
/// quadrature.
///
/// With d multipliers of nonzero coefficient of variation and n points per
/// dimension (`PopulationSpec.nodes`), member `k` (0 ≤ k < n^d) is the tuple
/// of 1-D nodes `(i_1, …, i_d)` with `k = Σ_j i_j·n^{d−j}` (the first varying
/// multiplier, in the order clearance, homing, self-renewal, transfer, varies
/// slowest). Its multipliers are `RateMultipliers(variation:normals:)` at the
/// Gauss–Hermite nodes `x_{i_j}` (0 on the dimensions that do not vary) and
/// its weight `w_k = Π_j w_{i_j}` (`GaussHermiteRule`), so that
/// `E[g(M)] ≈ Σ_k w_k·g(M_k)`, exact when g is a polynomial of degree
/// ≤ 2n − 1 in each normal deviate.
///
/// Each member is an ordinary run of the family with its multipliers applied
/// (exact given the multipliers for the moments method). The combination:
/// - means, levels, `p_present` and P(detect): `Σ_k w_k·x_k` (probabilities
///   kept inside [0, 1] against rounding);
/// - the standard deviation by the law of total variance,
///   `Var N = E[Var(N | M)] + Var E[N | M] = Σ_k w_k·sd_k² + Σ_k w_k·(m_k − m̄)²`
///   (both sums non-negative, so no cancellation);
/// - quantiles are not combined (left empty).
///
/// Complexity: n^d runs of the family, on `threads` workers; the
/// combination is O(n^d · series · times). The members are combined in
/// member order whatever the thread count, so the bytes do not depend on it.
public struct PopulationMixture: Sendable {
    /// One point of the tensor rule.
    public struct Member: Sendable, Hashable {
        public let multipliers: RateMultipliers
        /// Its weight; the weights of a mixture are positive and sum to 1.
        public let weight: Double
    }

    public let spec: PopulationSpec
    /// The members in the order above.
    public let members: [Member]

    /// The tensor rule of `spec`. Complexity O(n³ + n^d).
    public init(_ spec: PopulationSpec) {
        self.spec = spec
        let rule = GaussHermiteRule(points: spec.nodes)
        let varying = spec.variation.coefficients.indices.filter { spec.variation.coefficients[$0] != 0 }
        var members: [Member] = []
        members.reserveCapacity(spec.runs)
        for k in 0..<spec.runs {
            var normals = [0.0, 0, 0, 0], weight = 1.0, rest = k
            for dimension in varying.reversed() {
                let i = rest % spec.nodes
                rest /= spec.nodes
                normals[dimension] = rule.nodes[i]
                weight *= rule.weights[i]
            }
            members.append(Member(multipliers: RateMultipliers(variation: spec.variation, normals: normals), weight: weight))
        }
        self.members = members
    }

    /// Member k's family: `scenario` with its multipliers applied and no
    /// `population:`, compiled. Throws `.engine(.invalidModel)` if it does not
    /// compile (the multipliers change rates, never the family's structure).
    public func family(_ k: Int, of scenario: BiologyScenario) throws(RunError) -> CompiledScenario {
        var member = members[k].multipliers.applied(to: scenario)
        member.population = nil
        do throws(BiologyProblems) {
            return try BiologyCompiler.compile(member)
        } catch {
            throw .engine(.invalidModel(error.problems.map { "the population member with multipliers \(members[k].multipliers): \($0.message)" }))
        }
    }

    /// `body` on every member's compiled family (`family(_:of:)`), in member
    /// order, on `threads` workers; the first member's error (in member
    /// order) is thrown.
    public func map<T: Sendable>(_ scenario: BiologyScenario, threads: Int = 1,
                                 _ body: @Sendable (CompiledScenario) throws(RunError) -> T) throws(RunError) -> [T] {
        let chunks = ParallelChunks.run(count: members.count, chunkSize: 1, threads: max(threads, 1), local: {}) { _, range in
            range.map { k -> Result<T, RunError> in
                do throws(RunError) {
                    return .success(try body(try family(k, of: scenario)))
                } catch {
                    return .failure(error)
                }
            }
        }.chunks
        return try chunks.joined().map { result throws(RunError) in try result.get() }
    }

    /// The weighted mean `Σ_k w_k·x_k` of one number per member (NaN if any is NaN).
    public func average(_ values: [Double]) -> Double {
        precondition(values.count == members.count, "one value per member")
        return zip(members, values).reduce(0) { $0 + $1.0.weight * $1.1 }
    }

    /// The weighted mean of probabilities, kept inside [0, 1] (the weights sum
    /// to 1 only to rounding; NaN stays NaN).
    func averageProbability(_ values: [Double]) -> Double {
        let p = average(values)
        return p.isNaN ? p : min(max(p, 0), 1)
    }

    /// The mixture of the members' predictions of the same requests.
    public func combine(_ predictions: [[AssayPrediction]]) -> [AssayPrediction] {
        guard let first = predictions.first else { return [] }
        return first.indices.map { i in
            AssayPrediction(pPositive: averageProbability(predictions.map { $0[i].pPositive }),
                            meanLevel: average(predictions.map { $0[i].meanLevel }))
        }
    }

    /// The mixture of the members' results on the same layout and times.
    public func combine(_ results: [RunResult]) -> RunResult {
        let first = results[0]
        let series = first.series.indices.map { s in
            TimeSeries(label: first.series[s].label, points: first.times.indices.map { t in
                combine(results.map { $0.series[s].points[t] })
            })
        }
        return RunResult(times: first.times, series: series, method: first.method)
    }

    /// The mixture of one point's statistics: the mean, the standard
    /// deviation by the law of total variance and `p_present` when every
    /// member has them; no quantiles.
    func combine(_ points: [PointStatistics]) -> PointStatistics {
        let mean = average(points.map(\.mean))
        var sd: Double?
        if points.allSatisfy({ $0.sd != nil }) {
            let within = average(points.map { $0.sd! * $0.sd! })
            let between = average(points.map { ($0.mean - mean) * ($0.mean - mean) })
            sd = (within + between).squareRoot()
        }
        let pPresent = points.allSatisfy { $0.pPresent != nil } ? averageProbability(points.map { $0.pPresent! }) : nil
        return PointStatistics(mean: mean, sd: sd, quantiles: nil, pPresent: pPresent)
    }

    /// The mixture of the members' assay tables (same assays and times):
    /// P(detect) and the level averaged, the rest from the first member.
    func combine(_ tables: [[AssayCSV.Row]]) -> [AssayCSV.Row] {
        guard var rows = tables.first else { return [] }
        for i in rows.indices {
            let p = tables.map { $0[i].pDetect }
            rows[i].pDetect = p.allSatisfy { $0 != nil } ? averageProbability(p.map { $0! }) : nil
            rows[i].meanPer1e5 = average(tables.map { $0[i].meanPer1e5 })
        }
        return rows
    }
}
