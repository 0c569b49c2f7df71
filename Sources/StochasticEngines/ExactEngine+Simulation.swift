import Engines
import RandomStreams
import RateModel

extension ExactEngine: TrajectoryEngine {
    public static var kind: EngineKind { .exact }

    public init(model: NetworkModel, caches: EngineCaches) throws(EngineError) {
        try self.init(model: model)
    }

    /// One trajectory; reports its events (it never diverges: events are followed one by one).
    public func trajectory(using rng: inout Philox4x64, record: (Int, [Int]) -> Void) -> TrajectoryReport {
        TrajectoryReport(events: simulate(using: &rng, record: record))
    }
}
