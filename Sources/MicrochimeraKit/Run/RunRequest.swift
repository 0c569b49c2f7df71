/// Everything `microchimera run` was asked to do.
public struct RunRequest: Sendable {
    public var scenarioPath: String
    /// Output directory; `nil` means `out/<scenario file name without extension>`.
    public var outDirectory: String?
    /// Seed, replicates, method, threads, overrides, presence and progress.
    public var options: SimulationOptions
    /// Where to write every replicate's counts (long CSV), if anywhere: a name inside the output
    /// folder (a relative one is taken there), `-` for standard output, or a device (`OutputFolder.resolve`).
    public var trajectoriesPath: String?
    /// For a cohort scenario: run only this woman (index from 0), with
    /// `options.replicates` trajectories of her family; replicate 0 is her
    /// trajectory in the cohort run.
    public var individual: Int?
    /// Whether to draw the figures (`timeline.svg`, and `prevalence.svg` for a cohort).
    public var plot: Bool

    public init(scenarioPath: String, outDirectory: String? = nil, options: SimulationOptions, trajectoriesPath: String? = nil,
                individual: Int? = nil, plot: Bool = true) {
        self.scenarioPath = scenarioPath
        self.outDirectory = outDirectory
        self.options = options
        self.trajectoriesPath = trajectoriesPath
        self.individual = individual
        self.plot = plot
    }

    /// The directory the run writes into.
    public var resolvedOutDirectory: String {
        if let outDirectory { return outDirectory }
        let file = scenarioPath.split(separator: "/").last.map(String.init) ?? scenarioPath
        let stem = file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file.hasSuffix(".yml") ? String(file.dropLast(4)) : file
        return "out/" + stem
    }
}
