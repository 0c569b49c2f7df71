import Foundation
import Reporting

/// `calibration.json`: the joint fit of a calibration suite, which studies
/// inform each parameter, how well every study is met in sample and out of
/// sample (leave-one-study-out), the comparison of alternative structures, and
/// the SHA-256 of every file read.
///
/// Values are in base units (days, per day, mL, plain numbers). Encoded with
/// sorted snake_case keys; it holds no clock, so the same inputs, seed and
/// starts give the same bytes for any number of threads. `scripts/calibrate.sh`
/// renders docs/validation.md, the parameter table of docs/model.md and
/// `BiologyDefaults+Calibrated.swift` from it.
public struct CalibrationReport: Codable, Sendable, Equatable {
    /// One free parameter of the joint fit.
    public struct Parameter: Codable, Sendable, Equatable {
        /// The parameter's name: its `--set` path, or the name of a group's parameter.
        public var path: String
        /// The `--set` path it sets.
        public var setPath: String
        /// The studies it is set in; nil when every study shares it (a default of the biology).
        public var studies: [String]?
        public var scale: String
        /// `time`, `rate`, `volume` or `number`.
        public var dimension: String
        /// The base unit of `estimate` and the interval: `days`, `/day`, `mL` or empty.
        public var unit: String
        public var min: Double
        public var max: Double
        public var estimate: Double
        public var estimateText: String
        public var identifiable: Bool
        /// The 95% interval; nil when not identifiable.
        public var interval95: [FitReport.IntervalEnd]?
        /// How `interval95` was found: `profile` (the profile likelihood) or
        /// `curvature` (the quadratic model of the joint information, for a group's parameter).
        public var intervalMethod: String
        /// The studies whose share of the curvature of the log-likelihood in
        /// this coordinate at the estimate is at least `CalibrationReport.informThreshold`, largest share first.
        public var informedBy: [String]
        /// Each study's share of that curvature, in study order (0 when it bends the wrong way or not at all).
        public var curvatureShares: [Double]
        /// The estimate when each study is left out, in study order.
        public var leaveOneOut: [Double]
    }

    /// One study: how the joint fit and the fit without it meet its data.
    public struct Study: Codable, Sendable, Equatable {
        public var name: String
        public var observations: Int
        /// The study's log-likelihood at the joint estimate.
        public var logLikelihood: Double
        /// The study's log-likelihood at the estimate of the suite without it (its out-of-sample score).
        public var leaveOneOutLogLikelihood: Double
        /// The maximum log-likelihood of the other studies, refitted without this one.
        public var othersLogLikelihood: Double
        /// The optimiser's status when refitting without the study.
        public var leaveOneOutStatus: String
        /// The free parameters this study alone informs: leaving it out, their refit started at the
        /// centre of their box instead of the joint estimate (the others say nothing about them).
        public var leaveOneOutFromCentre: [String]
        public var inSample: Agreement
        public var leaveOneOut: Agreement
    }

    /// How many observations a prediction meets: within a factor 2, and inside the 95% interval of the observation.
    public struct Agreement: Codable, Sendable, Equatable {
        public var observations: Int
        public var withinTwofold: Int
        public var inside95: Int
        public var fractionWithinTwofold: Double
        public var fractionInside95: Double

        init(_ flags: [(twofold: Bool, inside: Bool)]) {
            observations = flags.count
            withinTwofold = flags.filter(\.twofold).count
            inside95 = flags.filter(\.inside).count
            fractionWithinTwofold = flags.isEmpty ? 0 : Double(withinTwofold) / Double(flags.count)
            fractionInside95 = flags.isEmpty ? 0 : Double(inside95) / Double(flags.count)
        }
    }

    /// One model structure of the comparison (the suite itself first).
    public struct Structure: Codable, Sendable, Equatable {
        public var name: String
        public var fitFile: String
        public var maximumLogLikelihood: Double
        /// Free parameters.
        public var k: Int
        public var observations: Int
        /// `2k − 2·ℓ̂`.
        public var aic: Double
        /// `aic` minus the smallest AIC of the comparison.
        public var deltaAic: Double
        /// The structure's estimate: each free parameter (its fit file's name) in base units, in the fit file's order.
        public var estimates: [Estimate]
        /// Each study's log-likelihood at the structure's estimate, in its fit file's order (they sum to the maximum):
        /// where a structure gains or loses against another, study by study.
        public var studies: [StudyLogLikelihood]
    }

    /// One study's log-likelihood at a structure's estimate.
    public struct StudyLogLikelihood: Codable, Sendable, Equatable {
        public var name: String
        public var logLikelihood: Double
    }

    /// One parameter of a structure's estimate.
    public struct Estimate: Codable, Sendable, Equatable {
        public var name: String
        public var value: Double
    }

    /// The smallest share of a parameter's curvature that makes a study one that informs it.
    public static let informThreshold = 0.1

    public var version: String
    public var name: String
    public var method: String
    public var seed: UInt64
    public var starts: Int
    public var fitFile: String
    /// Every file read (fit files, scenarios and the files they extend, data), sorted by path.
    public var inputs: [FitReport.FileRecord]
    public var maximumLogLikelihood: Double
    public var aic: Double
    public var observations: Int
    /// The estimate in the optimiser's coordinates (log10 of the value on a log scale), exactly as found; `--check` evaluates here.
    public var coordinates: [Double]
    /// `informThreshold`, as used.
    public var informThreshold: Double
    /// The step of the second differences, in each coordinate.
    public var curvatureSteps: [Double]
    public var parameters: [Parameter]
    public var studies: [Study]
    public var inSample: Agreement
    public var leaveOneOut: Agreement
    public var comparison: [Structure]
    /// Likelihood evaluations of the whole calibration (joint fit, profiles, curvature, refits, alternatives).
    public var evaluations: Int

    /// The report as pretty-printed JSON with sorted snake_case keys and a final newline (`JSONText`).
    public func jsonText() -> String { JSONText.encode(self) }

    /// Reads a report back.
    public static func decode(jsonText: String) throws -> CalibrationReport {
        try JSONText.decode(CalibrationReport.self, from: jsonText)
    }
}
