/// The name of an engine that exists: `exact`, `fast`, `moments`, or one added later.
///
/// A name, not a closed enum, so that adding an engine is one new file (the
/// engine, with `extension EngineKind { static let mine = EngineKind("mine") }`)
/// plus one entry in `EngineRegistry.standard`, with no switch to extend.
/// It reads and writes as its bare name (run.json, sweep.csv, `--method`).
public struct EngineKind: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The name in `--method`, run.json's `method.ran` and sweep.csv's `method` column.
    public let name: String

    public init(_ name: String) {
        self.name = name
    }

    /// Exact stochastic simulation (the Markov chain's law, cell by cell), one trajectory per replicate.
    public static let exact = EngineKind("exact")
    /// Ensemble matrix-step (multinomial leap) simulation.
    public static let fast = EngineKind("fast")
    /// Deterministic moment equations solved with matrix exponentials.
    public static let moments = EngineKind("moments")

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        name = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
