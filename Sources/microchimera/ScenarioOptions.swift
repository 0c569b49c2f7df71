import ArgumentParser
import ScenarioFormat

/// The scenario file and its `--set` overrides, shared by `run` and `validate`.
struct ScenarioOptions: ParsableArguments {
    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a scenario value, e.g. --set horizon=\"30 years\" (repeatable).", valueName: "path=value"))
    var overrides: [String] = []

    /// The overrides, parsed; a malformed one is reported as a usage error.
    func parsedOverrides() throws -> [SetOverride] {
        try CLIErrors.parseOverrides(overrides)
    }
}
