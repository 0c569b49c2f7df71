import Foundation
import Reporting
import ScenarioFormat

extension CalibrationPipeline {
    /// The joint log-likelihood recomputed at the recorded estimate must meet the recorded maximum this closely (absolute).
    public static let checkTolerance = 1e-6

    /// Whether the calibration in `directory` is current for `fitFilePath`,
    /// without refitting: every input file recorded in its calibration.json
    /// still has the recorded SHA-256, the fit file is the one recorded, and
    /// the joint log-likelihood at the recorded coordinates equals the
    /// recorded maximum within `checkTolerance` (so a change of code that
    /// moves the likelihood is caught too). One likelihood evaluation.
    ///
    /// Returns why the calibration is stale, one reason a line; empty when it
    /// is current. Throws only when the suite itself cannot be loaded.
    public static func check(fitFilePath: String, directory: String, threads: Int) throws(RunError) -> [String] {
        let path = directory + "/calibration.json"
        let report: CalibrationReport
        do {
            report = try CalibrationReport.decode(jsonText: String(contentsOfFile: path, encoding: .utf8))
        } catch {
            return ["\(path) cannot be read as a calibration (\(error.localizedDescription))"]
        }
        var reasons: [String] = []
        if report.fitFile != fitFilePath {
            reasons.append("\(path) calibrates \(report.fitFile), not \(fitFilePath)")
        }
        for input in report.inputs {
            guard let data = FileManager.default.contents(atPath: input.file) else {
                reasons.append("\(input.file) is gone (it was read by the calibration)")
                continue
            }
            if SHA256.hexDigest([UInt8](data)) != input.sha256 { reasons.append("\(input.file) changed since the calibration") }
        }
        guard reasons.isEmpty else { return reasons }
        let problem = try FitPipeline.load(FitRequest(fitFilePath: fitFilePath, seed: report.seed, threads: threads, starts: report.starts))
        guard report.coordinates.count == problem.coordinates.count else {
            return ["\(path) records \(report.coordinates.count) coordinates, the fit file frees \(problem.coordinates.count)"]
        }
        let value = problem.logLikelihood(report.coordinates)
        if !(abs(value - report.maximumLogLikelihood) <= checkTolerance) {
            reasons.append("the log-likelihood at the recorded estimate is now \(NumberFormat.shortest(value)), "
                           + "calibration.json records \(NumberFormat.shortest(report.maximumLogLikelihood)) (the model changed)")
        }
        return reasons
    }
}
