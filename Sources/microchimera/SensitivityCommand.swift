import ArgumentParser
import Foundation
import MicrochimeraKit
import Reporting

/// `microchimera sensitivity`: Sobol' indices or Morris measures of a sweep's outputs.
struct SensitivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sensitivity",
        abstract: "Global sensitivity of a sobol or morris sweep: writes sensitivity.csv and sensitivity.svg.",
        discussion: """
            A quantity is a statistics column of sweep.csv (mean, sd, q05 … q95, p_present) \
            at one series (--series HOST/ORIGIN/CELL_TYPE/COMPARTMENT, as in sweep.csv's \
            columns) and one time (--at), or a column of sweep-assay.csv (p_detect, \
            mean_geq_per_1e5, ...; written when the scenario has assays) at one assay \
            (--series ASSAY) and sampling time (--at). A sobol sweep gives first-order and total Sobol' \
            indices (S1: Saltelli 2010, ST: Jansen) with 95% bootstrap percentile intervals \
            over the base points; a morris sweep gives mu_star, sigma and mu per unit of \
            each --vary range (log ranges in log space).

            Examples:
              microchimera sweep scenarios/single-pregnancy.yaml --method moments \\
                --no-p-present --at '30 years' --design sobol --points 64 \\
                --vary 'cell_types.progenitor.clearance.half_life=3 days:60 days:log' \\
                --vary 'cell_types.mature.clearance.half_life=1 hour:1 day:log' \\
                --out out/gsa
              microchimera sensitivity out/gsa --series mother/son/all/blood --quantity mean
              microchimera sensitivity out/gsa --series blood_y_qpcr --at '27 years' --quantity p_detect
            """
    )

    @Argument(help: "The folder of a finished --design sobol or morris sweep.")
    var sweep: String

    @Option(help: "A column to analyse: mean, sd, q05, q25, q50, q75, q95 or p_present of sweep.csv, or p_detect, mean_geq_per_1e5, ... of sweep-assay.csv (repeatable; default mean).")
    var quantity: [String] = []

    @Option(help: ArgumentHelp("The series, e.g. mother/son/all/blood, or for an assay column the assay's name (needed when the file has several).",
                               valueName: "host/origin/cell_type/compartment|assay"))
    var series: String?

    @Option(help: ArgumentHelp("The output time, e.g. '30 years' (needed when sweep.csv has several).", valueName: "time"))
    var at: String?

    @Option(help: "Bootstrap resamples of the base points for the Sobol' intervals (0: none).")
    var bootstrap: Int = SensitivityRequest.defaultBootstrap

    @Option(help: "Seed of the bootstrap (default: the sweep's seed).")
    var seed: UInt64?

    @Option(help: "Output folder for sensitivity.csv and sensitivity.svg (default: the sweep's folder).")
    var out: String?

    func run() throws {
        let outcome: SensitivityOutcome
        do throws(RunError) {
            let time = try at.map { text throws(RunError) -> Double in
                let days = try SweepCommand.times(text)
                guard days.count == 1 else { throw .usage("--at takes one time for sensitivity, got '\(text)'") }
                return days[0]
            }
            let request = SensitivityRequest(sweepDirectory: sweep, quantities: quantity.isEmpty ? ["mean"] : quantity,
                                             series: series, at: time, bootstrap: bootstrap, seed: seed, outDirectory: out)
            outcome = try SensitivityPipeline.run(request)
        } catch {
            throw CLIErrors.report(error)
        }
        print(outcome.table.csv(), terminator: "")
        print("wrote \(outcome.directory)/sensitivity.csv and sensitivity.svg")
    }
}
