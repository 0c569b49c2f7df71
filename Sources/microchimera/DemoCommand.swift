import ArgumentParser
import Engines
import Foundation
import MicrochimeraKit

/// `microchimera demo`: run a teaching scenario and tell its story in the terminal.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a teaching scenario from the library and draw its timeline in the terminal.",
        discussion: """
            Examples:
              microchimera demo                      # one pregnancy, a son
              microchimera demo --list
              microchimera demo two-pregnancies-miscarriage
              microchimera demo transfusion --method fast --replicates 500

            The chart fits 80 columns: years across, cells on a log scale, one line per \
            compartment of the first host. The files of the run (timeseries.csv, \
            summary.csv, timeline.svg, ...) are written as by `run`, into out/<name>/ unless \
            --out is given.
            """
    )

    @Argument(help: "A scenario of the library, by file name without .yaml (see --list).")
    var name: String = "single-pregnancy"

    @Flag(help: "List the library's scenarios and exit.")
    var list = false

    @Option(help: ArgumentHelp("The scenario library folder (default: $MICROCHIMERA_LIBRARY, ./scenarios, or the repository's).", valueName: "dir"))
    var library: String?

    @Option(help: "Output directory (default: out/<name>).")
    var out: String?

    @Option(help: ArgumentHelp("auto, exact, fast or moments (default: moments where it is quick, else fast).", valueName: "method"))
    var method: MethodRequest?

    @Option(help: "Replicates of a stochastic method.")
    var replicates: Int = 100

    @Option(help: "Seed of the random streams.")
    var seed: UInt64 = SimulationOptions.defaultSeed

    @Option(help: "Width of the chart and text in columns (at least 60).")
    var width: Int = 80

    @Flag(help: "No progress bar.")
    var quiet = false

    func run() throws {
        guard width >= 60 else { throw CLIErrors.report(.usage("--width must be at least 60 columns, got \(width)")) }
        let outcome: RunOutcome
        do throws(RunError) {
            let shelf = try ScenarioLibrary.locate(explicit: library)
            if list {
                let entries = shelf.entries()
                let pad = entries.map(\.name.count).max() ?? 0
                for e in entries {
                    var line = e.name.padding(toLength: pad + 2, withPad: " ", startingAt: 0) + e.title
                    if line.count > width { line = String(line.prefix(width - 1)) + "…" }
                    print(line)
                }
                return
            }
            let entry = try shelf.entry(named: name)
            let chosen: MethodRequest
            if let method { chosen = method } else { chosen = try DemoReport.method(for: entry.path) }
            let bar = ProgressBar(quiet: quiet)
            let options = SimulationOptions(seed: seed, replicates: replicates, method: chosen,
                                            threads: ProcessInfo.processInfo.activeProcessorCount,
                                            progress: { done, total in bar.update(done: done, total: total) })
            let request = RunRequest(scenarioPath: entry.path, outDirectory: out ?? "out/\(entry.name)", options: options)
            defer { bar.finish() }
            outcome = try RunPipeline.run(request)
        } catch {
            throw CLIErrors.report(error)
        }
        for line in DemoReport.lines(outcome, width: width) { print(line) }
    }
}
