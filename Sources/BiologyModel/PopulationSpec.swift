import Foundation

/// `population:` of a single-family scenario: between-women variation of the
/// kinetics, so that the family's prediction is the average over a population
/// of women who share its history but not its rates.
///
/// The multipliers are those of a cohort (`RateMultipliers`, lognormal with
/// mean 1 and the coefficients of variation of `variation`, independent): a
/// multiplier with coefficient of variation c is `M = exp(σ·Z − σ²/2)`,
/// `σ² = ln(1 + c²)`, `Z ~ N(0, 1)`. The moments method averages every output
/// over their joint law by tensor Gauss–Hermite quadrature with `nodes` points
/// on each dimension whose c is not 0 (`PopulationMixture`); a stochastic
/// method draws each replicate's multipliers from that replicate's stream.
public struct PopulationSpec: Sendable, Hashable {
    /// The default number of quadrature points per varying dimension.
    public static let defaultNodes = 7
    /// The most quadrature points per dimension a scenario may ask for.
    public static let maximumNodes = 64
    /// The most runs of the family (`nodes^dimensions`) a population may take.
    public static let maximumRuns = 50_000

    /// Coefficients of variation of the four multipliers.
    public var variation: RateVariation
    /// Gauss–Hermite points per dimension with nonzero variation (1...`maximumNodes`).
    public var nodes: Int

    public init(variation: RateVariation = RateVariation(), nodes: Int = PopulationSpec.defaultNodes) {
        self.variation = variation
        self.nodes = nodes
    }

    /// The number of multipliers that vary (nonzero coefficient of variation), 0 to 4.
    public var dimensions: Int { variation.coefficients.filter { $0 != 0 }.count }

    /// Runs of the family the quadrature takes: `nodes^dimensions` (1 without variation).
    public var runs: Int { (0..<dimensions).reduce(1) { product, _ in product * nodes } }
}

extension RateVariation {
    /// The coefficients of variation in the order clearance, homing,
    /// self-renewal, transfer (the order of `RateMultipliers(variation:normals:)`).
    public var coefficients: [Double] { [clearance, homing, selfRenewal, transfer] }
}

extension RateMultipliers {
    /// The multipliers at standard normal deviates `normals` (clearance,
    /// homing, self-renewal, transfer): each `exp(σ·z − σ²/2)` with
    /// `σ² = ln(1 + c²)` for its coefficient of variation c, so a lognormal
    /// with mean 1 and coefficient of variation c when z is standard normal
    /// (and exactly 1 when c = 0).
    ///
    /// - Precondition: four finite deviates.
    public init(variation: RateVariation, normals z: [Double]) {
        precondition(z.count == 4 && z.allSatisfy(\.isFinite), "four finite standard normal deviates, got \(z)")
        let m = zip(variation.coefficients, z).map { c, z in
            let variance = (c * c).isFinite ? log1p(c * c) : .infinity
            return c == 0 ? 1 : exp(variance.squareRoot() * z - variance / 2)
        }
        self.init(clearance: m[0], homing: m[1], selfRenewal: m[2], transfer: m[3])
    }
}
