import BiologyModel
import Engines
import Foundation
import RateModel
import ScenarioFormat

extension LessonPipeline {
    /// What the page's exact answer for one family will solve, laid out once
    /// before anything is solved: `plan` reads its estimated time, `exactAnswer` runs it.
    ///
    /// The answer is the population check, then its jobs on both cores: the
    /// means with the figure, one backward solve per time the narration reads
    /// (`presence`), and each host's curves (`curves`, on `grid`). Its time is
    /// estimated as
    ///
    ///     check + max(largest job, Σ jobs / 2),
    ///
    /// the check and the means from the mean pass's `E·n³ + T·n²` multiply-adds
    /// (E epochs, T output times, n compartments; the means job also draws the
    /// figure, per output and compartment), each solve from the column-steps its
    /// backward equation will take (`MomentsEngine.generatingWork`: the blocks it
    /// crosses, the division rates that bound its steps, the compartments its
    /// targets can be reached from) plus a fixed cost per solve; the constants
    /// are `LessonBounds`' measured ones. Complexity of the layout and the
    /// estimate: O(E·n² + B·(changes + outputs)) per solve for B blocks; no BLAS call.
    struct ExactPlan {
        /// The family with the summary's checkpoints among its output times (`SummaryCheckpoints.prepare`).
        let compiled: CompiledScenario
        /// The narration's assay at its one time (`narratedAssay`).
        let narrated: CompiledScenario?
        /// The series whose P(present) the narration reads, by time (`presenceTargets`).
        let presence: [(time: Double, series: [Int])]
        /// The curves' times (`curveGrid`).
        let grid: [Double]
        /// Each host with curves, and what its curves solve (`curvePlan`).
        let curves: [(host: String, plan: CurvePlan)]
        /// The estimated seconds of the answer on the project's 2-core machine.
        let seconds: Double

        /// The plan of `raw`'s answer with the page's assay `assay`.
        init(_ raw: CompiledScenario, assay: LessonAssay) throws(LessonError) {
            compiled = SummaryCheckpoints.prepare(raw)
            narrated = narratedAssay(compiled)
            presence = presenceTargets(compiled, narrated: narrated)
            let entries = compiled.layout.entries
            let references = SummaryCheckpoints.references(compiled)
            let network = compiled.network
            grid = curveGrid(horizon: network.horizon, including: SummaryCheckpoints.times(
                references: entries.indices.filter { isCurve(entries[$0]) }.map { references[$0] }, horizon: network.horizon))
            var curves: [(host: String, plan: CurvePlan)] = []
            for host in compiled.hosts where entries.contains(where: { isCurve($0) && $0.label.host == host }) {
                curves.append((host, try curvePlan(compiled, host: host, grid: grid, assay: assay)))
            }
            self.curves = curves

            let engine = MomentsEngine(model: network)
            let (n, epochs, outputs) = (Double(network.count), Double(engine.schedule.epochs.count), Double(network.outputTimes.count))
            let meanPass = epochs * n * n * n + outputs * n * n
            var solves: [(targets: [GeneratingTarget], times: [Double])] = []
            for (time, series) in presence { solves.append((series.map { GeneratingTarget.empty(entries[$0].compartments) }, [time])) }
            for curve in curves { solves.append((curve.plan.targets, grid)) }
            var jobs: [Double] = engine.generatingWork(solves).map { work in
                LessonBounds.secondsPerSolve + LessonBounds.secondsPerColumnStep * work
            }
            jobs.append(LessonBounds.secondsPerMeanFlop * meanPass + LessonBounds.secondsPerFigurePoint * outputs * n)
            let largest = jobs.max() ?? 0
            seconds = LessonBounds.secondsPerCheckFlop * meanPass + max(largest, jobs.reduce(0, +) / 2)
        }
    }

    /// The estimated seconds of a whole `run --method moments` of `scenario` (a population's
    /// quadrature, or a network scenario: every series at every output time, covariance included).
    static func wholeRunSeconds(_ scenario: LoadedScenario) -> Double {
        let model = scenario.model
        let runs = scenario.compiled?.scenario.population?.runs ?? 1
        let n = Double(model.count)
        let units = LessonBounds.momentsCost(model, outputs: model.outputTimes.count, targets: max(1, model.count),
                                             solveTimes: model.outputTimes.count, runs: runs) + 15 * n * n * n * n * Double(runs)
        return units * LessonBounds.secondsPerCostUnit
    }
}
