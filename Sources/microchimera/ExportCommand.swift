import ArgumentParser
import Foundation
import MicrochimeraKit

/// `microchimera export`: the compiled network in another tool's format (SBML).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the compiled network as SBML Level 3 Version 2 (for COPASI, libRoadRunner, Tellurium, ...).",
        discussion: """
            Examples:
              microchimera export scenarios/single-pregnancy.yaml --sbml --out single-pregnancy.xml
              microchimera export my.yaml --sbml --set horizon="10 years" > my.xml
              microchimera export scenarios/cohort-blood-draw.yaml --sbml --individual 3 --out woman3.xml
              microchimera export scenarios/transfusion.yaml --sbml --out t.xml --moments t-moments.csv

            The scenario is read, checked and compiled exactly as `run` does (same errors and \
            exit codes); nothing is simulated. Species are the network's compartments, reactions \
            its flows, losses, divisions and inflows, events its rate changes and boluses; the \
            file's notes say what SBML cannot say (assays, cohorts, series sums). A cohort holds \
            many networks: export one woman with --individual K (drawn from --seed as by `run`). \
            See docs/interop.md.
            """
    )

    @OptionGroup var input: ScenarioOptions

    @Flag(help: "Write SBML Level 3 Version 2 (the only format, required).")
    var sbml = false

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    @Option(help: ArgumentHelp("Also write the exact mean and sd of every species at the output times (CSV, atomically), "
                               + "to compare another tool's simulation with.", valueName: "file"))
    var moments: String?

    @Option(help: ArgumentHelp("Export woman K of a cohort scenario (0-based).", valueName: "K"))
    var individual: Int?

    @Option(help: "Seed that draws a cohort's women, as `run --seed`.")
    var seed: UInt64 = SimulationOptions.defaultSeed

    func validate() throws {
        guard sbml else {
            throw ValidationError("choose the format to write: --sbml (SBML Level 3 Version 2, the only one), "
                                  + "e.g. microchimera export \(input.scenario) --sbml --out model.xml")
        }
    }

    func run() throws {
        let parsed = try input.parsedOverrides()
        do {
            let request = ExportRequest(scenarioPath: input.scenario, overrides: parsed, format: .sbml, individual: individual, seed: seed,
                                        moments: moments != nil)
            let outcome = try ExportPipeline.render(request)
            for warning in outcome.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
            if let moments, let csv = outcome.moments {
                try ExportPipeline.write(csv, to: moments)
            }
            if let out {
                try ExportPipeline.write(outcome.text, to: out)
            } else {
                print(outcome.text, terminator: "")
            }
        } catch {
            throw CLIErrors.report(error)
        }
    }
}
