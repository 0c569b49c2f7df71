import Foundation
import Optimization
import RateModel
import Reporting
import ScenarioFormat

/// Everything a finished fit reports, built from its results: fit.json,
/// residuals.csv, the fitted scenarios, the figures and the terminal summary.
struct FitReporting: Sendable {
    let problem: FitProblem
    let request: FitRequest
    let best: OptimizationResult
    let ends: [OptimizationResult]
    let design: [[Double]]
    let profiles: [Profile]
    /// Every observation's fit at the estimate, by study.
    let fits: [[ObservationFit]]
    let evaluations: Int

    /// The maximum log-likelihood.
    var maximum: Double { -best.value }

    /// Every file of the fit, by path inside the output folder; fit.json is `report`.
    func outputs(report: FitReport) throws(RunError) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = [
            ("fit.json", report.jsonText()),
            ("residuals.csv", ResidualsCSV.render(residualRows)),
            ("fit.svg", try fitPlot().render()),
            ("profiles.svg", profilePlot().render()),
        ]
        for study in problem.studies {
            let free = problem.overrides(best.point, study: study.study.name)
            let estimates = zip(problem.coordinates, best.point).filter { $0.0.parameter.applies(to: study.study.name) }
                .map { "\($0.parameter.path) = \($0.parameter.overrideText($0.value($1)))" }
            let header = ["\(study.study.scenarioPath) with the estimates of `microchimera fit \(request.fitFilePath)` (\(problem.file.name)) written in",
                          "estimates (maximum log-likelihood \(NumberFormat.shortest(maximum))): " + estimates.joined(separator: "; ")]
            do {
                files.append(("fitted/\(study.study.name).yaml", try study.template.documentText(overrides: problem.fixed + free, header: header)))
            } catch {
                throw .scenario(error)
            }
        }
        return files
    }

    func makeReport(startedAt: String, wallTime: Double) -> FitReport {
        let k = problem.coordinates.count
        return FitReport(
            version: MicrochimeraVersion.current, name: problem.file.name, startedAt: startedAt, wallTimeSeconds: wallTime,
            method: problem.method.name, seed: request.seed,
            replicates: problem.method == .moments ? nil : request.replicates,
            fitFile: .init(file: problem.file.file, sha256: SHA256.hexDigest(problem.file.sourceBytes)),
            overrides: problem.fixed.map { "\($0.path)=\($0.value)" },
            studies: zip(problem.studies, fits).map { study, fits in
                FitReport.StudyRecord(name: study.study.name,
                                      scenario: .init(file: study.study.scenarioPath, sha256: SHA256.hexDigest(study.template.sourceBytes)),
                                      extends: study.predictor.base.bases.map { .init(file: $0.file, sha256: SHA256.hexDigest($0.bytes)) },
                                      data: .init(file: study.study.dataPath, sha256: SHA256.hexDigest(study.study.dataBytes)),
                                      observations: study.observations.count, logLikelihood: fits.reduce(0) { $0 + $1.logLikelihood })
            },
            parameters: problem.coordinates.indices.map(parameterRecord),
            maximumLogLikelihood: maximum, aic: 2 * Double(k) - 2 * maximum, observations: problem.observationCount,
            starts: zip(design, ends).map { start, end in
                FitReport.StartRecord(start: problem.values(start), end: problem.values(end.point), logLikelihood: -end.value,
                                      evaluations: end.evaluations, status: Self.status(end.status), converged: Self.converged(end.status))
            },
            evaluations: evaluations,
            optimizer: "NLopt \(FitPipeline.settings.algorithm.rawValue) from a Latin hypercube of \(design.count) starts; "
                + "relative tolerance \(FitPipeline.settings.relativeTolerance), at most \(FitPipeline.settings.maxEvaluations) evaluations per start",
            warnings: warnings)
    }

    /// fit.json's record of parameter `i`.
    func parameterRecord(_ i: Int) -> FitReport.ParameterRecord {
        let c = problem.coordinates[i]
        let p = c.parameter
        let profile = profiles[i]
        let estimate = c.value(best.point[i])
        let ends = interval(i)
        let note: String
        if let ends {
            let side = ends.contains { $0.atBound } ? " (reaching a bound: the data do not limit it on that side)" : ""
            note = "95% profile-likelihood interval \(ends[0].text) to \(ends[1].text)\(side)"
        } else {
            note = "not identifiable by these data: the profile log-likelihood stays within \(NumberFormat.shortest(ProfileLikelihood.threshold95)) "
                + "of the maximum from min \(p.readable(p.lower)) to max \(p.readable(p.upper))"
        }
        return FitReport.ParameterRecord(
            path: p.name, scale: p.scale.rawValue, min: p.lower, max: p.upper, estimate: estimate, estimateText: p.readable(estimate),
            identifiable: ends != nil, interval95: ends, note: note,
            profile: profile.points.map { FitReport.ProfileRecord(value: c.value($0.value), logLikelihood: -$0.objective) })
    }

    /// The 95% interval of parameter `i`, nil when its profile is flat to both bounds.
    func interval(_ i: Int) -> [FitReport.IntervalEnd]? {
        let c = problem.coordinates[i], p = c.parameter, profile = profiles[i]
        guard profile.identifiable else { return nil }
        func end(_ bound: ProfileBound, edge: Double) -> FitReport.IntervalEnd {
            switch bound {
            case .at(let x): let v = c.value(x); return .init(value: v, text: p.readable(v), atBound: false)
            case .notReached: return .init(value: edge, text: p.readable(edge), atBound: true)
            }
        }
        return [end(profile.lower, edge: p.lower), end(profile.upper, edge: p.upper)]
    }

    /// What the user should know about how the optimisation went.
    var warnings: [String] {
        var out: [String] = []
        let unconverged = ends.enumerated().filter { !Self.converged($0.element.status) }.map { "\($0.offset + 1)" }
        if !unconverged.isEmpty {
            out.append("start(s) \(unconverged.joined(separator: ", ")) of \(ends.count) did not converge (see 'starts')")
        }
        for (i, profile) in profiles.enumerated() {
            if let better = profile.improvedOptimum, better.objective < best.value - 1e-6 {
                out.append("the profile of \(problem.coordinates[i].parameter.name) found a higher log-likelihood "
                           + "(\(NumberFormat.shortest(-better.objective))) than the best start: run again with more --starts")
            }
        }
        for (c, x) in zip(problem.coordinates, best.point) where abs(x - c.lower) <= 1e-6 * (c.upper - c.lower) || abs(x - c.upper) <= 1e-6 * (c.upper - c.lower) {
            let which = abs(x - c.lower) < abs(x - c.upper) ? "min" : "max"
            out.append("the estimate of \(c.parameter.name) is at its \(which): the data may favour a value beyond the bounds")
        }
        return out
    }

    /// The rows of residuals.csv, in study and data-file order.
    var residualRows: [ResidualsCSV.Row] {
        zip(problem.studies, fits).flatMap { study, fits in
            zip(study.observations, fits).map { o, f in
                ResidualsCSV.Row(study: study.study.name, kind: o.kindName, assay: o.observation.assay, time: o.request.time,
                                 observed: o.observed, predicted: f.predicted, logLikelihood: f.logLikelihood, pearson: f.pearson,
                                 source: o.observation.source)
            }
        }
    }

    /// The terminal summary: one line per parameter, then the worst-fitting observations.
    func summaryLines(worst count: Int = 5) -> [String] {
        var lines = ["maximum log-likelihood \(String(format: "%.3f", maximum)), AIC \(String(format: "%.3f", 2 * Double(problem.coordinates.count) - 2 * maximum)), "
                     + "\(problem.observationCount) observations, \(evaluations) evaluations"]
        for i in problem.coordinates.indices {
            let record = parameterRecord(i)
            lines.append("  \(record.path) = \(record.estimateText)  (\(caption(record)))")
        }
        let rows = residualRows.filter { $0.pearson.isFinite || $0.pearson.isInfinite }
            .enumerated().sorted { abs($0.element.pearson) > abs($1.element.pearson) || (abs($0.element.pearson) == abs($1.element.pearson) && $0.offset < $1.offset) }
            .prefix(count).map(\.element)
        if !rows.isEmpty { lines.append("worst-fitting observations (Pearson residual):") }
        for r in rows {
            lines.append("  \(r.study) \(r.assay) at \(ReadableUnits.duration(days: r.time)): observed \(ReadableUnits.number(r.observed, digits: 3)), "
                         + "predicted \(ReadableUnits.number(r.predicted, digits: 3)) (\(String(format: "%+.2f", r.pearson)))"
                         + (r.source.isEmpty ? "" : "  [\(r.source)]"))
        }
        lines += warnings.map { "warning: \($0)" }
        return lines
    }

    static func status(_ status: OptimizerStatus) -> String {
        switch status {
        case .converged(let criterion): "converged (\(criterion))"
        case .maxEvaluations: "stopped at the evaluation limit"
        case .failed(let reason): "failed: \(reason)"
        }
    }

    static func converged(_ status: OptimizerStatus) -> Bool {
        if case .converged = status { return true }
        return false
    }
}
