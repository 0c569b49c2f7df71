import ArgumentParser
import MicrochimeraKit
import ScenarioFormat

/// `microchimera validate`: check a scenario and report every problem found.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and report every problem, with file, line, column and key.",
        discussion: """
            With --format json, standard output carries one JSON object whatever the outcome \
            (valid, file, error, diagnostics with file, line, column, key and message, and the \
            network's size when valid) and standard error nothing; the exit code is the same \
            as with text (0 valid, 64 malformed --set, 65 invalid, 66 unreadable).

            Examples:
              microchimera validate scenarios/single-pregnancy.yaml
              microchimera validate my.yaml --set horizon="10 years"
              microchimera validate my.yaml --format json
            """
    )

    /// How the outcome is printed.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @OptionGroup var input: ScenarioOptions

    @Option(help: "text (diagnostics on standard error, as a compiler prints them) or json (one object on standard output, for programs).")
    var format: Format = .text

    func run() throws {
        if format == .json {
            let (report, error) = ValidationReport.check(path: input.scenario, overrides: input.overrides)
            print(report.jsonText(), terminator: "")
            if let error { throw ExitCode(error.exitCode) }
            return
        }
        let parsed = try input.parsedOverrides()
        let loaded: LoadedScenario
        do {
            loaded = try RunPipeline.load(path: input.scenario, overrides: parsed)
        } catch {
            throw CLIErrors.report(error)
        }
        let m = loaded.model
        print("\(loaded.file): valid: '\(m.name)', \(m.compartments.count) compartments, \(m.flows.count) flows, "
              + "\(m.divisions.count) divisions, \(m.inflows.count) inflows, \(m.boluses.count) boluses, "
              + "horizon \(m.horizon) days, \(m.outputTimes.count) output times")
    }
}
