import Foundation
import Optimization
import Testing

@Suite("Bounded optimizer (NLopt)")
struct BoundedOptimizerTests {
    static let tight = OptimizerSettings(relativeTolerance: 1e-12, absoluteTolerance: 1e-14, maxEvaluations: 20_000)

    func settings(_ algorithm: LocalAlgorithm, _ base: OptimizerSettings = tight) -> OptimizerSettings {
        var settings = base
        settings.algorithm = algorithm
        return settings
    }

    @Test("a weighted quadratic's interior minimum, every algorithm", arguments: LocalAlgorithm.allCases)
    func quadratic(_ algorithm: LocalAlgorithm) {
        let center = [0.3, -1.2, 2.5]
        let box = Box(lower: [-2, -3, 0], upper: [2, 1, 4])
        let result = BoundedOptimizer.minimize(TestObjectives.weightedQuadratic(center: center),
                                               start: [1.5, 0.5, 0.5], box: box, settings: settings(algorithm))
        #expect(result.status.isConverged, "status \(result.status)")
        for (x, c) in zip(result.point, center) { #expect(abs(x - c) < 1e-4, "\(result.point)") }
        #expect(result.value < 1e-8)
        #expect(result.start == [1.5, 0.5, 0.5])
    }

    @Test("Rosenbrock's banana in [-2, 2]² from (-1.2, 1)", arguments: [LocalAlgorithm.bobyqa, .sbplx])
    func rosenbrock(_ algorithm: LocalAlgorithm) {
        let result = BoundedOptimizer.minimize(TestObjectives.rosenbrock, start: [-1.2, 1],
                                               box: Box(lower: [-2, -2], upper: [2, 2]), settings: settings(algorithm))
        #expect(result.status.isConverged, "status \(result.status)")
        #expect(abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4, "\(result.point)")
    }

    /// The unconstrained minimum (3, 0.5) lies outside [0, 2] × [0, 1]; the box's
    /// minimiser is (2, 0.5) on the edge.
    @Test("a minimum on the box's edge", arguments: LocalAlgorithm.allCases)
    func edge(_ algorithm: LocalAlgorithm) {
        let result = BoundedOptimizer.minimize(TestObjectives.weightedQuadratic(center: [3, 0.5]),
                                               start: [0.5, 0.9], box: Box(lower: [0, 0], upper: [2, 1]),
                                               settings: settings(algorithm))
        #expect(result.point[0] == 2, "\(result.point)")
        #expect(abs(result.point[1] - 0.5) < 1e-4, "\(result.point)")
        #expect(abs(result.value - 1) < 1e-8)
    }

    @Test("starts on a corner, and outside the box (clamped)", arguments: LocalAlgorithm.allCases)
    func startOnBounds(_ algorithm: LocalAlgorithm) {
        let box = Box(lower: [-1, -1], upper: [1, 1])
        let objective = TestObjectives.weightedQuadratic(center: [0.25, -0.5])
        for start in [[1.0, 1.0], [-1.0, 1.0], [5.0, -7.0]] {
            let result = BoundedOptimizer.minimize(objective, start: start, box: box, settings: settings(algorithm))
            #expect(result.start == box.clamp(start))
            #expect(abs(result.point[0] - 0.25) < 1e-4 && abs(result.point[1] + 0.5) < 1e-4,
                    "from \(start): \(result.point)")
        }
    }

    /// `eˣ − 2x` has its minimum at ln 2; NLopt 2.7.1's BOBYQA accepts n = 1.
    @Test("one dimension, every algorithm", arguments: LocalAlgorithm.allCases)
    func oneDimension(_ algorithm: LocalAlgorithm) {
        for start in [-1.0, 0.2, 2.0] {
            let result = BoundedOptimizer.minimize({ exp($0[0]) - 2 * $0[0] }, start: [start],
                                                   box: Box(lower: [-1], upper: [2]), settings: settings(algorithm))
            #expect(result.status.isConverged, "status \(result.status)")
            #expect(abs(result.point[0] - log(2)) < 1e-4, "from \(start): \(result.point)")
        }
    }

    @Test("zero dimensions: one evaluation at the empty point")
    func zeroDimensions() {
        let result = BoundedOptimizer.minimize({ x in Double(x.count) + 7 }, start: [],
                                               box: Box(lower: [], upper: []))
        #expect(result == OptimizationResult(point: [], value: 7, evaluations: 1,
                                             status: .converged("no free coordinates"), start: []))
    }

    /// `(x − 2)² + (y − 2)²` is NaN outside the disc x² + y² ≤ 4, whose point
    /// nearest (2, 2) is (√2, √2) with value 2(2 − √2)² ≈ 0.686.
    @Test("a NaN region is avoided, never the result", arguments: LocalAlgorithm.allCases)
    func nonFinite(_ algorithm: LocalAlgorithm) {
        let result = BoundedOptimizer.minimize({ x in
            x[0] * x[0] + x[1] * x[1] > 4 ? .nan : (x[0] - 2) * (x[0] - 2) + (x[1] - 2) * (x[1] - 2)
        }, start: [0, 0], box: Box(lower: [-3, -3], upper: [3, 3]), settings: settings(algorithm, .init()))
        let best = 2 * (2 - 2.0.squareRoot()) * (2 - 2.0.squareRoot())
        #expect(result.value.isFinite && result.value >= best && result.value < best + 0.05, "\(result)")
        #expect(result.point[0] * result.point[0] + result.point[1] * result.point[1] <= 4)
        if case .failed = result.status { Issue.record("status \(result.status)") }
    }

    @Test("an objective that is never finite fails with +infinity")
    func neverFinite() {
        let result = BoundedOptimizer.minimize({ _ in -.infinity }, start: [0.5, 0.5],
                                               box: Box(lower: [0, 0], upper: [1, 1]))
        #expect(result.value == .infinity)
        #expect(result.point == [0.5, 0.5])
        guard case .failed(let text) = result.status else {
            Issue.record("status \(result.status)")
            return
        }
        #expect(text.contains("not finite"))
    }

    @Test("the evaluation budget stops the run")
    func budget() {
        let result = BoundedOptimizer.minimize(TestObjectives.rosenbrock, start: [-1.2, 1],
                                               box: Box(lower: [-2, -2], upper: [2, 2]),
                                               settings: OptimizerSettings(maxEvaluations: 10))
        #expect(result.status == .maxEvaluations)
        #expect(result.evaluations == 10)
    }

    /// The same inputs give the same result, also when eight runs go at once on
    /// the cooperative thread pool.
    @Test("deterministic, sequentially and concurrently", arguments: LocalAlgorithm.allCases)
    func deterministic(_ algorithm: LocalAlgorithm) async {
        let settings = settings(algorithm, .init())
        let box = Box(lower: [-2, -2], upper: [2, 2])
        let run = { @Sendable in
            BoundedOptimizer.minimize(TestObjectives.rosenbrock, start: [-1.2, 1], box: box, settings: settings)
        }
        let reference = run()
        let results = await withTaskGroup(of: OptimizationResult.self) { group in
            for _ in 0..<8 { group.addTask(operation: run) }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.allSatisfy { $0 == reference })
        #expect(run() == reference)
    }

    /// A start closer to a bound than BOBYQA's first step (here 0.01 from the
    /// lower bound with a first step of 0.1 of the width) is moved inward
    /// before BOBYQA's first evaluation; the objective is 0 at the start
    /// exactly and at least 1 everywhere else, so only an evaluation of the
    /// start itself can return 0.
    @Test("a run never ends worse than its start, even where BOBYQA moves the start", arguments: LocalAlgorithm.allCases)
    func neverWorseThanStart(_ algorithm: LocalAlgorithm) {
        let start = [0.01, 0.5]
        let objective: ([Double]) -> Double = { x in x == start ? 0 : 1 + (x[0] - 0.7) * (x[0] - 0.7) + (x[1] - 0.2) * (x[1] - 0.2) }
        var fast = settings(algorithm)
        fast.maxEvaluations = 200
        fast.initialStep = 0.1
        let result = BoundedOptimizer.minimize(objective, start: start, box: Box(lower: [0, 0], upper: [1, 1]), settings: fast)
        #expect(result.value == 0 && result.point == start, "\(algorithm): ended at \(result.point) with \(result.value)")
        #expect(result.evaluations <= 201)
    }
}
