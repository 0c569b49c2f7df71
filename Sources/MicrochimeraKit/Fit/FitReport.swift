import Foundation
import Reporting

/// `fit.json`: what a fit found and everything needed to reproduce it.
///
/// Values are in base units (days, per day, cells, mL), each with a readable
/// text. Encoded with sorted snake_case keys, like run.json; only
/// `started_at` and `wall_time_seconds` differ between two runs of the same
/// fit file, seed and overrides, whatever the number of threads.
public struct FitReport: Codable, Sendable, Equatable {
    /// A file read by the fit, with the SHA-256 of its bytes.
    public struct FileRecord: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
    }

    /// One study: its files and how well the fitted model meets its data.
    public struct StudyRecord: Codable, Sendable, Equatable {
        public var name: String
        public var scenario: FileRecord
        /// The files the scenario builds on (`extends:`), outermost first.
        public var extends: [FileRecord]
        public var data: FileRecord
        public var observations: Int
        public var logLikelihood: Double
    }

    /// One end of a 95% interval.
    public struct IntervalEnd: Codable, Sendable, Equatable {
        /// The value in base units: where the profile crosses the threshold, or the bound when it never does.
        public var value: Double
        public var text: String
        /// True when the profile stays above the threshold out to the bound:
        /// the interval reaches at least that far, and the data do not bound it on this side.
        public var atBound: Bool
    }

    /// A point of a profile: the parameter's value and the profile log-likelihood there.
    public struct ProfileRecord: Codable, Sendable, Equatable {
        public var value: Double
        public var logLikelihood: Double
    }

    /// One free parameter.
    public struct ParameterRecord: Codable, Sendable, Equatable {
        public var path: String
        public var scale: String
        public var min: Double
        public var max: Double
        public var estimate: Double
        public var estimateText: String
        /// False when the profile is flat within the bounds on both sides (no interval is given).
        public var identifiable: Bool
        /// The 95% profile-likelihood interval; nil when not identifiable.
        public var interval95: [IntervalEnd]?
        public var note: String
        public var profile: [ProfileRecord]
    }

    /// One optimiser start.
    public struct StartRecord: Codable, Sendable, Equatable {
        /// The start and the end point, in base units, in the order of `parameters`.
        public var start: [Double]
        public var end: [Double]
        public var logLikelihood: Double
        public var evaluations: Int
        /// `converged (criterion)`, `stopped at the evaluation limit` or `failed: reason`.
        public var status: String
        public var converged: Bool
    }

    public var version: String
    public var name: String
    public var startedAt: String
    public var wallTimeSeconds: Double
    public var method: String
    public var seed: UInt64
    /// Replicates per prediction (stochastic methods only).
    public var replicates: Int?
    public var fitFile: FileRecord
    public var overrides: [String]
    public var studies: [StudyRecord]
    public var parameters: [ParameterRecord]
    public var maximumLogLikelihood: Double
    /// `2k − 2·ℓ̂` for k free parameters.
    public var aic: Double
    /// Rows of the data files.
    public var observations: Int
    public var starts: [StartRecord]
    /// Likelihood evaluations in all (starts and profiles).
    public var evaluations: Int
    public var optimizer: String
    public var warnings: [String]

    /// The report as pretty-printed JSON with sorted snake_case keys and a final newline (`JSONText`).
    public func jsonText() -> String { JSONText.encode(self) }

    /// Reads a report back (for tests and scripts).
    public static func decode(jsonText: String) throws -> FitReport {
        try JSONText.decode(FitReport.self, from: jsonText)
    }
}
