import Foundation
import Engines
import ScenarioFormat
import StochasticEngines

/// How to simulate a scenario, the options `run` and `sweep` (and later
/// `fit`) share: the random streams, the replicates, the engine and the
/// threads, the `--set` overrides, and whom to tell of progress.
///
/// The request of each command holds one of these beside what is its own
/// (`RunRequest`, `SweepRequest`); `validate()` checks it the same way for all.
public struct SimulationOptions: Sendable {
    /// The fixed default seed: runs are reproducible unless a seed is given.
    public static let defaultSeed: UInt64 = 1
    /// Default number of stochastic replicates.
    public static let defaultReplicates = 1000
    /// The most replicates one run or sweep point may ask for: 10^7 already
    /// puts the standard error of a probability below 1.6·10⁻⁴, and more
    /// would run for days; split larger needs over seeds or shards.
    public static let maximumReplicates = 10_000_000
    /// The most worker threads: far beyond any machine's cores, and a bound
    /// on the threads (and their stacks) a typo such as `--threads 100000`
    /// would otherwise start.
    public static let maximumThreads = 1024

    /// Seed of the random streams.
    public var seed: UInt64
    /// Stochastic replicates (of the family, or per sweep point).
    public var replicates: Int
    public var method: MethodRequest
    /// The engines `method` names and the `auto` policy (`EngineRegistry.standard` unless a program adds its own).
    public var engines: EngineRegistry
    /// Worker threads; the bytes written do not depend on them.
    public var threads: Int
    /// `--set` values applied to the scenario.
    public var overrides: [SetOverride]
    /// With `moments`: also solve for p_present (the generating function);
    /// false leaves it empty, for runs that need only the mean and sd.
    public var presence: Bool
    /// Called from worker threads with (units done, units in all): replicates
    /// of a run, women of a cohort, points of a sweep.
    public var progress: (@Sendable (Int, Int) -> Void)?
    /// Asked between chunks of replicates or women: once true, the run stops
    /// early and its partial result is the caller's to discard (the teaching
    /// page cancelling an outdated run, `LessonCancellation`). Nil: run everything.
    public var stop: (@Sendable () -> Bool)?

    public init(seed: UInt64 = SimulationOptions.defaultSeed, replicates: Int = SimulationOptions.defaultReplicates,
                method: MethodRequest = .auto, engines: EngineRegistry = .standard, threads: Int,
                overrides: [SetOverride] = [], presence: Bool = true, progress: (@Sendable (Int, Int) -> Void)? = nil,
                stop: (@Sendable () -> Bool)? = nil) {
        self.seed = seed
        self.replicates = replicates
        self.method = method
        self.engines = engines
        self.threads = threads
        self.overrides = overrides
        self.presence = presence
        self.progress = progress
        self.stop = stop
    }

    /// Refuses counts no run can use, as a usage error naming the option.
    public func validate() throws(RunError) {
        try Self.checkReplicates(replicates)
        try Self.checkThreads(threads)
    }

    /// Refuses a replicate count below 1 or above `maximumReplicates`.
    static func checkReplicates(_ replicates: Int) throws(RunError) {
        guard replicates >= 1 else { throw .usage("--replicates must be at least 1, got \(replicates)") }
        guard replicates <= maximumReplicates else {
            throw .usage("--replicates \(replicates) is more than the \(maximumReplicates) one run may ask for (the standard error "
                         + "of a probability is already below 0.00016 there); run several seeds (--seed) and combine them")
        }
    }

    /// Refuses a thread count below 1 or above `maximumThreads`.
    static func checkThreads(_ threads: Int) throws(RunError) {
        guard threads >= 1 else { throw .usage("--threads must be at least 1, got \(threads)") }
        guard threads <= maximumThreads else {
            throw .usage("--threads \(threads) is more than the \(maximumThreads) allowed; this machine has "
                         + "\(ProcessInfo.processInfo.activeProcessorCount) cores, and the output is the same bytes for any number")
        }
    }
}
