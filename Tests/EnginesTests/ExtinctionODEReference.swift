import Foundation
import RateModel

/// An independent reference for `ln P(X_S(T) = 0)` and `ln E[s^{X_S(T)}]`: the backward equation
/// `dp/dσ = Aᵀ·p − b∘p², dI/dσ = uᵀ·p` (σ = T − τ) integrated by classical RK4
/// in plain loops from T back to 0, stopping at every rate change and bolus,
/// with Richardson extrapolation of two step sizes. Independent of the engine's
/// exponentials and collocation.
struct ExtinctionODEReference {
    let model: NetworkModel
    var stepsPerDay: Double = 2048

    /// `ln P(X_S(T) = 0)` for every target set in `targets` (each a list of compartments).
    func logEmpty(at t: Double, targets: [[Int]]) -> [Double] {
        logGenerating(at: t, targets: targets, argument: 0)
    }

    /// `ln E[s^{X_S(T)}]` for every target set in `targets`: the same equation
    /// from `p(σ = 0) = (1 − s)·1_S`.
    func logGenerating(at t: Double, targets: [[Int]], argument s: Double) -> [Double] {
        let coarse = integrate(at: t, targets: targets, argument: s, refinement: 1)
        let fine = integrate(at: t, targets: targets, argument: s, refinement: 2)
        return zip(coarse, fine).map { a, b in a.isFinite ? b + (b - a) / 15 : b }
    }

    private func integrate(at t: Double, targets: [[Int]], argument: Double, refinement: Int) -> [Double] {
        let n = model.count
        let k = targets.count
        var p = [Double](repeating: 0, count: n * k)
        for (c, s) in targets.enumerated() { for i in s { p[i + c * n] = 1 - argument } }
        var logP = [Double](repeating: 0, count: k)
        var cuts = Set<Double>([0])
        for f in model.flows { cuts.insert(f.window.start); cuts.insert(f.window.end) }
        for d in model.divisions { cuts.insert(d.window.start); cuts.insert(d.window.end) }
        for u in model.inflows { cuts.insert(u.window.start); cuts.insert(u.window.end) }
        for b in model.boluses { cuts.insert(b.time) }
        func boluses(at time: Double) {
            for b in model.boluses where b.time == time {
                for c in 0..<k { logP[c] += Double(b.cells) * log1p(-min(p[b.compartment + c * n], 1)) }
            }
        }
        boluses(at: t)
        var tau = t
        for cut in cuts.filter({ $0 < t }).sorted(by: >) {
            let r = RateSet(model: model, at: cut)
            let steps = refinement * max(64, Int(((tau - cut) * stepsPerDay).rounded(.up)))
            let h = (tau - cut) / Double(steps)
            var a = [Double](repeating: 0, count: n * n) // a[i*n + j] = (Aᵀ)_ij
            for i in 0..<n {
                var exit = r.loss[i]
                for j in 0..<n where j != i { a[i * n + j] = r.transfer(from: i, to: j); exit += r.transfer(from: i, to: j) }
                a[i * n + i] = r.division[i] - exit
            }
            func f(_ y: [Double], _ dy: inout [Double]) {
                for c in 0..<k {
                    var flux = 0.0
                    for i in 0..<n {
                        var s = -r.division[i] * y[i + c * n] * y[i + c * n]
                        for j in 0..<n { s += a[i * n + j] * y[j + c * n] }
                        dy[i + c * n] = s
                        flux += r.inflow[i] * y[i + c * n]
                    }
                    dy[n * k + c] = flux
                }
            }
            var y = p + [Double](repeating: 0, count: k)
            var k1 = y, k2 = y, k3 = y, k4 = y, tmp = y
            for _ in 0..<steps {
                f(y, &k1)
                for i in y.indices { tmp[i] = y[i] + h / 2 * k1[i] }
                f(tmp, &k2)
                for i in y.indices { tmp[i] = y[i] + h / 2 * k2[i] }
                f(tmp, &k3)
                for i in y.indices { tmp[i] = y[i] + h * k3[i] }
                f(tmp, &k4)
                for i in y.indices { y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
            }
            p = Array(y[0..<(n * k)])
            for c in 0..<k { logP[c] -= y[n * k + c] }
            tau = cut
            boluses(at: cut)
        }
        for (i, comp) in model.compartments.enumerated() where comp.initial > 0 {
            for c in 0..<k { logP[c] += Double(comp.initial) * log1p(-min(p[i + c * n], 1)) }
        }
        return logP
    }
}
