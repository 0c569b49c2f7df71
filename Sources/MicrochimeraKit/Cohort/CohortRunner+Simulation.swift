import BiologyModel
import Engines
import RandomStreams
import RateModel
import Reporting
import StochasticEngines

extension CohortRunner {
    /// Woman `k`: compiles her family, simulates one trajectory (stream
    /// `trajectoryStream(k, 0)`), appends her series at the template's output
    /// times to `series` (time-major, `layout` order, as
    /// `EnsembleAccumulator.recordReplicates` reads them; a series she does
    /// not have counts 0: she holds no such cells), tallies her series at
    /// her own checkpoints into `checkpoints`, and draws her assay samples
    /// from her assay substream.
    ///
    /// Complexity: one compilation and one trajectory of her network.
    /// `times` is `assayTimes`, computed once per run. Returns nil, having
    /// simulated nothing, when she has a series that `layout` lacks.
    func simulate(_ k: Int, engine: any TrajectoryEngine.Type, layout: SeriesLayout, reportedCount: Int,
                  times: [[(time: Double, output: Int)]], appendingTo series: inout [Int],
                  checkpoints: inout CheckpointTally) throws(RunError) -> WomanRecord? {
        let woman = individual(k)
        let compiled = try compile(woman)
        var own: [SeriesLabel: Int] = [:]
        for (i, entry) in compiled.layout.entries.enumerated() { own[entry.label] = i }
        let mine = layout.entries.prefix(reportedCount).map { own[$0.label] }
        guard mine.count(where: { $0 != nil }) == compiled.layout.entries.count else { return nil }
        var map: [[Int]] = mine.map { $0.map { compiled.layout.entries[$0].compartments } ?? [] }
        map += compiled.assays.map(\.compartments)
        precondition(map.count == layout.count, "the cohort layout ends with one series per assay")
        let templateIndex = Self.templateIndices(of: compiled.network.outputTimes, in: template.network.outputTimes)
        let looks = checkpointLooks(compiled, series: mine, tally: &checkpoints)
        var counts = times.map { Array(repeating: 0, count: $0.count) }
        // P(detect | her counts) of an assay that sees a niche's clone, taken where its counts are (`CloneDetection.detection`).
        var cloneDetection = times.map { Array(repeating: Double?.none, count: $0.count) }
        var values = [Int](repeating: 0, count: layout.count)
        let base = series.count
        series.append(contentsOf: repeatElement(0, count: template.network.outputTimes.count * layout.count))
        func record(_ own: Int, _ cells: [Int]) {
            for s in map.indices {
                var v = 0
                for c in map[s] { v += cells[c] }
                values[s] = v
            }
            for look in looks[own] {
                checkpoints.countCheckpoint(series: look.series, checkpoint: look.checkpoint, carrying: values[look.series] > 0)
            }
            guard let index = templateIndex[own] else { return }
            for s in values.indices { series[base + index * layout.count + s] = values[s] }
            for a in times.indices {
                for (j, t) in times[a].enumerated() where t.output == index {
                    counts[a][j] = values[reportedCount + a]
                    if compiled.assays[a].seesClone { cloneDetection[a][j] = CloneDetection.detection(compiled.assays[a], counts: cells) }
                }
            }
        }
        var rng = Philox4x64(stream: trajectoryStream(k, replicate: 0))
        do throws(EngineError) {
            if compiled.network.compartments.isEmpty {
                // No pregnancy and nothing carried: she holds no cells at any output.
                let none = [Int]()
                for index in compiled.network.outputTimes.indices { record(index, none) }
            } else {
                if try engine.init(model: compiled.network, caches: caches).trajectory(using: &rng, record: record).diverged {
                    throw EngineError.diverged(context: "in cohort woman \(k) (her rate multipliers: `run --individual \(k)` "
                                               + "and individuals.csv show them)", divides: compiled.network.hasDivision)
                }
            }
        } catch {
            // A refusal before her trajectory (`PopulationCheck`, `RunBounds`) says which woman it is.
            switch error {
            case .diverges(let message):
                throw .engine(.diverges("cohort woman \(k) (her rate multipliers: `run --individual \(k)`): \(message)"))
            case .tooLarge(let message):
                throw .engine(.tooLarge("cohort woman \(k) (her rate multipliers: `run --individual \(k)`): \(message)"))
            default:
                throw .engine(error)
            }
        }
        var assayRNG = Philox4x64(stream: StreamID(seed: seed, point: point, replicate: UInt64(k), substream: Self.assaySubstream))
        let samples = compiled.assays.enumerated().map { a, assay in
            counts[a].enumerated().map { j, n in
                let p = cloneDetection[a][j]
                    ?? AssayEvaluation.detection(count: n, fraction: assay.sampledFraction, limit: assay.assay.limitOfDetection)
                return AssaySample(count: n, pDetect: p, detected: Sampler.uniform(using: &assayRNG) < p)
            }
        }
        return WomanRecord(individual: woman, samples: samples)
    }

    /// For each of her output indices (element i for output i), the (series,
    /// checkpoint) pairs to look at there; counts her once per series she
    /// has. `series[s]` is her layout index of the cohort's reported series
    /// `s`, if she has it.
    private func checkpointLooks(_ compiled: CompiledScenario, series: [Int?],
                                 tally: inout CheckpointTally) -> [[(series: Int, checkpoint: Int)]] {
        let references = SummaryCheckpoints.references(compiled)
        var at: [Double: Int] = [:]
        for (i, t) in compiled.network.outputTimes.enumerated() { at[t] = i }
        var looks = [[(series: Int, checkpoint: Int)]](repeating: [], count: compiled.network.outputTimes.count)
        for (s, own) in series.enumerated() {
            guard let own else { continue }
            tally.countWoman(series: s)
            for (c, y) in SummaryCSV.checkpointYears.enumerated() {
                if let i = at[SummaryCheckpoints.time(after: references[own], years: y)] { looks[i].append((s, c)) }
            }
        }
        return looks
    }

    /// For each of `times` (sorted, a superset of `template`, both sorted), its index in `template`, if any.
    static func templateIndices(of times: [Double], in template: [Double]) -> [Int?] {
        var result = [Int?](repeating: nil, count: times.count)
        var j = 0
        for (i, t) in times.enumerated() {
            while j < template.count && template[j] < t { j += 1 }
            if j < template.count && template[j] == t { result[i] = j }
        }
        return result
    }

    /// What decides a woman's series but for the timing of her pregnancies:
    /// her pregnancies with their start set to 0, and her rate multipliers
    /// (the rest of her scenario is the cohort's template).
    struct StructureKey: Hashable {
        let pregnancies: [Pregnancy]
        let multipliers: RateMultipliers

        init(_ woman: CohortIndividual) {
            pregnancies = woman.pregnancies.map { var p = $0; p.start = 0; return p }
            multipliers = woman.multipliers
        }
    }

    /// The series any woman of the cohort has, in `reportingOrder`, then one
    /// series per assay (as `AssayEvaluation.series`). Compartment lists are
    /// empty: each woman maps the labels to her own network.
    ///
    /// `byStructure` compiles only the first woman of each `StructureKey`
    /// met by a thread, which can miss a series only another woman of the
    /// same key has (the caller checks); otherwise every woman is compiled.
    func unionLayout(byStructure: Bool) throws(RunError) -> SeriesLayout {
        let (locals, chunks) = ParallelChunks.run(
            count: spec.size, chunkSize: Self.chunkSize * 4, threads: threads,
            local: { (labels: Set<SeriesLabel>(), structures: Set<StructureKey>()) }
        ) { (seen: inout (labels: Set<SeriesLabel>, structures: Set<StructureKey>), range: Range<Int>) -> RunError? in
            for k in range {
                let woman = individual(k)
                if byStructure && !seen.structures.insert(StructureKey(woman)).inserted { continue }
                do throws(RunError) {
                    for entry in try compile(woman).layout.entries { seen.labels.insert(entry.label) }
                } catch {
                    return error
                }
            }
            return nil
        }
        if let error = chunks.compactMap({ $0 }).first { throw error }
        let labels = locals.reduce(into: Set<SeriesLabel>()) { $0.formUnion($1.labels) }
        let order = reportingOrder
        let sorted = labels.sorted { order($0).lexicographicallyPrecedes(order($1)) }
        let assays = AssayEvaluation.series(template).map(\.label)
        return SeriesLayout(entries: (sorted + assays).map { SeriesLayout.Entry(label: $0, compartments: []) })
    }

    /// The sort key of a series in a cohort's timeseries.csv: host (the
    /// founder, then `child1`, `child2`, …, then others by name), origin (the
    /// founder, then the template's other origins in order, then children by
    /// number, others by name, the total over origins last), cell type
    /// (scenario order, the sum over types last) and compartment (blood,
    /// tissues in scenario order, the total last). It reproduces the
    /// compiler's order for every woman, on the union of their series.
    var reportingOrder: @Sendable (SeriesLabel) -> [SortKey] {
        let founder = template.scenario.founder.name
        let origins = template.origins.map(\.name)
        let types = template.scenario.cellTypes.map(\.name)
        let tissues = template.scenario.tissues
        return { label in
            let host: SortKey = label.host == founder ? .init(0) : ReservedName.cohortChildNumber(label.host).map { .init(1, $0) } ?? .init(2, 0, label.host)
            let origin: SortKey = label.origin == .allOrigins ? .init(4)
                : label.origin == .named(founder) ? .init(0)
                : label.origin.name.flatMap { origins.firstIndex(of: $0) }.map { .init(1, $0) }
                ?? label.origin.name.flatMap(ReservedName.cohortChildNumber).map { .init(2, $0) } ?? .init(3, 0, label.origin.text)
            let type: SortKey = label.cellType == .allCellTypes ? .init(2)
                : label.cellType.name.flatMap { types.firstIndex(of: $0) }.map { .init(0, $0) } ?? .init(1, 0, label.cellType.text)
            let compartment: SortKey = label.compartment == .named(BiologyDefaults.blood) ? .init(0)
                : label.compartment == .total ? .init(3)
                : label.compartment.name.flatMap { tissues.firstIndex(of: $0) }.map { .init(1, $0) } ?? .init(2, 0, label.compartment.text)
            return [host, origin, type, compartment]
        }
    }

    /// A (group, rank, name) key compared in that order.
    struct SortKey: Comparable, Sendable {
        let group: Int
        let rank: Int
        let name: String
        init(_ group: Int, _ rank: Int = 0, _ name: String = "") {
            (self.group, self.rank, self.name) = (group, rank, name)
        }
        static func < (a: SortKey, b: SortKey) -> Bool {
            (a.group, a.rank, a.name) < (b.group, b.rank, b.name)
        }
    }
}
