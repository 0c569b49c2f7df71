import Foundation
import RateModel

/// An independent reference for the mean and covariance: the moment ODEs
///
///     dm/dt = A·m + u,   dΣ/dt = A·Σ + Σ·Aᵀ + D(m),
///     D(m) = Σ_i m_i [Σ_j k_ij (e_j − e_i)(e_j − e_i)ᵀ + (d_i + b_i) e_i e_iᵀ] + diag(u),
///
/// integrated with classical RK4 in plain loops (no BLAS, no matrix exponential),
/// with steps that land on every window edge, bolus time and output time, and
/// Richardson extrapolation of two step sizes (error O(h⁵)).
struct MomentODEReference {
    let model: NetworkModel
    /// Steps per day of the coarse pass (the fine pass uses twice as many); at least 64 per interval.
    var stepsPerDay: Double = 64

    /// `(means, covariances as [row][column])` at every output time.
    func run() -> (means: [[Double]], covariances: [[[Double]]]) {
        let coarse = integrate(refinement: 1)
        let fine = integrate(refinement: 2)
        func extrapolate(_ a: Double, _ b: Double) -> Double { b + (b - a) / 15 }
        let means: [[Double]] = zip(coarse.means, fine.means).map { a, b in zip(a, b).map(extrapolate) }
        let covs: [[[Double]]] = zip(coarse.covariances, fine.covariances).map { a, b in
            zip(a, b).map { x, y in zip(x, y).map(extrapolate) }
        }
        return (means, covs)
    }

    private func integrate(refinement: Int) -> (means: [[Double]], covariances: [[[Double]]]) {
        let n = model.count
        var cuts = Set<Double>(model.outputTimes)
        for f in model.flows { cuts.insert(f.window.start); cuts.insert(f.window.end) }
        for d in model.divisions { cuts.insert(d.window.start); cuts.insert(d.window.end) }
        for u in model.inflows { cuts.insert(u.window.start); cuts.insert(u.window.end) }
        for b in model.boluses { cuts.insert(b.time) }
        let edges = cuts.filter { $0 > 0 && $0 <= model.horizon }.sorted()
        var y: [Double] = model.compartments.map { Double($0.initial) } + [Double](repeating: 0, count: n * n)
        var t = 0.0
        var means: [[Double]] = []
        var covs: [[[Double]]] = []
        func bolus(at time: Double) {
            for b in model.boluses where b.time == time { y[b.compartment] += Double(b.cells) }
        }
        func record(_ time: Double) {
            guard model.outputTimes.contains(time) else { return }
            means.append(Array(y[0..<n]))
            var c: [[Double]] = []
            for i in 0..<n { c.append((0..<n).map { j in y[n + i + j * n] }) }
            covs.append(c)
        }
        bolus(at: 0)
        record(0)
        for edge in edges {
            let perInterval = Int(((edge - t) * stepsPerDay).rounded(.up))
            let steps = refinement * max(64, perInterval)
            rk4(&y, Field(RateSet(model: model, at: t)), (edge - t) / Double(steps), steps: steps)
            t = edge
            bolus(at: t)
            record(t)
        }
        return (means, covs)
    }

    /// The right-hand side on the flat state `(m, Σ column-major)`, with `a` the n×n row-major `A`.
    private struct Field {
        let n: Int
        var a: [Double]
        let rates: RateSet

        init(_ r: RateSet) {
            n = r.count
            rates = r
            a = [Double](repeating: 0, count: n * n)
            for i in 0..<n {
                var exit = r.loss[i]
                for j in 0..<n where j != i {
                    a[j * n + i] = r.transfer(from: i, to: j)
                    exit += r.transfer(from: i, to: j)
                }
                a[i * n + i] = r.division[i] - exit
            }
        }

        func callAsFunction(_ y: [Double], into dy: inout [Double]) {
            let r = rates
            for i in 0..<n {
                var s = r.inflow[i]
                for k in 0..<n { s += a[i * n + k] * y[k] }
                dy[i] = s
            }
            for j in 0..<n {
                for i in 0..<n {
                    var s = 0.0
                    for k in 0..<n { s += a[i * n + k] * y[n + k + j * n] + y[n + i + k * n] * a[j * n + k] }
                    dy[n + i + j * n] = s
                }
            }
            for i in 0..<n {
                dy[n + i + i * n] += r.inflow[i] + y[i] * (r.loss[i] + r.division[i])
                for j in 0..<n where j != i {
                    let w = y[i] * r.transfer(from: i, to: j)
                    dy[n + i + i * n] += w
                    dy[n + j + j * n] += w
                    dy[n + i + j * n] -= w
                    dy[n + j + i * n] -= w
                }
            }
        }
    }

    private func rk4(_ y: inout [Double], _ f: Field, _ h: Double, steps: Int) {
        var k1 = y, k2 = y, k3 = y, k4 = y, tmp = y
        for _ in 0..<steps {
            f(y, into: &k1)
            for i in y.indices { tmp[i] = y[i] + h / 2 * k1[i] }
            f(tmp, into: &k2)
            for i in y.indices { tmp[i] = y[i] + h / 2 * k2[i] }
            f(tmp, into: &k3)
            for i in y.indices { tmp[i] = y[i] + h * k3[i] }
            f(tmp, into: &k4)
            for i in y.indices { y[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) }
        }
    }
}
