import Foundation
import Optimization
import Reporting

/// Every observation of a suite against the joint fit (in sample) and the fit
/// without its study (leave-one-study-out): the rows of validation.csv, the
/// per-study and overall agreement of calibration.json, and validation.svg.
struct ValidationTable: Sendable {
    /// One observation and how both predictions meet it.
    struct Entry: Sendable {
        let study: Int
        let observation: FitObservation
        let inSample: ObservationCheck
        let leaveOneOut: ObservationCheck
    }

    let names: [String]
    let entries: [Entry]

    /// Predicts every study at the joint estimate and pairs each observation with its leave-one-out prediction.
    init(problem: FitProblem, best: OptimizationResult, refits: [CalibrationPipeline.Refit]) throws(RunError) {
        var entries: [Entry] = []
        for (s, study) in problem.studies.enumerated() {
            let free = problem.overrides(best.point, study: study.study.name)
            let inSample = try study.predictor.predict(study.observations.map(\.request), overrides: free)
            for (o, observation) in study.observations.enumerated() {
                entries.append(Entry(study: s, observation: observation, inSample: ObservationCheck(observation, prediction: inSample[o]),
                                     leaveOneOut: ObservationCheck(observation, prediction: refits[s].predictions[o])))
            }
        }
        names = problem.studies.map(\.study.name)
        self.entries = entries
    }

    /// The rows of validation.csv, in study and data-file order.
    var rows: [ValidationCSV.Row] {
        func prediction(_ c: ObservationCheck) -> ValidationCSV.Prediction {
            .init(value: c.predicted, low: c.low, high: c.high, withinTwofold: c.withinTwofold, inside95: c.inside95)
        }
        return entries.map { e in
            ValidationCSV.Row(study: names[e.study], kind: e.observation.kindName, assay: e.observation.observation.assay,
                              time: e.observation.request.time, observed: e.observation.observed, inSample: prediction(e.inSample),
                              leaveOneOut: prediction(e.leaveOneOut), source: e.observation.observation.source)
        }
    }

    /// The agreement of the predictions `which` over `entries` (all of them unless told).
    func agreement(_ which: KeyPath<Entry, ObservationCheck>, study: Int? = nil) -> CalibrationReport.Agreement {
        let chosen = entries.filter { study == nil || $0.study == study }
        return CalibrationReport.Agreement(chosen.map { ($0[keyPath: which].withinTwofold, $0[keyPath: which].inside95) })
    }

    /// calibration.json's study records.
    func studies(problem: FitProblem, fits: [[ObservationFit]], refits: [CalibrationPipeline.Refit]) -> [CalibrationReport.Study] {
        problem.studies.indices.map { s in
            let study = problem.studies[s]
            let outOfSample = zip(study.observations, refits[s].predictions).reduce(0) { $0 + $1.0.fit($1.1).logLikelihood }
            return CalibrationReport.Study(
                name: names[s], observations: study.observations.count, logLikelihood: fits[s].reduce(0) { $0 + $1.logLikelihood },
                leaveOneOutLogLikelihood: outOfSample, othersLogLikelihood: -refits[s].result.value,
                leaveOneOutStatus: FitReporting.status(refits[s].result.status),
                leaveOneOutFromCentre: refits[s].centred.map { problem.coordinates[$0].parameter.name },
                inSample: agreement(\.inSample, study: s), leaveOneOut: agreement(\.leaveOneOut, study: s))
        }
    }

    /// validation.svg.
    func plot(title: String) -> ValidationPlot {
        ValidationPlot(title: title, points: entries.map { e in
            let o = e.observation
            func number(_ x: Double) -> String { ReadableUnits.number(x, digits: 3) }
            let label = "\(names[e.study]) \(o.observation.assay) \(o.kindName) at \(ReadableUnits.duration(days: o.request.time)): "
                + "observed \(number(o.observed)), in sample \(number(e.inSample.predicted)), left out \(number(e.leaveOneOut.predicted))"
            return ValidationPlot.Point(observed: o.observed, inSample: e.inSample.predicted, leaveOneOut: e.leaveOneOut.predicted, label: label)
        })
    }
}
