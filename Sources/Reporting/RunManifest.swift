import Engines
import RateModel

/// `run.json`: everything needed to know how a `timeseries.csv` was made.
///
/// Keys are snake_case and sorted, so two manifests diff cleanly. Only
/// `wall_time_seconds` and `started_at` differ between two runs of the same
/// command.
public struct RunManifest: Codable, Sendable, Equatable {
    public var tool: String = "microchimera"
    public var version: String
    public var startedAt: String
    public var wallTimeSeconds: Double
    public var scenario: ScenarioRecord
    public var overrides: [OverrideRecord]
    public var method: MethodRecord
    public var seed: UInt64
    public var threads: Int
    public var replicates: ReplicateRecord
    public var resolved: ResolvedNetwork
    public var outputs: [String]
    /// Events simulated in all, for the exact method (absent otherwise).
    public var eventsSimulated: Int?
    /// The cohort, for a scenario with `cohort:` (absent otherwise).
    public var cohort: CohortRecord?
    /// The population a single family was predicted over (`population:`; absent otherwise).
    public var population: PopulationRecord?

    public init(version: String, startedAt: String, wallTimeSeconds: Double, scenario: ScenarioRecord,
                overrides: [OverrideRecord], method: MethodRecord, seed: UInt64, threads: Int,
                replicates: ReplicateRecord, resolved: ResolvedNetwork, outputs: [String], eventsSimulated: Int? = nil,
                cohort: CohortRecord? = nil, population: PopulationRecord? = nil) {
        self.version = version
        self.startedAt = startedAt
        self.wallTimeSeconds = wallTimeSeconds
        self.scenario = scenario
        self.overrides = overrides
        self.method = method
        self.seed = seed
        self.threads = threads
        self.replicates = replicates
        self.resolved = resolved
        self.outputs = outputs
        self.eventsSimulated = eventsSimulated
        self.cohort = cohort
        self.population = population
    }

    /// The scenario file as read.
    public struct ScenarioRecord: Codable, Sendable, Equatable {
        public var file: String
        public var name: String
        /// SHA-256 of the file's bytes, before any `--set` override.
        public var sha256: String
        /// Files reached through `extends:`, nearest first, each with its SHA-256.
        public var extends: [FileRecord]
        /// The scenario's `description:` (empty when it has none).
        public var description: String
        /// `network` or `biology`: which format the file is written in.
        public var level: String
        public init(file: String, name: String, sha256: String, extends: [FileRecord] = [], description: String = "", level: String = "network") {
            (self.file, self.name, self.sha256, self.extends) = (file, name, sha256, extends)
            (self.description, self.level) = (description, level)
        }
    }

    /// A file and the SHA-256 of its bytes.
    public struct FileRecord: Codable, Sendable, Equatable {
        public var file: String
        public var sha256: String
        public init(file: String, sha256: String) { (self.file, self.sha256) = (file, sha256) }
    }

    /// One `--set PATH=VALUE`, in the order applied.
    public struct OverrideRecord: Codable, Sendable, Equatable {
        public var path: String
        public var value: String
        public init(path: String, value: String) { (self.path, self.value) = (path, value) }
    }

    /// The method asked for, the one that ran, and why.
    public struct MethodRecord: Codable, Sendable, Equatable {
        public var requested: MethodRequest
        public var ran: EngineKind
        public var reason: String
        public init(requested: MethodRequest, ran: EngineKind, reason: String) { (self.requested, self.ran, self.reason) = (requested, ran, reason) }
    }

    /// Replicates asked for and actually simulated (0 for the deterministic `moments`).
    public struct ReplicateRecord: Codable, Sendable, Equatable {
        public var requested: Int
        public var simulated: Int
        public init(requested: Int, simulated: Int) { (self.requested, self.simulated) = (requested, simulated) }
    }

    /// A cohort run, or one of its women run alone.
    public struct CohortRecord: Codable, Sendable, Equatable {
        /// Women in the cohort (`cohort.size`).
        public var size: Int
        /// The woman run alone (`--individual`), absent for the whole cohort.
        public var individual: Int?
        /// Her history, for `--individual`: one line per pregnancy.
        public var history: [String]?
        /// How the random streams are laid out, so a woman can be re-run elsewhere.
        public var streams: String
        public init(size: Int, individual: Int? = nil, history: [String]? = nil, streams: String) {
            (self.size, self.individual, self.history, self.streams) = (size, individual, history, streams)
        }
    }

    /// A population prediction: the coefficients of variation of the rate
    /// multipliers and how their law was integrated.
    public struct PopulationRecord: Codable, Sendable, Equatable {
        /// Coefficients of variation by rate group: `clearance`, `homing`, `self_renewal`, `transfer`.
        public var variation: [String: Double]
        /// Gauss–Hermite points per varying rate (moments).
        public var nodes: Int
        /// Runs of the family: `nodes^(varying rates)` for moments, else the replicates.
        public var runs: Int
        /// How the outputs average over the multipliers.
        public var integration: String
        public init(variation: [String: Double], nodes: Int, runs: Int, integration: String) {
            (self.variation, self.nodes, self.runs, self.integration) = (variation, nodes, runs, integration)
        }
    }
}
