import ArgumentParser
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// `microchimera fit`: maximum likelihood and profile intervals of a fit file's free parameters.
struct FitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit free parameters to published data: estimates, 95% profile intervals, residuals and figures.",
        discussion: """
            FITFILE names the studies (a scenario whose assays say how the data were measured, \
            and a data CSV with columns kind,assay,time,n,positive,value,se,source), the free \
            parameters with their bounds and scale, and the method (moments by default: the \
            exact likelihood). See docs/fit.md.

            Writes OUT/fit.json, residuals.csv, fit.svg, profiles.svg and fitted/<study>.yaml \
            (each study's scenario with the estimates written in), all or nothing. The same \
            FITFILE, --seed and --set give the same bytes for any --threads (fit.json's \
            started_at and wall_time_seconds aside).

            Example:
              microchimera fit scripts/examples/fit/persistence.fit.yaml --out out/persistence-fit
            """
    )

    @Argument(help: "The fit file (YAML).")
    var fitFile: String

    @Option(help: "Output folder (default: out/<fit file name>-fit).")
    var out: String?

    @Option(help: "Seed of the starts' Latin hypercube (and of a cohort's women or stochastic replicates).")
    var seed: UInt64 = SimulationOptions.defaultSeed

    @Option(help: "Worker threads (default: all cores); the output is the same bytes for any number.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Optimiser starts (a Latin hypercube over the bounds).")
    var starts: Int = FitRequest.defaultStarts

    @Option(help: "Replicates per prediction when the fit file's method is stochastic (fast or exact).")
    var replicates: Int = SimulationOptions.defaultReplicates

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a value in every study's scenario, e.g. --set horizon=\"60 years\" (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    @Flag(help: "Print only the summary.")
    var quiet = false

    func run() throws {
        let parsed = try CLIErrors.parseOverrides(overrides)
        let quiet = quiet
        let request = FitRequest(fitFilePath: fitFile, outDirectory: out, seed: seed, threads: threads, starts: starts,
                                 replicates: replicates, overrides: parsed,
                                 log: { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } })
        let outcome: FitOutcome
        do throws(RunError) {
            outcome = try FitPipeline.run(request)
        } catch {
            throw CLIErrors.report(error)
        }
        for line in outcome.summary { print(line) }
        if !quiet { for file in outcome.files { print("wrote \(file)") } }
    }
}
