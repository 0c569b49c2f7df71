import ArgumentParser
import Foundation
import MicrochimeraKit

/// `microchimera calibrate`: the joint fit of a calibration suite with leave-one-study-out validation.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a suite of published studies jointly and validate it out of sample (leave one study out).",
        discussion: """
            FITFILE is an ordinary fit file (see docs/fit.md) whose studies are the calibration \
            suite (data/calibration.yaml). calibrate fits them jointly with 95% profile intervals, \
            finds which studies inform each parameter (their share of the log-likelihood's \
            curvature), refits without each study in turn and predicts it, and fits every \
            --compare alternative for an AIC table.

            Writes OUT/calibration.json, validation.csv and validation.svg beside the joint fit's \
            own files (fit.json, residuals.csv, fit.svg, profiles.svg, fitted/<study>.yaml), all \
            or nothing; the same bytes for any --threads (fit.json's clock fields aside).

            --check DIR recomputes nothing heavy: it verifies that DIR/calibration.json was made \
            from these exact input files and that the model still gives the recorded maximum \
            log-likelihood at the recorded estimate, and exits 1 when it is stale.

            Examples:
              microchimera calibrate data/calibration.yaml --out docs/calibration
              microchimera calibrate data/calibration.yaml --check docs/calibration
            """
    )

    @Argument(help: "The suite's fit file (YAML).")
    var fitFile: String

    @Option(help: "Output folder (default: out/<fit file name>-calibration).")
    var out: String?

    @Option(help: "Seed of the joint fit's starts.")
    var seed: UInt64 = SimulationOptions.defaultSeed

    @Option(help: "Worker threads (default: all cores); the output is the same bytes for any number.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Latin-hypercube starts of the joint fit (each screened, the best two polished); each alternative starts from the joint estimate plus a quarter as many.")
    var starts: Int = FitRequest.defaultStarts

    @Option(help: ArgumentHelp("An alternative structure to compare by AIC: a name and its fit file (repeatable).", valueName: "NAME=FITFILE"))
    var compare: [String] = []

    @Option(help: ArgumentHelp("Check that the calibration in DIR is current instead of calibrating; exit 1 if stale.", valueName: "DIR"))
    var check: String?

    @Flag(help: "Print only the summary.")
    var quiet = false

    func run() throws {
        if let check {
            let reasons: [String]
            do throws(RunError) {
                reasons = try CalibrationPipeline.check(fitFilePath: fitFile, directory: check, threads: threads)
            } catch {
                throw CLIErrors.report(error)
            }
            guard reasons.isEmpty else {
                CLIErrors.printError((reasons + ["stale: run `make calibrate`"]).joined(separator: "\n"))
                throw ExitCode(1)
            }
            if !quiet { print("\(check)/calibration.json is current for \(fitFile)") }
            return
        }
        var alternatives: [CalibrationRequest.Alternative] = []
        for text in compare {
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            alternatives.append(.init(name: parts.count == 2 ? parts[0] : "", fitFilePath: parts.count == 2 ? parts[1] : ""))
        }
        let quiet = quiet
        let request = CalibrationRequest(fitFilePath: fitFile, outDirectory: out, seed: seed, threads: threads, starts: starts,
                                         alternatives: alternatives,
                                         log: { line in if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) } })
        let outcome: CalibrationOutcome
        do throws(RunError) {
            outcome = try CalibrationPipeline.run(request)
        } catch {
            throw CLIErrors.report(error)
        }
        for line in outcome.summary { print(line) }
        if !quiet { for file in outcome.files { print("wrote \(file)") } }
    }
}
