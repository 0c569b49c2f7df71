import Engines
import RateModel

/// The engines that exist, and the choice function behind `auto`.
///
/// `standard` is what the CLI, the run pipeline, cohorts and sweeps use.
/// Adding an engine is one new file (a type conforming to `SimulationEngine`,
/// or `TrajectoryEngine` for one that samples trajectories, and its
/// `EngineKind`) plus one entry in `standard.engines`; docs/engines.md shows it.
public struct EngineRegistry: Sendable {
    /// The `auto` policy: picks one of `registry`'s engines for `model`, with its reason.
    public typealias AutoChoice = @Sendable (_ model: NetworkModel, _ registry: EngineRegistry) throws(EngineError) -> EngineChoice

    /// The engines, in the order `--method` lists them.
    public let engines: [any SimulationEngine.Type]
    /// How `auto` picks for one family.
    public let auto: AutoChoice
    /// What `auto` runs for a cohort (one trajectory per woman), and why.
    public let cohortAuto: (kind: EngineKind, reason: String)

    /// - Precondition: engine names are distinct and none is `auto`.
    public init(engines: [any SimulationEngine.Type], auto: @escaping AutoChoice, cohortAuto: (kind: EngineKind, reason: String)) {
        let names = engines.map { $0.kind.name }
        precondition(Set(names).count == names.count && !names.contains("auto"), "engine names must be distinct and not 'auto': \(names)")
        self.engines = engines
        self.auto = auto
        self.cohortAuto = cohortAuto
    }

    /// Exact, fast and moments; `auto` runs the cheaper sampling engine
    /// (`cheaperSampler`), and `fast` for a cohort.
    public static let standard = EngineRegistry(
        engines: [ExactEngine.self, FastEngine.self, MomentsEngine.self],
        auto: cheaperSampler,
        cohortAuto: (.fast, "a cohort: one trajectory per woman by matrix-step leaps, the same method whatever her history"))

    /// This registry with `engine` added after the others.
    public func registering(_ engine: any SimulationEngine.Type) -> EngineRegistry {
        EngineRegistry(engines: engines + [engine], auto: auto, cohortAuto: cohortAuto)
    }

    /// The engine named `kind`, if registered.
    public func engine(_ kind: EngineKind) -> (any SimulationEngine.Type)? {
        engines.first { $0.kind == kind }
    }

    /// Everything `--method` accepts: `auto`, then the engines' names.
    public var methodNames: [String] { ["auto"] + engines.map { $0.kind.name } }

    /// The names of the engines that sample trajectories, as prose (`exact or fast`).
    public var samplingNames: String {
        let names = engines.filter { $0 is any TrajectoryEngine.Type }.map { $0.kind.name }
        return names.count <= 1 ? names.joined() : names.dropLast().joined(separator: ", ") + " or " + names.last!
    }

    /// The engine that runs for `request` on `model`, with its reason.
    ///
    /// - Throws: `EngineError.methodUnavailable` for a name no engine has;
    ///   what the `auto` policy throws.
    public func choose(_ request: MethodRequest, for model: NetworkModel) throws(EngineError) -> EngineChoice {
        switch request {
        case .auto:
            return try auto(model, self)
        case .engine(let kind):
            let engine = try registered(kind, for: request)
            return EngineChoice(requested: request, engine: engine, reason: engine.explicitReason(for: model))
        }
    }

    /// The engine that runs for `request` in a cohort (one trajectory per
    /// woman), with its reason. The caller checks that it samples trajectories.
    public func chooseForCohort(_ request: MethodRequest) throws(EngineError) -> EngineChoice {
        switch request {
        case .auto:
            return EngineChoice(requested: request, engine: try registered(cohortAuto.kind, for: request), reason: cohortAuto.reason)
        case .engine(let kind):
            return EngineChoice(requested: request, engine: try registered(kind, for: request),
                                reason: "requested explicitly; one trajectory per woman")
        }
    }

    /// The engine named `kind`, or an error listing the names there are.
    func registered(_ kind: EngineKind, for request: MethodRequest) throws(EngineError) -> any SimulationEngine.Type {
        guard let engine = engine(kind) else {
            throw .methodUnavailable(request, reason: "no engine '\(kind)' is registered; use one of "
                                     + methodNames.joined(separator: ", "))
        }
        return engine
    }
}
