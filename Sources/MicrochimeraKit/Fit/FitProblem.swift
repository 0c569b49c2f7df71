import BiologyModel
import Engines
import Foundation
import Optimization
import ScenarioFormat

/// A fit file with its studies loaded and checked: the free parameters as
/// optimiser coordinates, each study's predictor and resolved observations,
/// and the log-likelihood of all the data at any point of the box.
///
/// The log-likelihood is the sum over studies and observations of each
/// observation's contribution (`FitObservation.fit`); studies are independent
/// and share only the free parameters, set by the same `--set` path in each
/// study's scenario after the request's own overrides.
struct FitProblem: Sendable {
    /// One study, ready to predict.
    struct Study: Sendable {
        let study: FitStudy
        let template: ScenarioTemplate
        let predictor: StudyPredictor
        let observations: [FitObservation]
        /// The compiled scenario's assay names, by index.
        let assays: [String]
        /// The scenario's horizon in days.
        let horizon: Double
    }

    let file: FitFile
    let coordinates: [FitCoordinate]
    let studies: [Study]
    /// The request's `--set` values, applied to every study before the free parameters.
    let fixed: [SetOverride]
    let method: MethodRequest
    /// The collocation stores of this problem's evaluations, kept between them (`evaluate`).
    let stores = CollocationStorePool()

    /// The optimiser's box: every coordinate's bounds.
    var box: Box { Box(lower: coordinates.map(\.lower), upper: coordinates.map(\.upper)) }

    /// The number of observations (rows of the data files) over all studies.
    var observationCount: Int { studies.reduce(0) { $0 + $1.observations.count } }

    /// The free parameters' values in base units at coordinates `x`.
    func values(_ x: [Double]) -> [Double] { zip(coordinates, x).map { $0.value($1) } }

    /// The free parameters' overrides in the study named `study` at coordinates
    /// `x`: the shared parameters, then those set only in some studies (which
    /// therefore replace a shared one of the same path).
    func overrides(_ x: [Double], study: String) -> [SetOverride] {
        let applying = zip(coordinates, x).filter { $0.0.parameter.applies(to: study) }
        let shared = applying.filter { $0.0.parameter.studies == nil }, grouped = applying.filter { $0.0.parameter.studies != nil }
        return (shared + grouped).map { $0.0.override($0.1) }
    }

    /// The overrides that predict the study named `study` from the other
    /// studies alone at coordinates `x`: a parameter of a group that no other
    /// study belongs to (a disease group's own rate, say) was estimated from
    /// this study only, so it is left out and the study is predicted with
    /// the shared values (its controls' biology) and its own scenario.
    func outOfSampleOverrides(_ x: [Double], study: String) -> [SetOverride] {
        let others = studies.map(\.study.name).filter { $0 != study }
        let applying = zip(coordinates, x).filter { c, _ in
            c.parameter.applies(to: study) && (c.parameter.studies == nil || others.contains { c.parameter.applies(to: $0) })
        }
        let shared = applying.filter { $0.0.parameter.studies == nil }, grouped = applying.filter { $0.0.parameter.studies != nil }
        return (shared + grouped).map { $0.0.override($0.1) }
    }

    /// Every observation's fit at coordinates `x`, by study.
    /// The studies share one `PredictionMemo`: a family that another study
    /// already compiled to is not solved again, and most of their families
    /// have the same rates, so each step length's weights are built once per
    /// evaluation; and the memo's store, lent by `stores`, keeps the weights of the
    /// last evaluations on its thread, so that a point that moves no rate of
    /// the backward equation (a transfer level, an assay's efficiency) builds
    /// none. The predictions are the same bits as with a new store each time.
    func evaluate(_ x: [Double]) throws(RunError) -> [[ObservationFit]] {
        try stores.withStore { store throws(RunError) in
            var out: [[ObservationFit]] = []
            let memo = PredictionMemo(store: store)
            for study in studies {
                let free = overrides(x, study: study.study.name)
                let predictions = try study.predictor.predict(study.observations.map(\.request), overrides: free, memo: memo)
                out.append(zip(study.observations, predictions).map { $0.fit($1) })
            }
            return out
        }
    }

    /// The log-likelihood of all the data at coordinates `x`; `-inf` where a
    /// study cannot be predicted (the checks at load time make this rare).
    func logLikelihood(_ x: [Double]) -> Double {
        guard let fits = try? evaluate(x) else { return -.infinity }
        let total = fits.joined().reduce(0) { $0 + $1.logLikelihood }
        return total.isNaN ? -.infinity : total
    }

    /// The optimiser's objective: the negative log-likelihood.
    var objective: @Sendable ([Double]) -> Double {
        let problem = self
        return { x in -problem.logLikelihood(x) }
    }
}

extension FitProblem {
    /// Loads every study of `file` and checks everything that needs a
    /// study's scenario: the scenario is a valid biology-level family with
    /// assays, every observation names one of its assays at a time inside its
    /// horizon, and every free parameter's path is accepted by every study's
    /// scenario at both of its bounds. Every problem is reported together.
    init(file: FitFile, request: FitRequest, method: MethodRequest) throws(RunError) {
        var diagnostics: [Diagnostic] = []
        var studies: [Study] = []
        let coordinates = file.free.map(FitCoordinate.init)
        // The fit file's own fixed values first, the command line's after them (so they win).
        let fixed = file.set + request.overrides
        diagnostics += Self.checkGroups(coordinates, file: file)
        for study in file.studies {
            // The predictor loads the scenario with the fixed overrides once; its `base` is what the checks read.
            let template: ScenarioTemplate
            let predictor: StudyPredictor
            do throws(RunError) {
                do { template = try ScenarioTemplate(path: study.scenarioPath) } catch { throw .scenario(error) }
                predictor = try StudyPredictor(template: template, fixed: fixed, method: method, seed: request.seed,
                                               replicates: request.replicates)
            } catch {
                let message: String
                if case .scenario(let scenario) = error {
                    message = "the scenario of study '\(study.name)' cannot be used:\n\(scenario.description)"
                } else {
                    message = "study '\(study.name)' cannot be predicted: \(error.description)"
                }
                diagnostics.append(Diagnostic(file: file.file, line: study.line, column: study.column,
                                              keyPath: "studies.\(study.name).scenario", message: message))
                continue
            }
            let loaded = predictor.base
            guard let compiled = loaded.compiled else { continue } // the predictor refuses a scenario without assays
            let names = compiled.assays.map(\.assay.name)
            var observations: [FitObservation] = []
            for observation in study.observations {
                guard let a = names.firstIndex(of: observation.assay) else {
                    diagnostics.append(Diagnostic(file: study.dataPath, line: observation.line, column: observation.assayColumn, keyPath: "assay",
                                                  message: "unknown assay '\(observation.assay)'; the scenario \(study.scenarioPath) has \(names.joined(separator: ", "))"))
                    continue
                }
                let days: Double
                switch Self.days(observation.time, compiled: compiled) {
                case .success(let d): days = d
                case .failure(let problem):
                    diagnostics.append(Diagnostic(file: study.dataPath, line: observation.line, column: observation.timeColumn, keyPath: "time", message: problem.message))
                    continue
                }
                guard days >= 0 && days <= loaded.model.horizon else {
                    diagnostics.append(Diagnostic(file: study.dataPath, line: observation.line, column: observation.timeColumn, keyPath: "time",
                                                  message: "time \(ReadableUnits.duration(days: days)) lies outside the scenario's horizon (0 to \(ReadableUnits.duration(days: loaded.model.horizon))); lengthen 'horizon:' in \(study.scenarioPath) or drop the row"))
                    continue
                }
                let isLevel = FitObservation.isLevel(observation.kind)
                observations.append(FitObservation(observation: observation,
                                                   request: PredictionRequest(assay: a, time: days, detection: !isLevel, level: isLevel)))
            }
            diagnostics += Self.checkBounds(coordinates, study: study, template: template, fixed: fixed, fitFile: file.file)
            studies.append(Study(study: study, template: template, predictor: predictor, observations: observations,
                                 assays: names, horizon: loaded.model.horizon))
        }
        guard diagnostics.isEmpty else { throw .scenario(.invalid(diagnostics)) }
        self.init(file: file, coordinates: coordinates, studies: studies, fixed: fixed, method: method)
        // One evaluation at the box's centre finds what only predicting shows (e.g. a method that cannot
        // compute an assay's detection limit), before any optimiser runs.
        let centre = zip(box.lower, box.upper).map { ($0 + $1) / 2 }
        _ = try evaluate(centre)
    }

    /// A parameter's `studies:` must name studies of the file, and no two
    /// parameters may set one path in one study unless one of them is shared
    /// and the other set only in some studies (it replaces the shared one).
    private static func checkGroups(_ coordinates: [FitCoordinate], file: FitFile) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let names = file.studies.map(\.name)
        for c in coordinates {
            let p = c.parameter
            for name in p.studies ?? [] where !names.contains(name) {
                let suggestion = KeySuggestion.closest(to: name, among: names).map { "did you mean '\($0)'? " } ?? ""
                out.append(Diagnostic(file: file.file, line: p.line, column: p.column, keyPath: "free.\(p.name).studies",
                                      message: "'\(name)' is not a study of this fit file; \(suggestion)the studies are \(names.joined(separator: ", "))"))
            }
        }
        for (i, a) in coordinates.enumerated() {
            for b in coordinates[..<i] where a.parameter.path == b.parameter.path && (a.parameter.studies == nil) == (b.parameter.studies == nil) {
                let both = names.filter { a.parameter.applies(to: $0) && b.parameter.applies(to: $0) }
                guard let first = both.first else { continue }
                out.append(Diagnostic(file: file.file, line: a.parameter.line, column: a.parameter.column, keyPath: "free.\(a.parameter.name)",
                                      message: "sets \(a.parameter.path) in study '\(first)' as '\(b.parameter.name)' (line \(b.parameter.line)) does; "
                                          + "give each study one value of a path (list disjoint 'studies:')"))
            }
        }
        return out
    }

    /// Every free parameter at each of its bounds must give a valid scenario.
    private static func checkBounds(_ coordinates: [FitCoordinate], study: FitStudy, template: ScenarioTemplate,
                                    fixed: [SetOverride], fitFile: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for c in coordinates where c.parameter.applies(to: study.name) {
            for (bound, value) in [("min", c.parameter.lower), ("max", c.parameter.upper)] {
                let text = c.parameter.overrideText(value)
                do {
                    _ = try template.load(overrides: fixed + [SetOverride(path: c.parameter.path, value: text)])
                } catch {
                    let first = error.diagnostics.first?.message ?? error.description
                    out.append(Diagnostic(file: fitFile, line: c.parameter.line, column: c.parameter.column, keyPath: "free.\(c.parameter.name)",
                                          message: "study '\(study.name)' (\(study.scenarioPath)) does not accept \(c.parameter.path) = \(text) (the \(bound)): \(first)"))
                    break
                }
            }
        }
        return out
    }
}

extension FitProblem {
    /// Days from the scenario's day 0 of an observation time: as written, or
    /// `d after EVENT`, counted from the end of a pregnancy: `EVENT` is the
    /// name of a child (the end of its pregnancy: delivery, loss or
    /// termination), or `delivery` when exactly one pregnancy ends in one.
    static func days(_ time: ObservationTime, compiled: CompiledScenario) -> Result<Double, FitTimeProblem> {
        switch time {
        case .absolute(let days):
            return .success(days)
        case .after(let event, let days):
            let pregnancies = compiled.scenario.pregnancies
            if let p = pregnancies.first(where: { $0.children.contains { $0.name == event } }) { return .success(p.end + days) }
            let deliveries = pregnancies.filter { $0.outcome.isDelivery }
            if event == "delivery", deliveries.count == 1 { return .success(deliveries[0].end + days) }
            let names = pregnancies.flatMap { $0.children.map(\.name) }
            let known = names.isEmpty ? "the scenario has no pregnancy" : "its children are \(names.joined(separator: ", "))"
            let why = event == "delivery" ? "'delivery' needs exactly one pregnancy that ends in a delivery, and the scenario has \(deliveries.count)"
                : "'\(event)' is not a child of the scenario"
            return .failure(FitTimeProblem(message: "\(why) (\(known)); write the time after a child's name, e.g. '4 days after \(names.first ?? "son")', "
                                           + "or from day 0 (e.g. '284 days')"))
        }
    }
}

/// Why an observation's time cannot be placed on the scenario's calendar.
struct FitTimeProblem: Error {
    let message: String
}
