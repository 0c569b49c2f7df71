import ArgumentParser
import MicrochimeraKit
import ScenarioFormat

/// `microchimera validate`: check a scenario and report every problem found.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a scenario file and report every problem, with file, line, column and key.",
        discussion: """
            Examples:
              microchimera validate scenarios/single-pregnancy.yaml
              microchimera validate my.yaml --set horizon="10 years"
            """
    )

    @OptionGroup var input: ScenarioOptions

    func run() throws {
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
