import BiologyModel
import RateModel
import Reporting

/// When summary.csv looks at each series: its reference time and the
/// checkpoints 1, 5, 10, 20, 30 and 50 years after it.
///
/// The reference of a series is the end of the last transfer of its origin's
/// cells into its host: over every compartment of the same host and origin
/// as a compartment the series sums (any cell type, blood or tissue), the
/// latest end of an inflow window (placental transfer, breastfeeding), of a
/// per-cell flow from another host (cells a mother carries crossing to her
/// fetus) and the latest bolus (delivery pulse, transfusion). A sum over
/// origins takes the
/// latest of its origins. Cells present at time 0, and every series of a
/// network-level scenario, count from 0. Every checkpoint inside the horizon
/// is added to the output times, so the engines stop there exactly and
/// timeseries.csv has a row at it.
enum SummaryCheckpoints {

    /// `reference + years` in days (computed the same way wherever it is looked up).
    static func time(after reference: Double, years: Int) -> Double {
        reference + Double(years) * Days.perYear
    }

    /// The reference time of every series of a network-level run: 0.
    static func references(network layout: SeriesLayout) -> [Double] {
        Array(repeating: 0, count: layout.count)
    }

    /// The reference time of every series of a compiled family's `layout`.
    /// Complexity: O(compartments + inflows + boluses + Σ entry sizes).
    static func references(_ compiled: CompiledScenario) -> [Double] {
        let model = compiled.network
        var groupOf: [String: Int] = [:]
        let group = compiled.populations.map { p in
            let key = p.host + "\u{0}" + p.origin
            if let g = groupOf[key] { return g }
            groupOf[key] = groupOf.count
            return groupOf.count - 1
        }
        var last = [Double](repeating: 0, count: groupOf.count)
        for u in model.inflows where u.rate > 0 { last[group[u.compartment]] = max(last[group[u.compartment]], u.window.end) }
        for b in model.boluses where b.cells > 0 { last[group[b.compartment]] = max(last[group[b.compartment]], b.time) }
        for f in model.flows where f.rate > 0 {
            // Cells crossing between hosts (a mother passing on cells she carries).
            guard case .compartment(let j) = f.to, compiled.populations[f.from].host != compiled.populations[j].host else { continue }
            last[group[j]] = max(last[group[j]], f.window.end)
        }
        return compiled.layout.entries.map { entry in entry.compartments.reduce(0) { max($0, last[group[$1]]) } }
    }

    /// Every checkpoint of the given references that lies in `[0, horizon]`, sorted and distinct.
    static func times(references: [Double], horizon: Double) -> [Double] {
        var times = Set<Double>()
        for r in Set(references) {
            for y in SummaryCSV.checkpointYears {
                let t = time(after: r, years: y)
                if t <= horizon { times.insert(t) }
            }
        }
        return times.sorted()
    }

    /// `model` with `extra` merged into its output times.
    static func adding(_ extra: [Double], to model: NetworkModel) -> NetworkModel {
        var model = model
        model.outputTimes = Array(Set(model.outputTimes).union(extra)).sorted()
        return model
    }

    /// A network-level model with its checkpoints (from time 0) added.
    static func prepare(network model: NetworkModel) -> NetworkModel {
        adding(times(references: [0], horizon: model.horizon), to: model)
    }

    /// A compiled family with the checkpoints of its series (and `extra`
    /// times, such as a cohort's calendar checkpoints) added to its outputs.
    static func prepare(_ compiled: CompiledScenario, extra: [Double] = []) -> CompiledScenario {
        let references = references(compiled)
        let network = adding(times(references: references, horizon: compiled.network.horizon) + extra, to: compiled.network)
        return CompiledScenario(scenario: compiled.scenario, network: network, populations: compiled.populations,
                                hosts: compiled.hosts, origins: compiled.origins, layout: compiled.layout, assays: compiled.assays)
    }
}
