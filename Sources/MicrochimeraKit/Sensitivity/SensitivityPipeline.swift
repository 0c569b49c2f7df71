// Sensitivity/: `microchimera sensitivity`. `SensitivityPipeline` reads a
// finished `sobol` or `morris` sweep (sweep.json for the design, sweep.csv for
// the outputs via `SweepQuantities`, or sweep-assay.csv for assay columns), estimates Sobol' indices or Morris's
// measures with the `Sensitivity` target, and writes `SensitivityTable`'s
// sensitivity.csv and sensitivity.svg.

import Foundation
import RandomStreams
import Reporting
import Sensitivity

/// What `microchimera sensitivity` produced.
public struct SensitivityOutcome: Sendable {
    public let directory: String
    public let design: SweepDesign
    public let table: SensitivityTable
    /// The series and time (days) the quantities were read at.
    public let series: String
    public let time: Double
}

/// `microchimera sensitivity`: global sensitivity indices of sweep outputs.
///
/// A quantity is one statistics column of sweep.csv at one series and time,
/// or one column of sweep-assay.csv (`p_detect`, ...) at one assay and
/// sampling time (`SweepQuantities`).
/// For a `sobol` sweep its N·(D + 2) values give `SobolIndices` (S1, ST and
/// bootstrap 95 % percentile intervals from `bootstrap` resamples of the N
/// base points, drawn from the stream `(seed, point 2⁶⁴ − 1, replicate 0,
/// substream 3)`); for a `morris` sweep `MorrisEffects` (μ*, σ, μ). The design
/// is rebuilt from sweep.json and checked against its recorded values, so the
/// analysis uses exactly the unit-cube coordinates the sweep ran.
public enum SensitivityPipeline {
    public static func run(_ request: SensitivityRequest) throws(RunError) -> SensitivityOutcome {
        let dir = request.sweepDirectory
        let manifest = try SweepManifest.read(dir + "/sweep.json")
        guard manifest.shard == nil else {
            throw .usage("\(dir) is shard \(manifest.shard!) of a sweep; merge the shards first (microchimera merge DIR... --out DIR) "
                         + "and analyse the merged folder")
        }
        guard let design = SweepDesign(rawValue: manifest.design), design.isSensitivity else {
            throw .usage("\(dir) is a '\(manifest.design)' sweep; sensitivity needs a sweep run with --design sobol or --design morris")
        }
        guard !request.quantities.isEmpty else { throw .usage("give at least one --quantity") }
        guard request.bootstrap >= 0 else { throw .usage("--bootstrap must be ≥ 0, got \(request.bootstrap)") }
        let unit = try unitPoints(of: manifest, design: design)
        let csvPath = dir + "/sweep.csv"
        guard FileManager.default.fileExists(atPath: csvPath) else {
            let done = Set(SweepStore(directory: dir).scan().rows.keys)
            let missing = (0..<manifest.pointCount).filter { !done.contains($0) }
            let list = missing.prefix(10).map(String.init).joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
            if missing.isEmpty {
                throw .usage("\(dir) has no sweep.csv, though every point is saved under points/; run the same sweep command "
                             + "again to write it")
            }
            throw .usage("\(dir) has no sweep.csv: the sweep is not finished, \(missing.count) of \(manifest.pointCount) points "
                         + "are missing (\(list)); run the same sweep command again to finish it, or merge its shards")
        }
        let read = try SweepQuantities(directory: dir, quantities: request.quantities, series: request.series, at: request.at,
                                       pointCount: manifest.pointCount)
        var table = SensitivityTable(parameters: manifest.vary.map(\.path), quantities: [])
        for (q, name) in request.quantities.enumerated() {
            let series = read.series.drop { $0 == "/" } // network-level series have no host, origin or cell type
            let label = "\(name) \(series) at \(NumberFormat.shortest(read.time)) days"
            let measures = try analyse(design: design, unit: unit, outputs: read.values[q], levels: manifest.levels,
                                       bootstrap: request.bootstrap, seed: request.seed ?? manifest.seed, label: label)
            table.quantities.append(.init(label: label, measures: measures))
        }
        let out = request.outDirectory ?? dir
        var files = OutputSet(directory: out)
        files.add("sensitivity.csv", contents: table.csv())
        let what = design == .sobol ? "Sobol' indices" : "Morris elementary effects"
        files.add("sensitivity.svg", contents: table.plot(title: "\(what) of \(manifest.scenario.file), \(manifest.pointCount) runs").render())
        do { try files.commit() } catch { throw .output(error) }
        return SensitivityOutcome(directory: out, design: design, table: table, series: read.series, time: read.time)
    }

    /// The unit-cube coordinates of `manifest`'s points, rebuilt from its
    /// design and checked against its recorded values.
    static func unitPoints(of manifest: SweepManifest, design: SweepDesign) throws(RunError) -> [[Double]] {
        var axes: [SweepAxis] = []
        for v in manifest.vary { axes.append(try SweepAxis(parsing: v.path + "=" + v.spec)) }
        let d = axes.count, perBase = design == .sobol ? d + 2 : d + 1
        guard d > 0, manifest.pointCount % perBase == 0 else {
            throw .usage("sweep.json has \(manifest.pointCount) points, not a multiple of \(perBase) for \(d) axes: it is damaged")
        }
        let unit = try design.unitPoints(parameters: d, count: manifest.pointCount / perBase, seed: manifest.seed, levels: manifest.levels)
        for (k, u) in unit.enumerated() where zip(axes, u).map({ $0.value(at: $1) }) != manifest.values[k] {
            throw .usage("sweep.json's values at point \(k) are not those of its \(design.rawValue) design (seed \(manifest.seed)): "
                         + "the file was edited or written by another version; run the sweep again")
        }
        return unit
    }

    /// The measures of one quantity: `outputs[k]` at the design's point k
    /// (`unit[k]`, unit-cube coordinates). This is also the test hook that
    /// analyses a function evaluated on the design instead of the simulator.
    static func analyse(design: SweepDesign, unit: [[Double]], outputs: [Double], levels: Int?, bootstrap: Int,
                        seed: UInt64, label: String) throws(RunError) -> SensitivityTable.Measures {
        let d = unit.first?.count ?? 0
        switch design {
        case .sobol:
            let (a, b, ab) = SaltelliScheme.split(outputs, parameters: d)
            var rng = Philox4x64(stream: StreamID(seed: seed, point: SweepDesign.designPoint, replicate: 0, substream: 3))
            do {
                return .sobol(try SobolIndices(a: a, b: b, ab: ab, resamples: bootstrap, using: &rng))
            } catch {
                switch error {
                case .constantOutput(let x):
                    throw .usage("\(label) is \(NumberFormat.shortest(x)) at every point: it does not vary, so there is no variance "
                                 + "to apportion; choose another --quantity, --series or --at")
                case .tooFewPoints(let n): throw .usage("\(label): \(n) base points; Sobol' indices need at least 2")
                }
            }
        default:
            do {
                return .morris(try MorrisEffects(design: unit, outputs: outputs, parameters: d, levels: levels ?? SweepDesign.defaultLevels))
            } catch {
                throw .usage("the Morris design is damaged: row \(error) does not move exactly one parameter")
            }
        }
    }
}
