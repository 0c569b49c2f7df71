import Foundation
import Optimization
import RateModel
import Reporting
import StochasticEngines

/// fit.svg and profiles.svg.
extension FitReporting {
    /// Times per curve of fit.svg.
    static let curvePoints = 41
    /// At most this many parameter sets of the confidence region make a band.
    static let bandSets = 24

    /// The parameter sets whose predictions bound the 95% band: the estimate
    /// and every profile point within the 95% threshold of the maximum (a
    /// likelihood-based confidence region's points, evenly thinned to `bandSets`).
    var bandPoints: [[Double]] {
        var points: [[Double]] = []
        for (i, profile) in profiles.enumerated() {
            for p in profile.points where p.objective <= best.value + ProfileLikelihood.threshold95 {
                var x = p.others
                x.insert(p.value, at: i)
                points.append(x)
            }
        }
        guard points.count > Self.bandSets else { return [best.point] + points }
        let stride = Double(points.count) / Double(Self.bandSets)
        return [best.point] + (0..<Self.bandSets).map { points[Int(Double($0) * stride)] }
    }

    /// fit.svg: one panel per study, assay and kind (proportions or levels).
    func fitPlot() throws(RunError) -> FitPlot {
        let sets = bandPoints
        var panels: [FitPlot.Panel] = []
        for study in problem.studies {
            var groups: [(assay: Int, level: Bool)] = []
            for o in study.observations {
                let key = (assay: o.request.assay, level: o.isLevel)
                if !groups.contains(where: { $0 == key }) { groups.append(key) }
            }
            let last = study.observations.map(\.request.time).max() ?? study.horizon
            let end = min(study.horizon, last * 1.05)
            let times = (0..<Self.curvePoints).map { end * Double($0) / Double(Self.curvePoints - 1) }
            let requests = groups.flatMap { g in times.map { PredictionRequest(assay: g.assay, time: $0, detection: !g.level) } }
            let predictor = study.predictor
            let free = sets.map { problem.overrides($0, study: study.study.name) }
            let (_, chunks) = ParallelChunks.run(count: free.count, chunkSize: 1, threads: request.threads, local: { () }) {
                (_: inout Void, range: Range<Int>) -> [Result<[AssayPrediction], RunError>] in
                range.map { k in Result { () throws(RunError) in try predictor.predict(requests, overrides: free[k]) } }
            }
            var curves: [[AssayPrediction]] = []
            for result in chunks.joined() {
                switch result {
                case .success(let predictions): curves.append(predictions)
                case .failure(let error): throw error
                }
            }
            for (g, group) in groups.enumerated() {
                let slice = (g * times.count)..<((g + 1) * times.count)
                let curve = slice.enumerated().map { k, r in
                    let values = curves.map { group.level ? $0[r].meanLevel : $0[r].pPositive }
                    return FitPlot.Point(years: times[k] / Days.perYear, value: values[0], low: values.min() ?? values[0], high: values.max() ?? values[0])
                }
                let observed = study.observations.filter { $0.request.assay == group.assay && $0.isLevel == group.level }
                panels.append(FitPlot.Panel(study: study.study.name, assay: study.assays[group.assay], kind: group.level ? .level : .proportion,
                                            observations: observed.map(Self.point), curve: curve))
            }
        }
        let count = problem.coordinates.count
        return FitPlot(title: "\(problem.file.name): data and fitted model",
                       subtitle: "\(count) free parameter\(count == 1 ? "" : "s") (estimates in fit.json, profiles in profiles.svg); "
                           + "maximum log-likelihood \(String(format: "%.2f", maximum)); method \(problem.method.name)",
                       panels: panels)
    }

    /// An observation with its 95% interval, as a point of fit.svg.
    static func point(_ o: FitObservation) -> FitPlot.Point {
        let years = o.request.time / Days.perYear
        let source = o.observation.source.isEmpty ? "" : " (\(o.observation.source))"
        switch o.observation.kind {
        case .detected(let n, let positive):
            let ci = WilsonInterval.interval(positive: positive, of: n)
            return FitPlot.Point(years: years, value: Double(positive) / Double(n), low: ci.low, high: ci.high,
                                 label: "\(positive) of \(n) positive at \(ReadableUnits.duration(days: o.request.time))\(source)")
        case .meanLevel(let value, let se):
            return FitPlot.Point(years: years, value: value, low: value - WilsonInterval.z95 * se, high: value + WilsonInterval.z95 * se,
                                 label: "mean level \(value) (se \(se)) at \(ReadableUnits.duration(days: o.request.time))\(source)")
        case .logMeanLevel(let value, let se):
            let factor = exp(WilsonInterval.z95 * se)
            return FitPlot.Point(years: years, value: value, low: value / factor, high: value * factor,
                                 label: "geometric mean level \(value) (se of ln \(se)) at \(ReadableUnits.duration(days: o.request.time))\(source)")
        }
    }

    /// profiles.svg: one panel per free parameter.
    func profilePlot() -> ProfilePlot {
        let panels = problem.coordinates.enumerated().map { i, c in
            let record = parameterRecord(i)
            let bound = { (b: ProfileBound) -> Double? in if case .at(let x) = b { return x } else { return nil } }
            return ProfilePlot.Panel(
                name: c.parameter.name, logScale: c.isLog,
                points: profiles[i].points.map { (coordinate: $0.value, deviance: 2 * ($0.objective - best.value)) },
                estimate: best.point[i], lower: bound(profiles[i].lower), upper: bound(profiles[i].upper),
                range: c.lower...c.upper, caption: "estimate \(record.estimateText); " + caption(record))
        }
        return ProfilePlot(title: "\(problem.file.name): profile likelihoods", panels: panels)
    }

    /// A short caption of a parameter's interval, one line of a panel.
    func caption(_ record: FitReport.ParameterRecord) -> String {
        guard let ends = record.interval95 else { return "not identifiable by these data" }
        return "95% CI \(ends[0].atBound ? "≤ " : "")\(ends[0].text) – \(ends[1].atBound ? "≥ " : "")\(ends[1].text)"
    }
}
