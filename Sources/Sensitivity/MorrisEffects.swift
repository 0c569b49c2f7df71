/// Morris's screening measures of every parameter from the outputs of a
/// `MorrisScheme` design.
///
/// Each step of a trajectory moves one parameter j by ±Δ (unit coordinates)
/// and gives one elementary effect EE = (f(x') − f(x)) / (±Δ), Δ = p / (2(p − 1)). Over
/// the r trajectories: μ = mean EE, μ* = mean |EE| (Campolongo, Cariboni and
/// Saltelli 2007, "An effective screening design for sensitivity analysis of
/// large models", Environ. Model. Softw. 22, 1509–1518) and σ = the standard
/// deviation of EE (divisor r − 1; 0 when r = 1). Effects are per unit of
/// the parameter's range (its whole range is 1; a log range in log space), as
/// SALib's `morris.analyze` reports them. Complexity: O(r·D²).
public struct MorrisEffects: Sendable, Equatable {
    public var mu: [Double]
    public var muStar: [Double]
    public var sigma: [Double]

    /// Why the effects cannot be computed.
    public enum Problem: Error, Equatable {
        /// Row `row` of the design does not move exactly one parameter from the row before.
        case notOneAtATime(row: Int)
    }

    /// The effects of `outputs` (one per row of `design`, r·(D + 1) rows) of a `levels`-level design.
    public init(design: [[Double]], outputs: [Double], parameters d: Int, levels p: Int) throws(Problem) {
        precondition(design.count == outputs.count && design.count % (d + 1) == 0, "a Morris design has r·(D + 1) rows")
        let r = design.count / (d + 1), delta = MorrisScheme.delta(levels: p)
        var effects = [[Double]](repeating: [], count: d)
        for t in 0..<r {
            for s in 0..<d {
                let i = t * (d + 1) + s
                let moved = (0..<d).filter { design[i + 1][$0] != design[i][$0] }
                guard moved.count == 1, let j = moved.first else { throw .notOneAtATime(row: i + 1) }
                effects[j].append((outputs[i + 1] - outputs[i]) / (design[i + 1][j] > design[i][j] ? delta : -delta))
            }
        }
        mu = effects.map { $0.isEmpty ? 0 : $0.reduce(0, +) / Double($0.count) }
        muStar = effects.map { $0.isEmpty ? 0 : $0.reduce(0) { $0 + abs($1) } / Double($0.count) }
        sigma = zip(effects, mu).map { e, m in
            e.count < 2 ? 0 : (e.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(e.count - 1)).squareRoot()
        }
    }
}
