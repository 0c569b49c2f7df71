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
        case assay([AssayCSV.Row])
        case svg(String)
    }

    typealias ExactJob = @Sendable () throws(LessonError) -> ExactPart

    /// Host `host`'s curves on `grid` (`exactCurves`).
    static func curvesJob(_ compiled: CompiledScenario, host: String, grid: [Double], assay: LessonAssay) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            let curves = try exactCurves(compiled, host: host, grid: grid, assay: assay)
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

    /// The assay row of `narrated` (one assay at one time, `narratedAssay`), as `run --method moments` computes it.
    static func assayJob(_ narrated: CompiledScenario, meanCount: Double) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            let rows = try engine { () throws(EngineError) -> [AssayCSV.Row] in
                try RunPipeline.momentsAssays(narrated, network: narrated.network) { _, _ in meanCount }
            }
            return ExactPart.assay(rows)
        }
    }

    /// The timeline of the means (the figure draws no other statistic).
    static func svgJob(_ result: RunResult, scenario: LoadedScenario, compiled: CompiledScenario) -> ExactJob {
        { () throws(LessonError) -> ExactPart in
            ExactPart.svg(RunPipeline.timelineSVG(result, scenario: scenario, compiled: compiled, model: compiled.network, sample: "exact"))
        }
    }
}
