import Engines
import ScenarioFormat
import StochasticEngines

/// Everything `microchimera run` was asked to do.
public struct RunRequest: Sendable {
    /// The fixed default seed: runs are reproducible unless a seed is given.
    public static let defaultSeed: UInt64 = 1
    /// Default number of stochastic replicates.
    public static let defaultReplicates = 1000

    public var scenarioPath: String
    /// Output directory; `nil` means `out/<scenario file name without extension>`.
    public var outDirectory: String?
    public var seed: UInt64
    public var replicates: Int
    public var method: MethodRequest
    /// The engines `method` names and the `auto` policy (`EngineRegistry.standard` unless a program adds its own).
    public var engines: EngineRegistry = .standard
    public var threads: Int
    /// With `moments`: also solve for p_present (the generating function);
    /// false leaves it empty, for sweeps that need only the mean and sd.
    public var presence = true
    public var overrides: [SetOverride]
    /// Where to write every replicate's counts (long CSV), if anywhere.
    public var trajectoriesPath: String?
    /// For a cohort scenario: run only this woman (index from 0), with
    /// `replicates` trajectories of her family; replicate 0 is her trajectory
    /// in the cohort run.
    public var individual: Int?
    /// Whether to draw the figures (`timeline.svg`, and `prevalence.svg` for a cohort).
    public var plot: Bool
    /// Called from worker threads with (replicates done, replicates in all).
    public var progress: (@Sendable (Int, Int) -> Void)?

    public init(scenarioPath: String, outDirectory: String? = nil, seed: UInt64 = RunRequest.defaultSeed,
                replicates: Int = RunRequest.defaultReplicates, method: MethodRequest = .auto,
                threads: Int, overrides: [SetOverride] = [], trajectoriesPath: String? = nil,
                individual: Int? = nil, plot: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil) {
        self.scenarioPath = scenarioPath
        self.outDirectory = outDirectory
        self.seed = seed
        self.replicates = replicates
        self.method = method
        self.threads = threads
        self.overrides = overrides
        self.trajectoriesPath = trajectoriesPath
        self.individual = individual
        self.plot = plot
        self.progress = progress
    }

    /// The directory the run writes into.
    public var resolvedOutDirectory: String {
        if let outDirectory { return outDirectory }
        let file = scenarioPath.split(separator: "/").last.map(String.init) ?? scenarioPath
        let stem = file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file.hasSuffix(".yml") ? String(file.dropLast(4)) : file
        return "out/" + stem
    }
}
