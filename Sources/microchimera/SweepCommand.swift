import ArgumentParser
import Engines
import Foundation
import MicrochimeraKit
import ScenarioFormat

/// `microchimera sweep`: one scenario over a grid or sample of parameter values.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "Run a scenario over varied parameters and write sweep.csv (resumable, shardable).",
        discussion: """
            SPEC is a:b:n (n values from a to b), a:b:n:log (evenly in log), a,b,c (these \
            values) or, for --design lhs|random|sobol|morris, a:b or a:b:log; ends may carry units \
            (1 day:1 year:20:log, 0.001 /day:0.1 /day:5).

            --design sobol --points N runs Saltelli's scheme on a scrambled Sobol' sequence \
            (N base points, N·(D+2) runs for D axes); --design morris --points R runs R \
            trajectories of D+1 one-at-a-time runs on a --levels P grid. Analyse either with \
            microchimera sensitivity OUT.

            Examples:
              microchimera sweep scenarios/single-pregnancy.yaml --method moments \\
                --vary 'cell_types.mature.clearance.half_life=1 day:1 year:20:log' \\
                --vary 'cell_types.progenitor.homing.bone_marrow=0.001 /day:0.1 /day:10:log'
              microchimera sweep my.yaml --vary network.compartments.blood.initial=100,1000 --replicates 500
              microchimera sweep my.yaml --vary ... --design lhs --points 200 --at '1 year,27 years'
              microchimera sweep my.yaml --vary 'a=1:10' --vary 'b=0.1:1:log' --design sobol --points 256
              microchimera sweep my.yaml --vary ... --shard 2/4 --out sweep/shard-2
              microchimera merge sweep/shard-1 sweep/shard-2 sweep/shard-3 sweep/shard-4 --out sweep/all

            When the scenario has assays, sweep-assay.csv holds each point's assay.csv rows \
            (p_detect, mean_geq_per_1e5, ...) at the sampling times that are output times \
            of the sweep (with --at: the --at times).

            Point k uses the random streams (seed, point k), so sweep.csv is the same bytes \
            for any --threads. Finished points are saved under OUT/points/ within half a \
            second: run the same command again after an interruption and only the missing \
            points are computed.
            """
    )

    @OptionGroup var input: ScenarioOptions

    @Option(help: ArgumentHelp("A parameter to vary: PATH=SPEC (repeatable).", valueName: "path=spec"))
    var vary: [String] = []

    @Option(help: "grid (every combination), lhs (Latin hypercube), random, sobol (Saltelli's scheme) or morris (elementary effects).")
    var design: SweepDesign = .grid

    @Option(help: "Number of points for lhs and random; base points for sobol; trajectories for morris.")
    var points: Int?

    @Option(help: "Grid levels for --design morris (even; default 4).")
    var levels: Int?

    @Option(help: ArgumentHelp("Report only these times, e.g. '1 year,27 years'.", valueName: "times"))
    var at: String?

    @Option(help: "Output folder (default: out/<scenario name>-sweep).")
    var out: String?

    @Option(help: ArgumentHelp("Compute only shard K of N (points p with p mod N = K - 1).", valueName: "K/N"))
    var shard: String?

    @Flag(help: "With --method moments: leave p_present empty and skip its generating-function solve, most of a point's time when cells divide.")
    var noPPresent = false

    @Flag(help: "Also keep each point's run folder (timeseries.csv, summary.csv, ...) under OUT/runs/.")
    var keepRuns = false

    @OptionGroup var simulation: SimulationFlags

    func run() throws {
        let overrides = try input.parsedOverrides()
        let bar = ProgressBar(quiet: simulation.quiet, unit: "points")
        let outcome: SweepOutcome
        do throws(RunError) {
            var axes: [SweepAxis] = []
            for v in vary { axes.append(try SweepAxis(parsing: v)) }
            let name = input.scenario.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? "sweep"
            let options = simulation.options(overrides: overrides, presence: !noPPresent, bar: bar)
            let request = SweepRequest(scenarioPath: input.scenario, axes: axes, design: design, points: points, levels: levels,
                                       at: try at.map(Self.times), outDirectory: out ?? "out/\(name)-sweep",
                                       shard: try shard.map(Self.shard), keepRuns: keepRuns, options: options)
            defer { bar.finish() }
            outcome = try SweepPipeline.run(request)
        } catch {
            throw CLIErrors.report(error)
        }
        for note in outcome.notes { FileHandle.standardError.write(Data("warning: \(note)\n".utf8)) }
        let m = outcome.manifest
        print("\(m.pointCount) points (\(m.design)), \(outcome.computed) computed now, \(outcome.share - outcome.computed) already done")
        if outcome.wroteCSV {
            print("wrote \(outcome.directory)/sweep.csv" + (outcome.wroteAssays ? " and \(SweepStore.assayFile)" : ""))
        } else {
            print("shard \(m.shard ?? "") is in \(outcome.directory); join the shards with: microchimera merge DIR... --out DIR")
        }
    }

    /// `1 year,27 years` in days.
    static func times(_ text: String) throws(RunError) -> [Double] {
        var days: [Double] = []
        for item in text.split(separator: ",") {
            let t = item.trimmingCharacters(in: .whitespaces)
            guard let d = Units.parseTime(t) else { throw .usage("--at: '\(t)' is not a time with a unit (e.g. 27 years, 280 days)") }
            days.append(d)
        }
        guard !days.isEmpty else { throw .usage("--at needs at least one time") }
        return days
    }

    /// `K/N`.
    static func shard(_ text: String) throws(RunError) -> (k: Int, n: Int) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
            throw .usage("--shard needs K/N with whole numbers, e.g. 2/4, got '\(text)'")
        }
        return (k, n)
    }
}

extension SweepDesign: ExpressibleByArgument {}

/// `microchimera merge`: join a sweep's shards.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of one sweep into its sweep.csv.",
        discussion: "Checks that every folder is a shard of the same sweep and that every point is there exactly once."
    )

    @Argument(help: "The shard folders.")
    var directories: [String]

    @Option(help: "Output folder for sweep.csv, sweep-assay.csv (when the scenario has assays) and sweep.json.")
    var out: String

    func run() throws {
        do throws(RunError) {
            let outcome = try SweepPipeline.merge(directories, out: out)
            print("\(outcome.manifest.pointCount) points from \(directories.count) folders; wrote \(outcome.directory)/sweep.csv"
                  + (outcome.wroteAssays ? " and \(SweepStore.assayFile)" : ""))
        } catch {
            throw CLIErrors.report(error)
        }
    }
}
