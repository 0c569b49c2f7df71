import Foundation
import Optimization
import Reporting
import ScenarioFormat

/// The whole of `microchimera calibrate`: the joint fit of a suite of studies
/// with intervals, which studies inform each parameter, leave-one-study-out
/// predictions, and the comparison of alternative model structures.
///
/// 1. **Joint fits**: a multistart estimate on the suite's fit file, each
///    start screened coarsely and the best two polished (`estimate`), and
///    each alternative structure's from the suite's estimate and an eighth
///    as many starts; then every structure polished from every other's
///    estimate (`fitStructures`). The suite's files are written as `fit`
///    writes them.
/// 2. **Informing studies**: `StudyInformation` (2k + 1 evaluations), then
///    the joint information that guides the profiles (`JointInformation`,
///    1 + 2k + k(k − 1)/2).
/// 3. **Profiles**: 95% profile intervals of the biology's parameters by
///    `profiles` (curvature-guided sides, `warmSettings`), not `fit`'s equal
///    grid of 8 per side: each point re-optimises every other parameter of
///    the suite; a group's parameter gets the quadratic model's interval.
/// 4. **Leave one study out**: for each of the S studies, one local
///    optimisation of the other studies' likelihood started at the joint
///    estimate, except that a parameter the left-out study alone informs
///    starts at the centre of its box (`StudyInformation.leaveOneOutStart`:
///    the others leave it free, and its joint value is that study's data)
///    (`warmSettings`, no profiles), then the left-out study predicted there, each
///    observation with its 95% interval (`ObservationCheck`). S jobs in
///    parallel, each serial, so the bytes do not depend on the threads.
/// 5. **Comparison**: each alternative's maximum log-likelihood, k and AIC
///    (from step 1; no profiles, no leave-one-out).
///
/// Cost: the fit's evaluations, plus 2k + 1, plus 2k profile sides (each
/// typically 2–4 re-optimisations), plus S refits (each typically
/// 10²–10³ evaluations of S − 1 studies), plus the alternatives' fits.
/// Everything is written together and atomically, or nothing is.
public enum CalibrationPipeline {
    /// Runs `request` and writes its files.
    public static func run(_ request: CalibrationRequest) throws(RunError) -> CalibrationOutcome {
        try request.validate()
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = ISO8601DateFormatter().string(from: Date())
        let fitRequest = request.fitRequest(request.fitFilePath)
        let problem = try FitPipeline.load(fitRequest)
        guard problem.studies.count >= 2 else {
            throw .usage("a calibration needs at least 2 studies to leave one out, \(request.fitFilePath) has \(problem.studies.count); "
                         + "add studies or use `microchimera fit`")
        }
        let counter = EvaluationCounter()
        let objective = counter.counting(problem.objective)
        var timings = Timings(clock: clock)
        let starts = request.starts ?? FitRequest.defaultStarts
        request.log?("calibrating \(problem.coordinates.count) free parameter(s) on \(problem.observationCount) observations "
                     + "of \(problem.studies.count) studies (method \(problem.method.name)): \(starts) starts")
        var inputs = problem.inputFiles
        var alternatives: [(name: String, problem: FitProblem)] = []
        for alternative in request.alternatives {
            let alt = try FitPipeline.load(request.fitRequest(alternative.fitFilePath))
            alternatives.append((alternative.name, alt))
            inputs += alt.inputFiles
        }
        let (structures, ends, design) = try fitStructures(problem, alternatives: alternatives, count: starts, seed: request.seed,
                                                           threads: request.threads, counter: counter, log: request.log)
        let best = structures[0].best
        timings.stage("joint fits of \(structures.count) structure(s)", evaluations: counter.value, log: request.log)
        request.log?("  maximum log-likelihood \(String(format: "%.3f", -best.value)) (start \(ends.firstIndex(of: best).map { "\($0 + 1)" } ?? "?"); "
                     + "screened ends: \(ends.map { String(format: "%.1f", -$0.value) }.joined(separator: ", ")))")
        let information = try StudyInformation.measure(problem, at: best.point, threads: request.threads)
        let joint = try JointInformation.measure(problem, at: best.point, diagonal: information, threads: request.threads)
        let k = problem.coordinates.count
        counter.add(1 + 2 * k + 1 + 2 * k + k * (k - 1) / 2)
        timings.stage("curvature", evaluations: counter.value, log: request.log)
        let profiles = Self.profiles(problem, optimum: best, objective: objective, information: information, joint: joint,
                                     threads: request.threads, log: request.log)
        timings.stage("profiles", evaluations: counter.value, log: request.log)
        let refits = try leaveOneOut(problem, from: best, information: information, counter: counter, threads: request.threads)
        timings.stage("leave-one-study-out refits", evaluations: counter.value, log: request.log)
        var comparison: [CalibrationReport.Structure] = []
        for s in structures { comparison.append(try structure(name: s.name, problem: s.problem, best: s.best)) }
        let smallest = comparison.map(\.aic).min() ?? 0
        for i in comparison.indices { comparison[i].deltaAic = comparison[i].aic - smallest }

        let fits = try problem.evaluate(best.point)
        let reporting = FitReporting(problem: problem, request: fitRequest, best: best, ends: ends, design: design, profiles: profiles,
                                     fits: fits, evaluations: counter.value)
        let fitJSON = reporting.makeReport(startedAt: startedAt, wallTime: FitPipeline.seconds(clock.now - started))
        let validation = try ValidationTable(problem: problem, best: best, refits: refits)
        let report = CalibrationReport(
            version: MicrochimeraVersion.current, name: problem.file.name, method: problem.method.name, seed: request.seed,
            starts: design.count, fitFile: problem.file.file, inputs: Self.unique(inputs),
            maximumLogLikelihood: -best.value, aic: fitJSON.aic, observations: problem.observationCount, coordinates: best.point,
            informThreshold: CalibrationReport.informThreshold, curvatureSteps: information.steps,
            parameters: problem.coordinates.indices.map { i in
                let record = reporting.parameterRecord(i)
                return CalibrationReport.Parameter(
                    path: record.path, setPath: problem.coordinates[i].parameter.path,
                    studies: problem.coordinates[i].parameter.studies, scale: record.scale, dimension: problem.coordinates[i].parameter.dimension.rawValue,
                    unit: Self.unit(problem.coordinates[i].parameter.dimension), min: record.min, max: record.max,
                    estimate: record.estimate, estimateText: record.estimateText, identifiable: record.identifiable,
                    interval95: record.interval95,
                    intervalMethod: problem.coordinates[i].parameter.studies == nil ? "profile" : "curvature",
                    informedBy: information.informing(i, names: problem.studies.map(\.study.name), threshold: CalibrationReport.informThreshold),
                    curvatureShares: information.shares[i],
                    leaveOneOut: refits.map { problem.coordinates[i].value($0.result.point[i]) })
            },
            studies: validation.studies(problem: problem, fits: fits, refits: refits),
            inSample: validation.agreement(\.inSample), leaveOneOut: validation.agreement(\.leaveOneOut),
            comparison: comparison, evaluations: counter.value)
        var outputs = try reporting.outputs(report: fitJSON)
        outputs += [("calibration.json", report.jsonText()),
                    ("validation.csv", ValidationCSV.render(validation.rows)),
                    ("validation.svg", validation.plot(title: "\(problem.file.name): observed against predicted").render())]
        let directory = request.resolvedOutDirectory
        let paths = try FitPipeline.commit(outputs, into: directory)
        return CalibrationOutcome(directory: directory, files: paths, report: report, summary: summary(report))
    }

    /// One leave-one-study-out refit: the other studies' estimate and the left-out study predicted there.
    struct Refit: Sendable {
        let result: OptimizationResult
        let predictions: [AssayPrediction]
        /// The coordinates the left-out study alone informs, started at the centre of their box.
        let centred: [Int]
    }

    /// For each study, the other studies' estimate (one local optimisation
    /// from `best`, with the coordinates the study alone informs moved to
    /// the centre of their box: `StudyInformation.leaveOneOutStart`) and its
    /// prediction of the study.
    static func leaveOneOut(_ problem: FitProblem, from best: OptimizationResult, information: StudyInformation,
                            counter: EvaluationCounter, threads: Int) throws(RunError) -> [Refit] {
        let results = FitPipeline.parallelMap(count: problem.studies.count, threads: threads) { s in
            Result { () throws(RunError) -> Refit in
                let rest = problem.removing(study: s)
                let threshold = CalibrationReport.informThreshold
                let start = information.leaveOneOutStart(best.point, without: s, box: problem.box, threshold: threshold)
                let result = BoundedOptimizer.minimize(counter.counting(rest.objective), start: start, box: problem.box,
                                                       settings: warmSettings)
                let study = problem.studies[s]
                let predictions = try study.predictor.predict(study.observations.map(\.request), overrides: problem.outOfSampleOverrides(result.point, study: study.study.name))
                return Refit(result: result, predictions: predictions, centred: information.informedAlone(by: s, threshold: threshold))
            }
        }
        var out: [Refit] = []
        for r in results { out.append(try r.get()) }
        return out
    }

    /// A structure's row of the comparison (`deltaAic` filled in by the caller), with each
    /// study's log-likelihood at its estimate (one evaluation of the structure's studies).
    static func structure(name: String, problem: FitProblem, best: OptimizationResult) throws(RunError) -> CalibrationReport.Structure {
        let k = problem.coordinates.count, maximum = -best.value
        let byStudy = try problem.studyLogLikelihoods(best.point)
        return .init(name: name, fitFile: problem.file.file, maximumLogLikelihood: maximum, k: k, observations: problem.observationCount,
                     aic: 2 * Double(k) - 2 * maximum, deltaAic: 0,
                     estimates: problem.coordinates.indices.map { .init(name: problem.coordinates[$0].parameter.name,
                                                                        value: problem.coordinates[$0].value(best.point[$0])) },
                     studies: zip(problem.studies, byStudy).map { .init(name: $0.study.name, logLikelihood: $1) })
    }

    /// The base unit of a dimension as written after a value.
    static func unit(_ dimension: FreeParameter.Dimension) -> String {
        switch dimension {
        case .time: "days"
        case .rate: "/day"
        case .volume: "mL"
        case .number: ""
        }
    }

    /// Records sorted by path, each path once.
    static func unique(_ records: [FitReport.FileRecord]) -> [FitReport.FileRecord] {
        var seen = Set<String>()
        return records.sorted { $0.file < $1.file }.filter { seen.insert($0.file).inserted }
    }

    /// The terminal summary.
    static func summary(_ report: CalibrationReport) -> [String] {
        func percent(_ x: Double) -> String { String(format: "%.0f%%", 100 * x) }
        var lines = ["maximum log-likelihood \(String(format: "%.3f", report.maximumLogLikelihood)), AIC \(String(format: "%.3f", report.aic)), "
                     + "\(report.observations) observations of \(report.studies.count) studies, \(report.evaluations) evaluations"]
        for p in report.parameters {
            let interval = p.interval95.map { "\($0[0].text) to \($0[1].text)" } ?? "not identifiable"
            let informing = p.informedBy.isEmpty ? "no study" : p.informedBy.joined(separator: ", ")
            lines.append("  \(p.path) = \(p.estimateText)  (95%: \(interval); informed by \(informing))")
        }
        lines.append("within 2x: \(percent(report.inSample.fractionWithinTwofold)) in sample, "
                     + "\(percent(report.leaveOneOut.fractionWithinTwofold)) leaving each study out; inside 95%: \(percent(report.inSample.fractionInside95)) and \(percent(report.leaveOneOut.fractionInside95))")
        for s in report.comparison {
            lines.append("  structure \(s.name): log-likelihood \(String(format: "%.3f", s.maximumLogLikelihood)), k = \(s.k), "
                         + "ΔAIC \(String(format: "%.2f", s.deltaAic))")
        }
        return lines
    }
}

/// What a calibration produced.
public struct CalibrationOutcome: Sendable {
    public let directory: String
    /// Paths of the files written.
    public let files: [String]
    /// What calibration.json holds.
    public let report: CalibrationReport
    /// The terminal summary.
    public let summary: [String]
}

/// Wall time and evaluations per stage, told to the log (never written to a file: the files do not follow the clock).
struct Timings {
    let clock: ContinuousClock
    var last: ContinuousClock.Instant
    var lastEvaluations = 0

    init(clock: ContinuousClock) {
        self.clock = clock
        last = clock.now
    }

    mutating func stage(_ name: String, evaluations: Int, log: (@Sendable (String) -> Void)?) {
        let now = clock.now
        let seconds = FitPipeline.seconds(now - last)
        let n = evaluations - lastEvaluations
        let each = n > 0 ? String(format: ", %.1f ms per evaluation", 1000 * seconds / Double(n)) : ""
        log?("\(name): \(String(format: "%.1f", seconds)) s, \(n) evaluations\(each)")
        last = now
        lastEvaluations = evaluations
    }
}
