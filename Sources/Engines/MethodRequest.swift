/// What `--method` asks for: `auto` (let the registry choose) or one engine by name.
///
/// `auto` is a request, never an engine: what ran is always an `EngineKind`,
/// chosen by `EngineRegistry.choose(_:for:)` with its reason. Reads and
/// writes as `auto` or the engine's name (run.json's `method.requested`).
public enum MethodRequest: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Pick the cheapest engine that answers what was asked.
    case auto
    /// Run this engine.
    case engine(EngineKind)

    /// `--method exact`.
    public static let exact = MethodRequest.engine(.exact)
    /// `--method fast`.
    public static let fast = MethodRequest.engine(.fast)
    /// `--method moments`.
    public static let moments = MethodRequest.engine(.moments)

    /// `auto`, or the engine named `name`.
    public init(name: String) {
        self = name == "auto" ? .auto : .engine(EngineKind(name))
    }

    /// `auto` or the engine's name.
    public var name: String {
        switch self {
        case .auto: return "auto"
        case .engine(let kind): return kind.name
        }
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        self.init(name: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
