import BiologyModel
import Foundation
import Reporting
@testable import MicrochimeraKit
import TestSupport
import Testing

/// The assay kinds (`kind:`, `cell_types:`, `efficiency:`) against closed
/// forms, through the moments engine and the exact engine.
///
/// The scenario: a transfusion bolus of `n_τ` male donor cells of three types
/// into blood at `t₀`, each type cleared from blood at `c_τ` with no homing,
/// so each cell is alive at `t` with probability `p_τ = e^{−c_τ(t − t₀)}`,
/// independently. An assay that counts each visible cell with probability
/// `q = f·e` gives `K = Σ_{τ seen} Binomial(n_τ, q·p_τ)`, so
/// `P(K = 0) = Π (1 − q·p_τ)^{n_τ}`, `P(K = 1) = P(K = 0)·Σ n_τ·a_τ/(1 − a_τ)`
/// with `a_τ = q·p_τ`, and `E[K] = Σ n_τ·a_τ`. The level is `E[K]` over the
/// sample's size in the kind's unit.
///
/// Thresholds: moments against the closed forms to 1e-9 relative (exact
/// exponentials and sums; the engine's own rounding is ~1e-13). The exact
/// engine's Rao-Blackwell P(detect) and mean level against the closed form
/// within 4 standard errors, the P error bounded by the Bernoulli one
/// `√(P(1−P)/R)` (Rao-Blackwell never exceeds it), the level's by
/// `q·√(Σ n_τ p_τ(1 − p_τ)/R)·levelPerCount`: a false failure rate below 1e-4.
@Suite("Assay kinds: closed forms of thinning, type filters and units")
struct AssayKindTests {
    static let day = 1.0
    static let bolus = 30.0, later = 40.0, soon = 30.05
    static let clearance = ["progenitor": 0.05, "mature": 0.5, "cell_free_dna": 20.0]
    static let share = ["progenitor": 0.1, "mature": 0.6, "cell_free_dna": 0.3]

    /// Three cell types in blood only (no tissues, no differentiation), each
    /// with its `share` and `clearance`.
    static let kinetics = """
    tissues: []
    cell_types:
      progenitor: { share: 0.1, clearance: 0.05 /day, differentiation: { mature: 0 /day } }
      mature: { share: 0.6, clearance: 0.5 /day }
      cell_free_dna: { share: 0.3, clearance: 20 /day }
    """

    /// The scenario text with `cells` donor cells per type.
    static func scenario(cells: [String: Int]) -> String {
        let given = cells.keys.sorted().map { "\($0): \(cells[$0]!)" }.joined(separator: ", ")
        return """
        name: assay kinds
        horizon: 1 year
        output: { times: [40 days] }
        \(kinetics)
        host_cells: { plasma_fraction: 0.55 }
        events:
          - transfusion: { donor: donor, sex: male, at: 30 days, into: blood, cells: { \(given) } }
        assays:
          - { name: qpcr, marker: y_chromosome, sample: 0.1 mL, times: [40 days] }
          - { name: sorted, kind: qpcr, cell_types: [progenitor], efficiency: 0.5, marker: y_chromosome, sample: 1 mL, times: [40 days] }
          - { name: fish, kind: fish, marker: y_chromosome, sample: { cells: 5e5 }, times: [40 days] }
          - { name: colonies, kind: culture, marker: y_chromosome, sample: 20 mL, times: [40 days] }
          - { name: plasma, kind: plasma_dna, marker: y_chromosome, sample: 1 mL, limit_of_detection: 2, times: [30.05 days] }

        """
    }

    static let cells = ["progenitor": 20_000, "mature": 1_000_000, "cell_free_dna": 5_000]

    /// The compiled scenario `text` and its assay rows from `run` with `options`.
    static func run(_ text: String, options: SimulationOptions) throws -> (CompiledScenario, [AssayCSV.Row]) {
        let path = try TemporaryDirectory.make("kinds").appendingPathComponent("kinds.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let compiled = try #require(try RunPipeline.load(path: path, overrides: []).compiled)
        let request = RunRequest(scenarioPath: path, options: options, plot: false)
        return (compiled, try RunPipeline.simulateFamily(model: compiled.network, compiled: compiled, request: request).assayRows)
    }

    /// The assay rows of `run` on the scenario with `cells`, by assay name.
    static func rows(cells: [String: Int], options: SimulationOptions) throws -> (CompiledScenario, [String: (p: Double?, level: Double, unit: String)]) {
        let (compiled, rows) = try run(scenario(cells: cells), options: options)
        return (compiled, Dictionary(uniqueKeysWithValues: rows.map { ($0.assay, ($0.pDetect, $0.meanPer1e5, $0.levelUnit)) }))
    }

    /// The closed form of one assay: P(K ≥ limit) for limit 1 or 2 and E[K].
    static func closedForm(types: [String], q: Double, at t: Double, limit: Int, cells: [String: Int])
        -> (p: Double, meanK: Double, sdN: Double) {
        var logP0 = 0.0, ratio = 0.0, meanK = 0.0, varN = 0.0
        for type in types {
            let n = Double(cells[type]!), survival = exp(-clearance[type]! * (t - bolus)), a = q * survival
            logP0 += n * log1p(-a)
            ratio += n * a / (1 - a)
            meanK += n * a
            varN += n * survival * (1 - survival)
        }
        let p0 = exp(logP0)
        return (limit == 1 ? -expm1(logP0) : 1 - p0 - p0 * ratio, meanK, varN.squareRoot())
    }

    @Test("moments: each kind's P(detect) and level are the binomial closed forms with q = f·efficiency, the kind's types and unit")
    func momentsClosedForms() throws {
        let (compiled, rows) = try Self.rows(cells: Self.cells, options: SimulationOptions(method: .moments, threads: 1, presence: false))
        let blood = 5000.0, nucleated = 7e6, plasma = 5000.0 * 0.55
        let all = ["progenitor", "mature", "cell_free_dna"]
        // name: (types seen, q, time, limit, level per counted cell, unit)
        let expected: [(String, [String], Double, Double, Int, Double, String)] = [
            ("qpcr", all, 0.1 / blood, Self.later, 1, 1e5 / (0.1 * nucleated), "per_1e5_cells"),
            ("sorted", ["progenitor"], 1 / blood * 0.5, Self.later, 1, 1e5 / (1 * nucleated), "per_1e5_cells"),
            ("fish", all, 5e5 / (blood * nucleated), Self.later, 1, 1e5 / 5e5, "per_1e5_cells"),
            ("colonies", ["progenitor"], 20 / blood * BiologyDefaults.platingEfficiency, Self.later, 1, 1.0 / 20, "per_ml_blood"),
            ("plasma", ["cell_free_dna"], 1 / plasma, Self.soon, 2, 1.0, "per_ml_plasma"),
        ]
        for (name, types, q, t, limit, perCount, unit) in expected {
            let assay = try #require(compiled.assays.first { $0.assay.name == name })
            #expect(abs(assay.sampledFraction - q) <= 1e-15 * q, "\(name): q = \(assay.sampledFraction) vs \(q)")
            #expect(Set(assay.compartments.map { compiled.populations[$0].cellType }) == Set(types), "\(name) sees the wrong types")
            let row = try #require(rows[name])
            let exact = Self.closedForm(types: types, q: q, at: t, limit: limit, cells: Self.cells)
            let p = try #require(row.p)
            #expect(abs(p - exact.p) <= 1e-9 * exact.p, "\(name): P(detect) \(p) vs closed form \(exact.p)")
            #expect(abs(row.level - exact.meanK * perCount) <= 1e-9 * exact.meanK * perCount, "\(name): level \(row.level) vs \(exact.meanK * perCount)")
            #expect(row.unit == unit)
            #expect(exact.p > 0.05 && exact.p < 0.95, "\(name): the closed form \(exact.p) should be informative")
        }
    }

    /// Placental transfer at a constant `λ = 1000` cells/day from conception
    /// at day 10 (level 1 from week 0, no pulses), split by share `s_τ`:
    /// Poisson immigration-death, so at `t` days of gestation
    /// `N_τ ~ Poisson(λ·s_τ·(1 − e^{−c_τ·t})/c_τ)` and the counted
    /// `K ~ Poisson(q·Σ_{τ seen} E[N_τ])`: `P(K ≥ 1) = 1 − e^{−m}`,
    /// `P(K ≥ 2) = 1 − e^{−m}(1 + m)`, `E[K] = m`.
    static let immigration = """
    name: immigration
    horizon: 1 year
    output: { times: [100 days] }
    \(kinetics)
    transfer:
      shape: [{ from: 0 weeks, level: 1 }]
      fetal_to_maternal: { peak: 1000 /day, pulse: { live_birth: 0 } }
      maternal_to_fetal: { peak: 0 /day, pulse: { live_birth: 0 } }
    pregnancies:
      - { child: son, sex: male, start: 10 days }
    assays:
      - { name: colonies, kind: culture, marker: y_chromosome, sample: 20 mL, limit_of_detection: 2, times: [100 days] }
      - { name: sorted, cell_types: [mature], efficiency: 0.3, marker: y_chromosome, sample: { cells: 1e8 }, times: [100 days] }
      - { name: plasma, kind: plasma_dna, marker: y_chromosome, sample: 4 mL, times: [100 days] }

    """

    @Test("moments: Poisson immigration-death thinned at q = f·efficiency, for culture, a sorted subset and plasma DNA")
    func poissonImmigration() throws {
        let rows = try Self.run(Self.immigration, options: SimulationOptions(method: .moments, threads: 1, presence: false)).1
        let t = 90.0
        func present(_ type: String) -> Double { 1000 * Self.share[type]! * -expm1(-Self.clearance[type]! * t) / Self.clearance[type]! }
        // name: (q, E[N] of the types seen, limit, level per counted cell)
        let expected: [String: (Double, Double, Int, Double)] = [
            "colonies": (20 / 5000 * BiologyDefaults.platingEfficiency, present("progenitor"), 2, 1.0 / 20),
            "sorted": (1e8 / (5000 * 7e6) * 0.3, present("mature"), 1, 1e5 / 1e8),
            "plasma": (4 / (5000 * BiologyDefaults.plasmaFraction), present("cell_free_dna"), 1, 1.0 / 4),
        ]
        #expect(Set(rows.map(\.assay)) == Set(expected.keys))
        for row in rows {
            let (q, meanN, limit, perCount) = try #require(expected[row.assay])
            let m = q * meanN
            let p = limit == 1 ? -expm1(-m) : 1 - exp(-m) * (1 + m)
            let got = try #require(row.pDetect)
            #expect(abs(got - p) <= 1e-9 * p, "\(row.assay): P(detect) \(got) vs \(p)")
            #expect(abs(row.meanPer1e5 - m * perCount) <= 1e-9 * m * perCount, "\(row.assay): level \(row.meanPer1e5) vs \(m * perCount)")
        }
    }

    @Test("the exact engine agrees with the closed form on a culture assay (z < 4)")
    func exactEngineCulture() throws {
        let cells = ["progenitor": 20_000, "mature": 2_000, "cell_free_dna": 200]
        let replicates = 4000
        let (compiled, rows) = try Self.rows(cells: cells, options: SimulationOptions(seed: 20, replicates: replicates, method: .exact, threads: 2,
                                                                                         presence: false))
        let assay = try #require(compiled.assays.first { $0.assay.name == "colonies" })
        let row = try #require(rows["colonies"])
        let exact = Self.closedForm(types: ["progenitor"], q: assay.sampledFraction, at: Self.later, limit: 1, cells: cells)
        let r = Double(replicates)
        let p = try #require(row.p)
        #expect(Moments.z(p, exact.p, standardError: (exact.p * (1 - exact.p) / r).squareRoot()) < 4, "P(detect) \(p) vs \(exact.p)")
        let levelSE = assay.sampledFraction * exact.sdN / r.squareRoot() * assay.levelPerCount
        #expect(Moments.z(row.level, exact.meanK * assay.levelPerCount, standardError: levelSE) < 4,
                "level \(row.level) vs \(exact.meanK * assay.levelPerCount)")
    }
}
