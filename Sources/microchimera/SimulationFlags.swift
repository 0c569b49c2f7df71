import ArgumentParser
import Engines
import Foundation
import MicrochimeraKit
import ScenarioFormat
import StochasticEngines

/// The options `run` and `sweep` share (`--seed`, `--replicates`,
/// `--method`, `--threads`, `--quiet`), declared once and turned into the
/// library's `SimulationOptions`, so both commands parse, document and check
/// them the same way.
struct SimulationFlags: ParsableArguments {
    @Option(help: "Seed of the random streams (and of a sweep's lhs or random design); the default is fixed, so runs are reproducible.")
    var seed: UInt64 = SimulationOptions.defaultSeed

    @Option(help: "Stochastic replicates (of the family, or per sweep point), for exact and fast.")
    var replicates: Int = SimulationOptions.defaultReplicates

    @Option(help: ArgumentHelp("auto, exact, fast or moments.", discussion: "exact: the exact law of the Markov chain, cell by cell; fast: matrix-step leaps (exact without division), the exact step where few cells are left; moments: exact mean, sd and p_present without sampling; auto: the cheaper stochastic method, recorded with its reason in run.json."))
    var method: MethodRequest = .auto

    @Option(help: "Worker threads (default: all cores); the output is the same bytes for any number.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "No progress bar.")
    var quiet = false

    /// The library's options, with the command's overrides, presence setting and progress bar.
    func options(overrides: [SetOverride], presence: Bool = true, bar: ProgressBar) -> SimulationOptions {
        SimulationOptions(seed: seed, replicates: replicates, method: method, threads: threads, overrides: overrides,
                          presence: presence, progress: { done, total in bar.update(done: done, total: total) })
    }
}
