import ArgumentParser
import Engines
import Foundation
import MicrochimeraKit
import Reporting
import ScenarioFormat
import StochasticEngines

/// `microchimera run`: simulate a scenario and write its CSV and manifest.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario and write timeseries.csv, summary.csv, timeline.svg and run.json.",
        discussion: """
            Examples:
              microchimera run scenarios/single-pregnancy.yaml
              microchimera run scenarios/single-pregnancy.yaml --seed 7 --replicates 5000
              microchimera run scenarios/single-pregnancy.yaml --method moments
              microchimera run my.yaml --set network.compartments.blood.initial=500
              microchimera run scenarios/cohort-blood-draw.yaml --individual 17 --replicates 200

            Files are written to a temporary name and renamed, so an interrupted run never \
            leaves a half-written file, and nothing is written when the scenario is invalid.
            """
    )

    @OptionGroup var input: ScenarioOptions

    @Option(help: "Output directory (default: out/<scenario name>).")
    var out: String?

    @Option(help: ArgumentHelp("Also write every replicate's counts to this long CSV file, inside --out (a relative name is taken there); - is standard output.", valueName: "file"))
    var trajectories: String?

    @Option(help: ArgumentHelp("For a scenario with 'cohort:': run only woman K (from 0) of the cohort, with --replicates trajectories of her family; replicate 0 is her trajectory in the cohort run.", valueName: "K"))
    var individual: Int?

    @Flag(name: .customLong("no-plot"), help: "Write no figures (timeline.svg, prevalence.svg).")
    var noPlot = false

    @OptionGroup var simulation: SimulationFlags

    func run() throws {
        let parsed = try input.parsedOverrides()
        let bar = ProgressBar(quiet: simulation.quiet)
        let options = simulation.options(overrides: parsed, bar: bar)
        let request = RunRequest(scenarioPath: input.scenario, outDirectory: out, options: options, trajectoriesPath: trajectories,
                                 individual: individual, plot: !noPlot)
        let outcome: RunOutcome
        do {
            outcome = try RunPipeline.run(request)
            bar.finish()
        } catch {
            bar.finish()
            throw CLIErrors.report(error)
        }
        // With --trajectories - (or /dev/stdout), standard output carries the CSV: the report goes to standard error.
        let toStandardError = outcome.files.contains(where: OutputFolder.isStandardOutput)
        for line in RunHeadline.lines(outcome) + outcome.files.filter({ $0 != "-" }).map({ "wrote \($0)" }) {
            if toStandardError { FileHandle.standardError.write(Data((line + "\n").utf8)) } else { print(line) }
        }
    }
}

/// `--method`: `auto` or the name of a registered engine (`EngineRegistry.standard`).
extension MethodRequest: ExpressibleByArgument {
    public init?(argument: String) {
        guard EngineRegistry.standard.methodNames.contains(argument) else { return nil }
        self.init(name: argument)
    }

    public static var allValueStrings: [String] { EngineRegistry.standard.methodNames }

    public var defaultValueDescription: String { name }
}
