import Foundation
import Optimization
import RandomStreams
import Testing

@Suite("Profile likelihood")
struct ProfileLikelihoodTests {
    static let z975 = 1.959963984540054

    func ends(_ profile: Profile) -> (Double, Double)? {
        guard case .at(let low) = profile.lower, case .at(let high) = profile.upper else { return nil }
        return (low, high)
    }

    @Test("the threshold is half the 95% quantile of chi-square(1)")
    func threshold() {
        #expect(abs(ProfileLikelihood.threshold95 - Self.z975 * Self.z975 / 2) < 1e-14)
    }

    /// A normal mean with known σ = 2 from n = 25 draws: the profile is the
    /// likelihood itself, and its 95% interval is x̄ ± 1.95996·σ/√n exactly.
    @Test("a normal mean's interval is the z interval", arguments: [2, 8])
    func gaussianMean(_ gridPoints: Int) throws {
        var rng = Philox4x64(stream: StreamID(seed: 19, point: 0, replicate: 0))
        let data = (0..<25).map { _ in Sampler.normal(mean: 1.5, sd: 2, using: &rng) }
        let objective = TestObjectives.gaussianMean(data: data, sigma: 2)
        let box = Box(lower: [-10], upper: [10])
        let optimum = BoundedOptimizer.minimize(objective, start: [0], box: box)
        let profile = ProfileLikelihood.profile(parameter: 0, optimum: optimum, box: box, objective: objective,
                                                settings: .init(), gridPoints: gridPoints)
        let mean = data.reduce(0, +) / Double(data.count)
        let halfWidth = Self.z975 * 2 / 5
        let (low, high) = try #require(ends(profile))
        #expect(abs(low - (mean - halfWidth)) < 1e-4, "lower \(low), expected \(mean - halfWidth)")
        #expect(abs(high - (mean + halfWidth)) < 1e-4, "upper \(high), expected \(mean + halfWidth)")
        #expect(profile.identifiable && profile.bounded && profile.improvedOptimum == nil)
        #expect(profile.points.map(\.value) == profile.points.map(\.value).sorted())
        #expect(profile.points.contains(ProfilePoint(value: optimum.point[0], objective: optimum.value, others: [])))
    }

    /// `½(x − m)ᵀH(x − m)` with H = [[4, 3], [3, 4]]: the profile of x₀ is
    /// `½(4 − 9/4)(x₀ − m₀)²` with x₁ = m₁ − ¾(x₀ − m₀), so its crossings are
    /// m₀ ± √(2t/1.75); the slice through the optimum would give m₀ ± √(2t/4).
    @Test("a correlated quadratic: the profile re-optimises, it is not a slice")
    func correlated() throws {
        let m = [0.5, -0.2]
        let objective = TestObjectives.quadratic2D(h00: 4, h01: 3, h11: 4, m: m)
        let box = Box(lower: [-5, -5], upper: [5, 5])
        let optimum = BoundedOptimizer.minimize(objective, start: [2, 2], box: box)
        let profile = ProfileLikelihood.profile(parameter: 0, optimum: optimum, box: box, objective: objective,
                                                settings: .init())
        let t = ProfileLikelihood.threshold95
        let (low, high) = try #require(ends(profile))
        #expect(abs(low - (m[0] - (2 * t / 1.75).squareRoot())) < 1e-4, "lower \(low)")
        #expect(abs(high - (m[0] + (2 * t / 1.75).squareRoot())) < 1e-4, "upper \(high)")
        for point in profile.points {
            let d = point.value - m[0]
            #expect(abs(point.objective - 0.875 * d * d) < 1e-5, "at \(point.value): \(point.objective)")
            #expect(abs(point.others[0] - (m[1] - 0.75 * d)) < 1e-3, "at \(point.value): \(point.others)")
        }
    }

    /// `(x₀ − 1)²` does not depend on x₁: x₁'s profile is flat to both edges.
    @Test("a flat direction is not reached on either side, so not identifiable")
    func flat() {
        let objective: @Sendable ([Double]) -> Double = { x in (x[0] - 1) * (x[0] - 1) }
        let box = Box(lower: [-3, -3], upper: [3, 3])
        let optimum = BoundedOptimizer.minimize(objective, start: [0, 0.5], box: box)
        let flat = ProfileLikelihood.profile(parameter: 1, optimum: optimum, box: box, objective: objective,
                                             settings: .init())
        #expect(flat.lower == .notReached && flat.upper == .notReached && !flat.identifiable)
        #expect(flat.points.first?.value == -3 && flat.points.last?.value == 3)
        let other = ProfileLikelihood.profile(parameter: 0, optimum: optimum, box: box, objective: objective,
                                              settings: .init())
        #expect(other.bounded)
    }

    /// The optimum of `(x − 3)²` in [0, 2] is the edge 2: the upper side has
    /// no room and is not reached; the lower crossing is 3 − √(1 + t).
    @Test("an optimum on the edge: that side is not reached")
    func edge() {
        let objective: @Sendable ([Double]) -> Double = { x in (x[0] - 3) * (x[0] - 3) }
        let box = Box(lower: [0], upper: [2])
        let optimum = BoundedOptimizer.minimize(objective, start: [1], box: box)
        let profile = ProfileLikelihood.profile(parameter: 0, optimum: optimum, box: box, objective: objective,
                                                settings: .init())
        #expect(profile.upper == .notReached)
        guard case .at(let low) = profile.lower else {
            Issue.record("lower \(profile.lower)")
            return
        }
        #expect(abs(low - (3 - (1 + ProfileLikelihood.threshold95).squareRoot())) < 1e-4)
    }

    /// `(x² − 1)² + 0.2x` has a local minimum near +1 (≈ +0.2) and the global
    /// one near −1 (≈ −0.2); profiling from the local one walks over the low
    /// barrier (1 at x = 0, under the threshold) and finds a value near −0.2 on the grid near −1.
    @Test("a better optimum met on the way is recorded")
    func improved() throws {
        let objective: @Sendable ([Double]) -> Double = { x in (x[0] * x[0] - 1) * (x[0] * x[0] - 1) + 0.2 * x[0] }
        let box = Box(lower: [-3], upper: [3])
        let local = BoundedOptimizer.minimize(objective, start: [1.2], box: box)
        #expect(local.point[0] > 0)
        let profile = ProfileLikelihood.profile(parameter: 0, optimum: local, box: box, objective: objective,
                                                settings: .init())
        let better = try #require(profile.improvedOptimum)
        #expect(abs(better.value + 1) < 0.25 && better.objective < -0.15, "\(better)")
        #expect(better.objective == objective([better.value]))
        #expect(better.point(parameter: 0) == [better.value])
        #expect(profile.points.allSatisfy { $0.objective >= better.objective })
        #expect(profile.bounded)
    }

    /// Profiling each coordinate on its own task gives what a sequential run gives.
    @Test("deterministic, also with coordinates profiled concurrently")
    func deterministic() async {
        let objective = TestObjectives.weightedQuadratic(center: [0.1, 0.2, 0.3])
        let box = Box(lower: [-3, -3, -3], upper: [3, 3, 3])
        let optimum = BoundedOptimizer.minimize(objective, start: [0.5, 0.5, 0.5], box: box)
        let run = { @Sendable (i: Int) in
            ProfileLikelihood.profile(parameter: i, optimum: optimum, box: box, objective: objective, settings: .init())
        }
        let sequential = (0..<3).map(run)
        let concurrent = await withTaskGroup(of: Profile.self) { group in
            for i in 0..<3 { group.addTask { run(i) } }
            return await group.reduce(into: []) { $0.append($1) }.sorted { $0.parameter < $1.parameter }
        }
        #expect(concurrent == sequential)
        #expect(sequential.allSatisfy { $0.bounded })
    }
}

/// The two sides of a profile computed apart (as the fit does on two threads) give the sequential profile.
@Suite("Profile sides")
struct ProfileSideTests {
    @Test("side(.lower) and side(.upper), combined, equal profile(...) exactly")
    func sidesCombine() {
        // A correlated quadratic: ℓ = (x−1)² + (y+0.5)² + x·y, its minimum inside the box.
        let objective: @Sendable ([Double]) -> Double = { p in (p[0] - 1) * (p[0] - 1) + (p[1] + 0.5) * (p[1] + 0.5) + p[0] * p[1] }
        let box = Box(lower: [-4, -4], upper: [4, 4])
        let settings = OptimizerSettings()
        let best = BoundedOptimizer.minimize(objective, start: [0, 0], box: box, settings: settings)
        for i in 0..<2 {
            let whole = ProfileLikelihood.profile(parameter: i, optimum: best, box: box, objective: objective, settings: settings)
            let lower = ProfileLikelihood.side(.lower, parameter: i, optimum: best, box: box,
                                               objective: objective, settings: settings)
            let upper = ProfileLikelihood.side(.upper, parameter: i, optimum: best, box: box, objective: objective, settings: settings)
            #expect(ProfileLikelihood.combine(parameter: i, optimum: best, lower: lower, upper: upper, settings: settings) == whole)
            #expect(whole.bounded)
        }
    }
}
