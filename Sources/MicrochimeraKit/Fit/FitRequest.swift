// Fit/: `microchimera fit`. `FitPipeline` loads a fit file (`FitFile`) and its
// studies into a `FitProblem`, maximises the likelihood of the studies' data over
// the free parameters from several starts, profiles each parameter for its 95%
// interval, and writes fit.json, residuals.csv, fitted/<study>.yaml, fit.svg and
// profiles.svg atomically. `StudyPredictor` predicts a study's assays exactly
// (moments) or with common random numbers (stochastic methods), and
// `ObservationLikelihood` turns predictions into log-likelihoods.

import Reporting
import ScenarioFormat

/// What `microchimera fit` is asked to do.
public struct FitRequest: Sendable {
    /// The default number of optimiser starts (a Latin hypercube over the bounds).
    public static let defaultStarts = 8

    /// Path of the fit file (YAML).
    public var fitFilePath: String
    /// Output folder; nil writes to `out/<fit file name>-fit`.
    public var outDirectory: String?
    /// Seed of the starts' design, of a cohort's women and of stochastic replicates.
    public var seed: UInt64
    /// Worker threads (starts, profiles); the bytes written do not depend on them.
    public var threads: Int
    /// Optimiser starts; nil uses `defaultStarts`.
    public var starts: Int?
    /// Replicates per prediction for a stochastic method (`fast`, `exact`).
    public var replicates: Int
    /// `--set` values applied to every study's scenario before the free parameters.
    public var overrides: [SetOverride]
    /// Told of each stage (a line of text), from the calling thread.
    public var log: (@Sendable (String) -> Void)?

    public init(fitFilePath: String, outDirectory: String? = nil, seed: UInt64 = SimulationOptions.defaultSeed, threads: Int,
                starts: Int? = nil, replicates: Int = SimulationOptions.defaultReplicates, overrides: [SetOverride] = [],
                log: (@Sendable (String) -> Void)? = nil) {
        self.fitFilePath = fitFilePath
        self.outDirectory = outDirectory
        self.seed = seed
        self.threads = threads
        self.starts = starts
        self.replicates = replicates
        self.overrides = overrides
        self.log = log
    }

    /// The output folder: `outDirectory`, or `out/<fit file name without extension>-fit`.
    public var resolvedOutDirectory: String {
        if let outDirectory { return outDirectory }
        let last = fitFilePath.split(separator: "/").last.map(String.init) ?? "fit"
        let stem = last.split(separator: ".", omittingEmptySubsequences: false).first.map(String.init) ?? last
        return "out/\(stem.isEmpty ? "fit" : stem)-fit"
    }

    /// The most optimizer starts a fit may ask for (each is a full local search).
    static let maximumStarts = 10_000

    /// Refuses counts no fit can use, as a usage error naming the option.
    func validate() throws(RunError) {
        try SimulationOptions.checkThreads(threads)
        do { try OutputFolder.check(resolvedOutDirectory) } catch { throw .output(error) }
        if let starts, starts < 1 { throw .usage("--starts must be at least 1, got \(starts)") }
        if let starts, starts > Self.maximumStarts {
            throw .usage("--starts \(starts) is more than the \(Self.maximumStarts) a fit may ask for (each start is a full local search); "
                         + "the default, \(Self.defaultStarts), is usually enough")
        }
        try SimulationOptions.checkReplicates(replicates)
    }
}
