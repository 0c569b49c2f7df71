// Sweep/: `microchimera sweep` and `merge`. `SweepPipeline` runs one scenario over
// the points of a `SweepDesign` of `SweepAxis` values through the run pipeline's
// family simulation, `SweepStore` saves finished points so a sweep resumes, and
// `SweepManifest` seals what a sweep is so that shards can be merged.

import BiologyModel
import Engines
import Foundation
import RandomStreams
import RateModel
import Reporting
import ScenarioFormat
import StochasticEngines
import Synchronization

/// What a sweep, a shard or a merge produced.
public struct SweepOutcome: Sendable {
    public let directory: String
    public let manifest: SweepManifest
    /// Points computed by this run (the rest were already finished, or belong to other shards).
    public let computed: Int
    /// Points of this run's share (all points, or one shard's).
    public let share: Int
    /// Whether sweep.csv was written (not for a shard).
    public let wroteCSV: Bool
    /// Whether sweep-assay.csv was written too (the scenario's assays sampled at output times of the sweep).
    public var wroteAssays = false
    /// What the user should know: damaged saved points found and computed again.
    public var notes: [String] = []
}

/// `microchimera sweep` and `merge`: many runs of one scenario with varied
/// parameters, in parallel, resumable and shardable, into one `sweep.csv`.
///
/// Point `k` runs with the scenario's `--set` values plus its axis values,
/// `--replicates` replicates on the streams `(seed, point k, replicate r)`,
/// one point per worker thread (`ParallelChunks` pins OpenBLAS to one thread,
/// so the bytes do not depend on `--threads`). Its rows are those of timeseries.csv (at the
/// scenario's output times, or the `--at` times only) prefixed with the point
/// index, the axis values and the method that ran; when the scenario has
/// assays, its rows of sweep-assay.csv are those of assay.csv (at the
/// sampling times that are output times of the sweep) with the same prefix.
public enum SweepPipeline {
    public static func header(_ axes: [String]) -> String {
        (["point"] + axes.map(CSVField.escape) + ["method", TimeSeriesCSV.header]).joined(separator: ",")
    }

    /// The header of sweep-assay.csv: `point`, the axes, `method`, then assay.csv's columns.
    public static func assayHeader(_ axes: [String]) -> String {
        (["point"] + axes.map(CSVField.escape) + ["method", AssayCSV.header]).joined(separator: ",")
    }

    /// The manifest of `request` (its points drawn, its identity sealed).
    static func manifest(_ request: SweepRequest) throws(RunError) -> SweepManifest {
        guard !request.axes.isEmpty else { throw .usage("a sweep needs at least one --vary PATH=SPEC") }
        try request.options.validate()
        let paths = request.axes.map(\.path)
        if let repeated = paths.first(where: { p in paths.filter { $0 == p }.count > 1 }) {
            throw .usage("--vary \(repeated) is given twice; give each path once")
        }
        if let shard = request.shard, !(shard.n >= 1 && (1...shard.n).contains(shard.k)) {
            throw .usage("--shard K/N needs 1 ≤ K ≤ N, got \(shard.k)/\(shard.n)")
        }
        let options = request.options
        let values = try request.design.points(request.axes, count: request.points, seed: options.seed, levels: request.levels)
        // The base scenario alone need not be valid (a --vary may complete it): hash its bytes only.
        let bytes: [UInt8]
        do {
            bytes = try InputFile.read(path: request.scenarioPath)
        } catch {
            throw .scenario(.unreadable(file: request.scenarioPath, reason: error.reason))
        }
        var manifest = SweepManifest(
            version: MicrochimeraVersion.current,
            scenario: .init(file: request.scenarioPath, sha256: SHA256.hexDigest(bytes)),
            overrides: options.overrides.map { .init(path: $0.path, value: $0.value) },
            vary: request.axes.map { .init(path: $0.path, spec: $0.spec) },
            design: request.design.rawValue, seed: options.seed, replicates: options.replicates,
            method: options.method.name, atDays: request.at, statistics: options.presence ? nil : "mean,sd",
            values: values)
        if request.design == .morris { manifest.levels = request.levels ?? SweepDesign.defaultLevels }
        manifest.seal()
        manifest.shard = request.shard.map { "\($0.k)/\($0.n)" }
        return manifest
    }

    /// A worker saves its finished points at least this often (one batch file each time).
    static let saveInterval = Duration.milliseconds(500)

    /// Runs (or resumes) a sweep or one shard of it.
    public static func run(_ request: SweepRequest) throws(RunError) -> SweepOutcome {
        do { try OutputFolder.check(request.outDirectory) } catch { throw .output(error) }
        let manifest = try manifest(request)
        let share = (0..<manifest.pointCount).filter { k in request.shard.map { k % $0.n == $0.k - 1 } ?? true }
        let template: ScenarioTemplate
        do { template = try ScenarioTemplate(path: request.scenarioPath) } catch { throw .scenario(error) }
        let (compiled, assays) = try validate(share, of: manifest, template: template, request: request)
        let store = SweepStore(directory: request.outDirectory)
        let opened = try store.open(manifest, assays: assays)
        var notes = opened.notes
        let done = Set(opened.rows.keys)
        let todo = share.filter { !done.contains($0) }
        let failed = Mutex<RunError?>(nil)
        let already = share.count - todo.count
        let progress = request.options.progress
        let clock = ContinuousClock()
        let (unsaved, _) = ParallelChunks.run(
            count: todo.count, chunkSize: 1, threads: request.options.threads,
            progress: progress.map { report in { @Sendable finished in report(already + finished, share.count) } },
            local: { (points: [SweepStore.Finished](), since: clock.now) }
        ) { (pending: inout (points: [SweepStore.Finished], since: ContinuousClock.Instant), range: Range<Int>) -> Void in
            for i in range where failed.withLock({ $0 == nil }) {
                do throws(RunError) {
                    let point = todo[i]
                    pending.points.append(try rows(point: point, of: manifest, template: template, request: request,
                                                   network: compiled[point], assays: assays))
                    if clock.now - pending.since >= saveInterval {
                        try store.record(pending.points)
                        pending = ([], clock.now)
                    }
                } catch {
                    failed.withLock { if $0 == nil { $0 = error } }
                }
            }
        }
        for pending in unsaved { try store.record(pending.points) }
        if let error = failed.withLock({ $0 }) { throw error }
        // Every batch file was verified when the store opened, or written by this run since.
        let saved = store.scan(verify: false).rows
        if assays && !share.contains(where: { saved[$0]?.assayPart != nil }) {
            notes.append("the scenario's assays have no sampling time among the sweep's output times (--at), so there are no "
                         + "assay rows and no \(SweepStore.assayFile); give --at the assays' sampling times (or leave --at out)")
        }
        guard request.shard == nil else {
            return SweepOutcome(directory: store.directory, manifest: manifest, computed: todo.count, share: share.count, wroteCSV: false,
                                notes: notes)
        }
        let axes = manifest.vary.map(\.path)
        let wroteAssays = try store.assemble(header: header(axes), assayHeader: assayHeader(axes), manifest: manifest, rows: saved)
        var outcome = SweepOutcome(directory: store.directory, manifest: manifest, computed: todo.count, share: share.count,
                                   wroteCSV: true, notes: notes)
        outcome.wroteAssays = wroteAssays
        return outcome
    }

    /// Loads every point of `share` (in parallel) before anything is written,
    /// so a value the scenario rejects fails the sweep at once, with no
    /// folder to clean up; the error of the lowest such point is reported.
    /// Returns the compiled networks of a network-level scenario by point, so
    /// they are not compiled again (a few kB each); biology-level points are
    /// compiled again when they run, which keeps memory flat for big families.
    /// `assays`: whether the scenario has assays at some point of the share
    /// (then every point saves an assay section, `SweepStore`).
    /// Complexity: one compilation of the parsed `template` per point.
    static func validate(_ share: [Int], of manifest: SweepManifest, template: ScenarioTemplate,
                         request: SweepRequest) throws(RunError) -> (networks: [Int: NetworkModel], assays: Bool) {
        let (_, chunks) = ParallelChunks.run(count: share.count, chunkSize: 16, threads: request.options.threads, local: { () }) {
            (_: inout Void, range: Range<Int>) -> Result<(networks: [(Int, NetworkModel)], assays: Bool), RunError> in
            var networks: [(Int, NetworkModel)] = []
            var assays = false
            for i in range {
                do throws(RunError) {
                    let (model, compiled) = try scenario(point: share[i], of: manifest, template: template, request: request)
                    if compiled == nil { networks.append((share[i], model)) }
                    if compiled?.assays.isEmpty == false { assays = true }
                } catch {
                    return .failure(error)
                }
            }
            return .success((networks, assays))
        }
        var networks: [Int: NetworkModel] = [:]
        var assays = false
        for chunk in chunks {
            switch chunk {
            case .success(let part):
                for (k, model) in part.networks { networks[k] = model }
                assays = assays || part.assays
            case .failure(let error): throw error
            }
        }
        return (networks, assays)
    }

    /// The scenario of point `k`, with its output times replaced by `--at`.
    static func scenario(point k: Int, of manifest: SweepManifest, template: ScenarioTemplate,
                         request: SweepRequest) throws(RunError) -> (model: NetworkModel, compiled: CompiledScenario?) {
        let values = manifest.values[k]
        let overrides = request.options.overrides + request.axes.enumerated().map { SetOverride(path: $1.path, value: values[$0]) }
        let loaded: LoadedScenario
        do {
            loaded = try template.load(overrides: overrides)
        } catch {
            let described = zip(request.axes, values).map { "\($0.path)=\($1)" }.joined(separator: ", ")
            throw .usage("sweep point \(k) (\(described)) is not a valid scenario:\n\(error.description)")
        }
        guard loaded.cohort == nil else {
            throw .usage("\(request.scenarioPath) has 'cohort:'; sweeps of cohorts are not available yet: sweep a family scenario")
        }
        guard let at = request.at else { return (loaded.model, loaded.compiled) }
        var model = loaded.model
        if let outside = at.first(where: { !($0 >= 0 && $0 <= model.horizon) }) {
            throw .usage("--at \(outside) days lies outside the scenario's [0, \(model.horizon)] days")
        }
        model.outputTimes = Array(Set(at)).sorted()
        let compiled = loaded.compiled.map { c in
            CompiledScenario(scenario: c.scenario, network: model, populations: c.populations, hosts: c.hosts,
                             origins: c.origins, layout: c.layout, assays: c.assays)
        }
        return (model, compiled)
    }

    /// Simulates point `k` and returns its rows of sweep.csv and, with
    /// `assays` (the sweep's scenario has assays), of sweep-assay.csv: the
    /// rows of its run's assay.csv (and writes its run folder with `--keep-runs`).
    /// `network`: the point's network-level model when validation kept it.
    static func rows(point k: Int, of manifest: SweepManifest, template: ScenarioTemplate,
                     request: SweepRequest, network: NetworkModel? = nil, assays: Bool = false) throws(RunError) -> SweepStore.Finished {
        let (model, compiled): (NetworkModel, CompiledScenario?)
        if let network {
            (model, compiled) = (network, nil)
        } else {
            (model, compiled) = try scenario(point: k, of: manifest, template: template, request: request)
        }
        let seed = request.options.seed
        var options = request.options
        options.threads = 1
        options.progress = nil
        let runRequest = RunRequest(scenarioPath: request.scenarioPath,
                                    outDirectory: request.outDirectory + "/runs/" + SweepStore.runFolder(point: k), options: options)
        let run = if let compiled, let population = compiled.scenario.population {
            try RunPipeline.simulatePopulation(population, compiled: compiled, request: runRequest, point: UInt64(k))
        } else {
            try RunPipeline.simulateFamily(model: model, compiled: compiled, request: runRequest) { r in
                StreamID(seed: seed, point: UInt64(k), replicate: UInt64(r))
            }
        }
        if request.keepRuns {
            let clock = ContinuousClock()
            let loaded = try RunPipeline.load(path: request.scenarioPath, overrides: request.options.overrides
                + request.axes.enumerated().map { SetOverride(path: $1.path, value: manifest.values[k][$0]) })
            _ = try RunPipeline.write(run, scenario: loaded, request: runRequest, started: (clock, clock.now, ""))
        }
        let prefix = ([String(k)] + manifest.values[k].map(CSVField.escape) + [run.choice.kind.name]).joined(separator: ",") + ","
        return SweepStore.Finished(point: k, rows: TimeSeriesCSV.rowBytes(run.result, prefix: prefix),
                                   assayRows: assays ? AssayCSV.rowBytes(run.assayRows, prefix: prefix) : nil)
    }
}
