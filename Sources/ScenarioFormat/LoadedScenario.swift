import BiologyModel
import RateModel

/// A scenario read from a file (or text), validated and compiled to a model.
///
/// Both levels give `model`, the network the engines run. A biology-level
/// scenario also gives `compiled` (the scenario with its defaults, what every
/// network compartment holds, the series and the assays) and, when it
/// describes a population, `cohort`.
public struct LoadedScenario: Sendable {
    /// A file the scenario was built on through `extends:`.
    public struct BaseFile: Sendable, Hashable {
        public let file: String
        public let bytes: [UInt8]
    }

    /// The compiled network, in days and per day (`compiled.network` at the biology level).
    public let model: NetworkModel
    /// The compiled biology-level scenario; `nil` at the network level.
    public let compiled: CompiledScenario?
    /// The cohort a biology-level scenario draws its women from (`cohort:`);
    /// `nil` without one and at the network level.
    public let cohort: CohortSpec?
    /// The scenario's `description:`, empty when absent.
    public let description: String
    /// Display path of the scenario.
    public let file: String
    /// Exact bytes of the file as read, for hashing by the caller.
    public let sourceBytes: [UInt8]
    /// The `--set` overrides applied, in order.
    public let overrides: [SetOverride]
    /// Files reached through `extends:`, nearest first (empty without `extends:`).
    public let bases: [BaseFile]

    public init(model: NetworkModel, file: String, sourceBytes: [UInt8], overrides: [SetOverride],
                bases: [(file: String, bytes: [UInt8])] = [], compiled: CompiledScenario? = nil,
                cohort: CohortSpec? = nil, description: String = "") {
        self.model = model
        self.compiled = compiled
        self.cohort = cohort
        self.description = description
        self.file = file
        self.sourceBytes = sourceBytes
        self.overrides = overrides
        self.bases = bases.map { BaseFile(file: $0.file, bytes: $0.bytes) }
    }
}
