import RateModel

/// A scenario read from a file (or text), validated and compiled to a model.
public struct LoadedScenario: Sendable {
    /// The compiled network, in days and per day.
    public let model: NetworkModel
    /// Display path of the scenario.
    public let file: String
    /// Exact bytes of the file as read, for hashing by the caller.
    public let sourceBytes: [UInt8]
    /// The `--set` overrides applied, in order.
    public let overrides: [SetOverride]

    public init(model: NetworkModel, file: String, sourceBytes: [UInt8], overrides: [SetOverride]) {
        self.model = model
        self.file = file
        self.sourceBytes = sourceBytes
        self.overrides = overrides
    }
}
