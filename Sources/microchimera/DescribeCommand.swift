import ArgumentParser
import MicrochimeraKit

/// `microchimera describe`: the compiled model in words and tables, or as Graphviz DOT.
struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe",
        abstract: "Print the compiled model: hosts, compartments, flows with half-lives, events on a calendar.",
        discussion: """
            Examples:
              microchimera describe scenarios/single-pregnancy.yaml
              microchimera describe my.yaml --set pregnancies[0].length="38 weeks"
              microchimera describe my.yaml --dot | dot -Tsvg -o model.svg
              microchimera describe my.yaml --dot --out model.dot

            The scenario is read, checked and compiled exactly as `run` does (same errors and \
            exit codes); nothing is simulated.
            """
    )

    @OptionGroup var input: ScenarioOptions

    @Flag(help: "Write Graphviz DOT of compartments and flows instead of text.")
    var dot = false

    @Option(help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "file"))
    var out: String?

    func run() throws {
        let parsed = try input.parsedOverrides()
        do {
            let text = try DescribePipeline.render(path: input.scenario, overrides: parsed, format: dot ? .dot : .text)
            if let out {
                try DescribePipeline.write(text, to: out)
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw CLIErrors.report(error)
        }
    }
}
