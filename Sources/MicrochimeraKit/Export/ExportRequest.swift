import ScenarioFormat

/// What `microchimera export` is asked for.
public struct ExportRequest: Sendable {
    /// The formats `export` writes.
    public enum Format: Sendable {
        /// SBML Level 3 Version 2 (`SBMLExport`).
        case sbml
    }

    public var scenarioPath: String
    public var overrides: [SetOverride]
    public var format: Format
    /// The woman of a cohort to export (`--individual`); nil for a family.
    public var individual: Int?
    /// The seed that draws a cohort's women (`--seed`), as `run` uses it.
    public var seed: UInt64
    /// Whether to compute the exact mean and sd of every species at the output
    /// times as well (`--moments FILE`), to compare another tool's simulation with.
    public var moments: Bool

    public init(scenarioPath: String, overrides: [SetOverride] = [], format: Format = .sbml, individual: Int? = nil,
                seed: UInt64 = SimulationOptions.defaultSeed, moments: Bool = false) {
        self.moments = moments
        self.scenarioPath = scenarioPath
        self.overrides = overrides
        self.format = format
        self.individual = individual
        self.seed = seed
    }
}
