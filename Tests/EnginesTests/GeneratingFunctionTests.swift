import Foundation
import Testing
@testable import Engines
import RateModel

/// `ln E[s^{X_S(T)}]` for sums of compartments S and arguments s, against
/// closed forms and an independent RK4 reference.
///
/// Thresholds: the division-free path is exact up to the rounding of the step
/// exponentials and is held to 1e-12 relative on `ln G` (plus 1e-15 absolute
/// for values near 0), on both the forward-cohort and the backward path. With
/// division the backward equation is accurate to 1e-9 absolute on each
/// `q_i = 1 − p_i` (`MomentsEngine.extinctionTolerance` = 1e-10 on the sum of
/// local errors), so `G` is held to 1e-9 absolute.
@Suite("Moments engine: generating functions of summed counts")
struct GeneratingFunctionTests {
    typealias Method = MomentsEngine.ExtinctionMethod

    static func logG(_ model: NetworkModel, _ targets: [GeneratingTarget], method: Method? = nil) throws -> [[Double]] {
        let engine = MomentsEngine(model: model)
        var cache = MomentStepCache(schedule: engine.schedule)
        return try engine.logGeneratingFunction(targets: targets, walk: MomentWalk(stops: StopSchedule(model: model)),
                                                cache: &cache, method: method)
    }

    /// `|got − exact| ≤ 1e-12·|exact| + 1e-15` (or both −∞, a population surely present).
    static func exactlyClose(_ got: Double, _ exact: Double) -> Bool {
        got == exact || abs(got - exact) <= 1e-12 * abs(exact) + 1e-15
    }

    // MARK: No division: a, b (the target set) and c (outside it)

    static let (kab, lossA, lossB, kbc, lossC) = (0.3, 0.05, 0.07, 0.02, 0.5)

    /// a → b, a → out, b → out, b → c, c → out; inflow into a on [0, 40) and into b throughout.
    static func chain(initialA: Int, initialB: Int, inflowA: Double, inflowB: Double, bolusA: Int = 0,
                      outputs: [Double]) -> NetworkModel {
        let h = outputs.last!
        let w = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "chain", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: initialA), Compartment(name: "b", initial: initialB), Compartment(name: "c", initial: 2)],
            flows: [Flow(from: 0, to: .compartment(1), rate: kab, window: w), Flow(from: 0, to: .out, rate: lossA, window: w),
                    Flow(from: 1, to: .out, rate: lossB, window: w), Flow(from: 1, to: .compartment(2), rate: kbc, window: w),
                    Flow(from: 2, to: .out, rate: lossC, window: w)],
            inflows: (inflowA > 0 ? [Inflow(compartment: 0, rate: inflowA, window: TimeWindow(start: 0, end: 40))] : [])
                + (inflowB > 0 ? [Inflow(compartment: 1, rate: inflowB, window: w)] : []),
            boluses: bolusA > 0 ? [Bolus(compartment: 0, cells: bolusA, time: 10)] : [])
    }

    /// Where one cell that starts in a is after t days: `(P(in a), P(in b))`.
    static func fromA(_ t: Double) -> (a: Double, b: Double) {
        let ka = kab + lossA, kb = lossB + kbc
        return (exp(-ka * t), kab * (exp(-ka * t) - exp(-kb * t)) / (kb - ka))
    }

    /// `E[X_a + X_b]` of the inflowing cells at t: inflow `ua` into a on [0, 40), `ub` into b throughout.
    static func poissonMean(ua: Double, ub: Double, t: Double) -> Double {
        let ka = kab + lossA, kb = lossB + kbc
        // Constant inflow from 0 to t: m_a = ua/ka·(1 − e^{−ka t}),
        // m_b = (ub + kab·ua/ka)/kb·(1 − e^{−kb t}) − kab·ua/ka·(e^{−ka t} − e^{−kb t})/(kb − ka).
        func fromZero(_ ua: Double, _ t: Double) -> (a: Double, b: Double) {
            let ma = ua / ka * -expm1(-ka * t)
            let mb = kab * ua / ka / kb * -expm1(-kb * t) - kab * ua / ka * (exp(-ka * t) - exp(-kb * t)) / (kb - ka)
            return (ma, mb)
        }
        // Inflow into a on [0, 40) = inflow from 0 minus the same inflow from 40 on.
        let on = fromZero(ua, t)
        let off = t > 40 ? fromZero(ua, t - 40) : (a: 0, b: 0)
        return on.a + on.b - off.a - off.b + ub / kb * -expm1(-kb * t)
    }

    @Test("no division, pure immigration: ln P(X_a + X_b = 0) = −(m_a + m_b), both paths",
          arguments: [Method.cohorts, .backward])
    func poissonImmigration(method: Method) throws {
        let outputs: [Double] = [0, 0.5, 3, 10, 39.5, 40, 41, 100, 400]
        var model = Self.chain(initialA: 0, initialB: 0, inflowA: 2.5, inflowB: 0.4, outputs: outputs)
        model.compartments[2].initial = 0
        let logs = try Self.logG(model, [.empty([0, 1])], method: method)
        for (k, t) in outputs.enumerated() {
            let exact = -Self.poissonMean(ua: 2.5, ub: 0.4, t: t)
            #expect(Self.exactlyClose(logs[k][0], exact), "day \(t): \(logs[k][0]) vs \(exact)")
        }
    }

    @Test("no division, initial cells, a bolus and immigration: product form, both paths",
          arguments: [Method.cohorts, .backward])
    func productForm(method: Method) throws {
        let outputs: [Double] = [0, 1, 9.5, 10, 12, 40, 70]
        let model = Self.chain(initialA: 30, initialB: 4, inflowA: 1.5, inflowB: 0, bolusA: 12, outputs: outputs)
        let logs = try Self.logG(model, [.empty([0, 1])], method: method) // c's 2 cells are outside the set
        for (k, t) in outputs.enumerated() {
            let a = Self.fromA(t)
            var exact = 30 * log1p(-(a.a + a.b)) + 4 * log1p(-exp(-(Self.lossB + Self.kbc) * t))
            if t >= 10 {
                let bolus = Self.fromA(t - 10)
                exact += 12 * log1p(-(bolus.a + bolus.b))
            }
            exact -= Self.poissonMean(ua: 1.5, ub: 0, t: t)
            #expect(Self.exactlyClose(logs[k][0], exact), "day \(t): \(logs[k][0]) vs \(exact)")
        }
    }

    // MARK: Division: linear birth-death and a set that lumps exactly

    /// `E[s^{X(t)}]` of a linear birth-death process (birth λ, death μ) from one cell:
    /// `(μ(1−s) − (μ−λs)e^{−rt}) / (λ(1−s) − (μ−λs)e^{−rt})`, r = λ − μ.
    static func birthDeathPGF(birth l: Double, death m: Double, s: Double, t: Double) -> Double {
        let e = exp(-(l - m) * t)
        return (m * (1 - s) - (m - l * s) * e) / (l * (1 - s) - (m - l * s) * e)
    }

    /// `∫₀^σ (1 − G(s, σ')) dσ' = ln(1 + λ(1−s)·(e^{rσ} − 1)/r)/λ`, the immigration term.
    static func birthDeathIntegral(birth l: Double, death m: Double, s: Double, sigma: Double) -> Double {
        let r = l - m
        return log1p(l * (1 - s) * expm1(r * sigma) / r) / l
    }

    @Test("single-type birth-death from n cells: P(X = 0) = (μ(e^{rt} − 1)/(λe^{rt} − μ))^n and the PGF at s = 0.3",
          arguments: [0.0, 0.3])
    func birthDeath(s: Double) throws {
        let (l, m) = (0.02, 0.012)
        let outputs: [Double] = [0, 1, 30, 365.25, 2000, 3652.5]
        let w = TimeWindow(start: 0, end: outputs.last!)
        let model = NetworkModel(
            name: "bd", horizon: outputs.last!, outputTimes: outputs, compartments: [Compartment(name: "x", initial: 5)],
            flows: [Flow(from: 0, to: .out, rate: m, window: w)], divisions: [Division(compartment: 0, rate: l, window: w)])
        let logs = try MomentsEngine(model: model).logGeneratingFunction(targets: [GeneratingTarget(compartments: [0], argument: s)])
        for (k, t) in outputs.enumerated() {
            let kendall = pow(m * expm1((l - m) * t) / (l * exp((l - m) * t) - m), 5)
            let exact = pow(Self.birthDeathPGF(birth: l, death: m, s: s, t: t), 5)
            if s == 0 { #expect(abs(exact - kendall) <= 1e-14) } // the two closed forms agree
            #expect(abs(exp(logs[k][0]) - exact) <= 1e-9, "day \(t): \(exp(logs[k][0])) vs \(exact)")
        }
    }

    /// a and b divide at the same rate and lose cells from {a, b} at the same
    /// rate (a to out, b partly to c), exchanging cells in between; c divides
    /// and never sends cells back. So `X_a + X_b` is a linear birth-death
    /// process with immigration: birth β, death δ.
    static func lumpable(outputs: [Double]) -> NetworkModel {
        let h = outputs.last!
        let w = TimeWindow(start: 0, end: h)
        return NetworkModel(
            name: "lump", horizon: h, outputTimes: outputs,
            compartments: [Compartment(name: "a", initial: 3), Compartment(name: "b", initial: 2), Compartment(name: "c", initial: 4)],
            flows: [Flow(from: 0, to: .compartment(1), rate: 0.2, window: w), Flow(from: 1, to: .compartment(0), rate: 0.05, window: w),
                    Flow(from: 0, to: .out, rate: 0.03, window: w),
                    Flow(from: 1, to: .out, rate: 0.01, window: w), Flow(from: 1, to: .compartment(2), rate: 0.02, window: w),
                    Flow(from: 2, to: .out, rate: 0.1, window: w)],
            divisions: [Division(compartment: 0, rate: 0.025, window: w), Division(compartment: 1, rate: 0.025, window: w),
                        Division(compartment: 2, rate: 0.08, window: w)],
            inflows: [Inflow(compartment: 0, rate: 0.3, window: TimeWindow(start: 20, end: 61)),
                      Inflow(compartment: 1, rate: 0.1, window: w)],
            boluses: [Bolus(compartment: 1, cells: 4, time: 60)])
    }

    @Test("a two-compartment set with division equals the lumped birth-death-immigration process",
          arguments: [0.0, 0.3])
    func lumped(s: Double) throws {
        let (beta, delta) = (0.025, 0.03)
        let outputs: [Double] = [0, 5, 20, 20.5, 60, 61, 200, 1000]
        let logs = try MomentsEngine(model: Self.lumpable(outputs: outputs))
            .logGeneratingFunction(targets: [GeneratingTarget(compartments: [1, 0], argument: s)])
        func integral(_ sigma: Double) -> Double { Self.birthDeathIntegral(birth: beta, death: delta, s: s, sigma: max(sigma, 0)) }
        for (k, t) in outputs.enumerated() {
            var log = 5 * Foundation.log(Self.birthDeathPGF(birth: beta, death: delta, s: s, t: t))
            if t >= 60 { log += 4 * Foundation.log(Self.birthDeathPGF(birth: beta, death: delta, s: s, t: t - 60)) }
            log -= 0.3 * (integral(t - 20) - integral(t - 61)) + 0.1 * integral(t)
            #expect(abs(exp(logs[k][0]) - exp(log)) <= 1e-9, "day \(t): \(exp(logs[k][0])) vs \(exp(log))")
        }
    }

    @Test("stiff network with division, sets and s = 0.3: equal to an RK4 reference at tiny steps")
    func stiffSets() throws {
        let outputs: [Double] = [0, 0.01, 0.5, 2, 3, 12]
        var model = EmptyProbabilityTests.stiffModel(outputs: outputs)
        model.compartments.append(Compartment(name: "lymph", initial: 7))
        let all = TimeWindow(start: 0, end: 12)
        model.flows += [Flow(from: 1, to: .compartment(2), rate: 0.3, window: all), Flow(from: 2, to: .out, rate: 0.2, window: all)]
        let sets = [[1], [0, 1], [1, 2], [0, 2]]
        let reference = ExtinctionODEReference(model: model)
        for s in [0.0, 0.3] {
            let logs = try Self.logG(model, sets.map { GeneratingTarget(compartments: $0, argument: s) })
            for (k, t) in outputs.enumerated() where t > 0 {
                let expected = reference.logGenerating(at: t, targets: sets, argument: s)
                for c in sets.indices {
                    #expect(abs(exp(logs[k][c]) - exp(expected[c])) <= 1e-9, "s \(s), set \(sets[c]), day \(t)")
                }
            }
        }
    }

    // MARK: The thinning generating function without division

    @Test("pure death at s = 0.3: binomial ((1 − p) + p·s)^n, p = e^{−dt}, both paths",
          arguments: [Method.cohorts, .backward])
    func binomial(method: Method) throws {
        let d = 0.05
        let outputs: [Double] = [0, 0.1, 1, 10, 50, 200]
        let w = TimeWindow(start: 0, end: 200)
        let model = NetworkModel(
            name: "death", horizon: 200, outputTimes: outputs, compartments: [Compartment(name: "x", initial: 40)],
            flows: [Flow(from: 0, to: .out, rate: d, window: w)])
        let logs = try Self.logG(model, [GeneratingTarget(compartments: [0], argument: 0.3)], method: method)
        for (k, t) in outputs.enumerated() {
            let p = exp(-d * t)
            let exact = 40 * Foundation.log((1 - p) + p * 0.3)
            #expect(Self.exactlyClose(logs[k][0], exact), "day \(t): \(logs[k][0]) vs \(exact)")
        }
    }

    @Test("Poisson immigration at s = 0.3: ln G = −(1 − s)·(m_a + m_b), both paths",
          arguments: [Method.cohorts, .backward])
    func thinnedPoisson(method: Method) throws {
        let outputs: [Double] = [0, 0.5, 3, 39.5, 41, 100, 400]
        var model = Self.chain(initialA: 0, initialB: 0, inflowA: 2.5, inflowB: 0.4, outputs: outputs)
        model.compartments[2].initial = 0
        let logs = try Self.logG(model, [GeneratingTarget(compartments: [0, 1], argument: 0.3),
                                         GeneratingTarget(compartments: [0, 1], argument: 0)], method: method)
        for (k, t) in outputs.enumerated() {
            let exact = -0.7 * Self.poissonMean(ua: 2.5, ub: 0.4, t: t)
            #expect(Self.exactlyClose(logs[k][0], exact), "day \(t): \(logs[k][0]) vs \(exact)")
            #expect(Self.exactlyClose(logs[k][0], 0.7 * logs[k][1]))
        }
    }

    // MARK: Independent parts, edge cases

    @Test("independent parts (dividing and not): a set spanning both is the product of closed forms", arguments: [0.0, 0.3])
    func independentParts(s: Double) throws {
        let (l, m) = (0.02, 0.012)
        let outputs: [Double] = [0, 0.5, 3, 39.5, 41, 100, 400]
        var model = Self.chain(initialA: 0, initialB: 0, inflowA: 2.5, inflowB: 0.4, outputs: outputs)
        model.compartments[2].initial = 0
        let w = TimeWindow(start: 0, end: outputs.last!)
        model.compartments.append(Compartment(name: "x", initial: 5))
        model.flows.append(Flow(from: 3, to: .out, rate: m, window: w))
        model.divisions = [Division(compartment: 3, rate: l, window: w)]
        let targets = [[0, 1, 3], [0, 1], [3]].map { GeneratingTarget(compartments: $0, argument: s) }
        let logs = try MomentsEngine(model: model).logGeneratingFunction(targets: targets)
        for (k, t) in outputs.enumerated() {
            let poisson = -(1 - s) * Self.poissonMean(ua: 2.5, ub: 0.4, t: t)
            let bd = 5 * log(Self.birthDeathPGF(birth: l, death: m, s: s, t: t))
            #expect(Self.exactlyClose(logs[k][1], poisson), "chain part at day \(t)")
            #expect(abs(exp(logs[k][2]) - exp(bd)) <= 1e-9, "dividing part at day \(t)")
            #expect(abs(exp(logs[k][0]) - exp(poisson + bd)) <= 1e-9, "both at day \(t)")
            #expect(Self.exactlyClose(logs[k][0], logs[k][1] + logs[k][2]), "factorisation at day \(t)")
        }
    }

    @Test("s = 1 and the empty set give G = 1; a repeated target gives the same value; a bad index is refused")
    func edgeCases() throws {
        let model = Self.lumpable(outputs: [0, 10, 100])
        let engine = MomentsEngine(model: model)
        let logs = try engine.logGeneratingFunction(targets: [
            GeneratingTarget(compartments: [0, 1], argument: 1), GeneratingTarget(compartments: []),
            .empty([0, 2]), .empty([2, 0]),
        ])
        for row in logs {
            #expect(row[0] == 0 && row[1] == 0)
            #expect(row[2] == row[3])
            #expect(row[2] < 0)
        }
        #expect(throws: EngineError.self) { try engine.logGeneratingFunction(targets: [.empty([0, 3])]) }
    }
}
