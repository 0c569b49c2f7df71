import ArgumentParser
import MicrochimeraKit
import Reporting

/// The `microchimera` command: simulate microchimeric cells from a scenario file.
@main
struct MicrochimeraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "microchimera",
        abstract: "Simulate microchimerism: cells that cross between mother and child, and how long they persist.",
        discussion: """
            A scenario file (YAML) describes compartments, per-cell rates and events; \
            `run` writes timeseries.csv, summary.csv, timeline.svg and run.json into an output \
            folder; `describe` prints the compiled model; `demo` tells a library scenario's story \
            in the terminal; `sweep` varies parameters over many runs (resumable, shardable), \
            `merge` joins a sweep's shards, `fit` estimates parameters from published data \
            (maximum likelihood with profile intervals), `calibrate` fits a suite of \
            studies jointly and validates it out of sample, leaving one study out at a time, \
            and `serve` runs the teaching page on a local web server.

            Examples:
              microchimera run scenarios/single-pregnancy.yaml
              microchimera run scenarios/single-pregnancy.yaml --out out/sp --method exact --replicates 2000
              microchimera run my.yaml --set horizon="30 years" --set network.flows[0].half_life="3 days"
              microchimera validate my.yaml
              microchimera describe scenarios/single-pregnancy.yaml
              microchimera describe scenarios/single-pregnancy.yaml --dot | dot -Tsvg -o model.svg
              microchimera demo twins
              microchimera sweep my.yaml --vary 'network.flows[0].half_life=1 day:1 year:20:log' --method moments
              microchimera sensitivity out/gsa --series mother/son/all/blood --at '30 years'
              microchimera fit scripts/examples/fit/persistence.fit.yaml
              microchimera calibrate data/calibration.yaml --out docs/calibration
              microchimera serve --open
              microchimera export scenarios/single-pregnancy.yaml --sbml --out single-pregnancy.xml

            Exit codes: 0 success, 64 usage error, 65 invalid scenario, 66 scenario not readable,
            69 serve cannot listen, 70 numerical failure, 73 output not writable.
            """,
        version: MicrochimeraVersion.current,
        subcommands: [RunCommand.self, ValidateCommand.self, DescribeCommand.self, DemoCommand.self, SweepCommand.self, MergeCommand.self, SensitivityCommand.self, FitCommand.self, CalibrateCommand.self, ServeCommand.self, ExportCommand.self]
    )

    /// Installs the removal of temporaries on SIGINT, SIGTERM and SIGHUP
    /// (`TemporaryFiles`), then parses and runs the command.
    static func main() {
        TemporaryFiles.installSignalCleanup()
        main(nil)
    }
}
