import RateModel

/// A scenario read from a file (or text), validated and compiled to a model.
public struct LoadedScenario: Sendable {
    /// A file the scenario was built on through `extends:`.
    public struct BaseFile: Sendable, Hashable {
        public let file: String
        public let bytes: [UInt8]
    }

    /// The compiled network, in days and per day.
    public let model: NetworkModel
    /// Display path of the scenario.
    public let file: String
    /// Exact bytes of the file as read, for hashing by the caller.
    public let sourceBytes: [UInt8]
    /// The `--set` overrides applied, in order.
    public let overrides: [SetOverride]
    /// Files reached through `extends:`, nearest first (empty without `extends:`).
    public let bases: [BaseFile]

    public init(model: NetworkModel, file: String, sourceBytes: [UInt8], overrides: [SetOverride],
                bases: [(file: String, bytes: [UInt8])] = []) {
        self.model = model
        self.file = file
        self.sourceBytes = sourceBytes
        self.overrides = overrides
        self.bases = bases.map { BaseFile(file: $0.file, bytes: $0.bytes) }
    }
}
