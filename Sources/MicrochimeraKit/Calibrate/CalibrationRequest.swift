// Calibrate/: `microchimera calibrate`. `CalibrationPipeline` fits a suite of
// published studies jointly (the fit pipeline's estimate and profiles), finds
// which studies inform each parameter, refits without each study in turn
// (leave-one-study-out) to predict it out of sample, fits alternative model
// structures for comparison, and writes calibration.json, validation.csv and
// validation.svg beside the joint fit's own files. `--check` verifies that a
// committed calibration still matches its inputs.

import ScenarioFormat

/// What `microchimera calibrate` is asked to do.
public struct CalibrationRequest: Sendable {
    /// An alternative model structure to compare with the suite: a fit file of its own.
    public struct Alternative: Sendable, Equatable {
        /// The name shown in the comparison table.
        public var name: String
        /// Path of the alternative's fit file.
        public var fitFilePath: String

        public init(name: String, fitFilePath: String) {
            self.name = name
            self.fitFilePath = fitFilePath
        }
    }

    /// Path of the suite's fit file (YAML), e.g. `data/calibration.yaml`.
    public var fitFilePath: String
    /// Output folder; nil writes to `out/<fit file name>-calibration`.
    public var outDirectory: String?
    /// Seed of the joint fit's starts (and of anything stochastic).
    public var seed: UInt64
    /// Worker threads; the bytes written do not depend on them (fit.json's clock fields aside).
    public var threads: Int
    /// Latin-hypercube starts of the joint fit (an alternative gets an eighth as many, after the joint estimate); nil uses `FitRequest.defaultStarts`.
    public var starts: Int?
    /// Alternative structures, fitted jointly (no profiles, no leave-one-out) for the comparison.
    public var alternatives: [Alternative]
    /// Told of each stage (a line of text).
    public var log: (@Sendable (String) -> Void)?

    public init(fitFilePath: String, outDirectory: String? = nil, seed: UInt64 = SimulationOptions.defaultSeed, threads: Int,
                starts: Int? = nil, alternatives: [Alternative] = [], log: (@Sendable (String) -> Void)? = nil) {
        self.fitFilePath = fitFilePath
        self.outDirectory = outDirectory
        self.seed = seed
        self.threads = threads
        self.starts = starts
        self.alternatives = alternatives
        self.log = log
    }

    /// The output folder: `outDirectory`, or `out/<fit file name without extension>-calibration`.
    public var resolvedOutDirectory: String {
        if let outDirectory { return outDirectory }
        return String(fitRequest(fitFilePath).resolvedOutDirectory.dropLast("-fit".count)) + "-calibration"
    }

    /// The request of an ordinary fit of `path` with this request's seed, threads and starts.
    func fitRequest(_ path: String) -> FitRequest {
        FitRequest(fitFilePath: path, outDirectory: outDirectory, seed: seed, threads: threads, starts: starts, log: log)
    }

    /// Refuses alternatives without a name or with a repeated one.
    func validate() throws(RunError) {
        var seen = Set<String>()
        for a in alternatives {
            guard !a.name.isEmpty, !a.fitFilePath.isEmpty else {
                throw .usage("--compare needs NAME=FITFILE, e.g. --compare linear=data/alternatives/linear.yaml")
            }
            guard seen.insert(a.name).inserted else { throw .usage("--compare names must differ; '\(a.name)' is given twice") }
        }
    }
}
