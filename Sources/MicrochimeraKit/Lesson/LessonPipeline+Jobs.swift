import BiologyModel
import Engines
import RateModel
import Reporting
import ScenarioFormat

/// The independent jobs of an exact answer (`exactAnswer`), each a closure
/// that `concurrently` runs on whichever core is free.
extension LessonPipeline {
    /// What one job of an exact answer produced.
    enum ExactPart: Sendable {
        case curves([LessonCurve])
        /// `ln P(empty)` of `series` at `time`, one per series.
        case presence(time: Double, series: [Int], logEmpty: [Double])
        /// The means of every series (no other statistic), the timeline drawn from them, and the narration's assay row.
        case means(RunResult, svg: String, assay: [AssayCSV.Row])
    }

    typealias ExactJob = @Sendable () throws(LessonError) -> ExactPart

    /// One host's curves on `grid` as `plan` lays them out (`exactCurves`).
    static func curvesJob(_ compiled: CompiledScenario, plan: CurvePlan, grid: [Double]) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            let curves = try exactCurves(compiled, plan: plan, grid: grid)
            return ExactPart.curves(curves)
        }
    }

    /// P(present) of `series` (whose compartments `targets` sum) at `time`: one backward solve from `time`.
    static func presenceJob(_ model: NetworkModel, at time: Double, series: [Int], targets: [GeneratingTarget]) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            let solved = try solve(model, at: [time], targets: targets)
            return ExactPart.presence(time: time, series: series, logEmpty: solved[0])
        }
    }

    /// The means on the full output grid (`MomentsEngine.meanTrajectory`), the timeline of
    /// the means (the figure draws no other statistic), and the assay row of `narrated` (one
    /// assay at one time, `narratedAssay`) as `run --method moments` computes it.
    static func meansJob(_ scenario: LoadedScenario, compiled: CompiledScenario, narrated: CompiledScenario?) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            let model = compiled.network
            let times = model.outputTimes
            let means = try engine { () throws(EngineError) in try MomentsEngine(model: model).meanTrajectory() }
            let result = RunResult(times: times, series: compiled.layout.entries.map { entry in
                TimeSeries(label: entry.label, points: times.indices.map { k in
                    PointStatistics(mean: entry.compartments.reduce(0) { $0 + means[k][$1] })
                })
            }, method: .moments)
            var rows: [AssayCSV.Row] = []
            if let narrated {
                let count = times.firstIndex(of: narrated.network.outputTimes[0]).map { k in
                    narrated.assays[0].compartments.reduce(0) { $0 + means[k][$1] }
                } ?? 0
                rows = try engine { () throws(EngineError) -> [AssayCSV.Row] in
                    try RunPipeline.momentsAssays(narrated, network: narrated.network) { _, _ in count }
                }
            }
            let svg = RunPipeline.timelineSVG(result, scenario: scenario, compiled: compiled, model: model, sample: "exact")
            return ExactPart.means(result, svg: svg, assay: rows)
        }
    }
}
