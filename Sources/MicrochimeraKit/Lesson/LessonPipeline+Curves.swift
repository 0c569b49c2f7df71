import BiologyModel
import Foundation
import Engines
import RateModel
import Reporting

/// The page's probability curves: P(present) of each host's cells of each
/// origin, and P(positive) of the page's assay (`LessonAssay`).
///
/// The assay follows docs/model.md's model: a 10 mL blood draw samples each
/// visible blood cell with probability `f = 10 mL / blood volume` (Poisson
/// thinning), positive at the limit of detection 1, so
/// `P(positive) = 1 − G_S(1 − f)` over the host's blood compartments S the
/// marker sees (with the niche clones it sees, `CloneDetection`). `y_chromosome`
/// is the real Y test of a female host (it sees every male origin she
/// carries, so two sons' curves share one P(positive)); `hla` sees one origin
/// in any host but that origin itself; `scenario` uses the text's first assay
/// of that host that sees the origin, with its own sample and limit.
extension LessonPipeline {
    /// The curves of one host's cells of every origin of `compiled` at the times `grid` (`curveGrid`),
    /// as `plan` (`curvePlan` on the same grid) lays them out.
    static func exactCurves(_ compiled: CompiledScenario, plan: CurvePlan, grid: [Double]) throws(LessonError) -> [LessonCurve] {
        let model = compiled.network
        var gridNetwork = model
        gridNetwork.outputTimes = grid
        let (entries, assays, oneCell, clones, empties) = (plan.entries, plan.assays, plan.oneCell, plan.clones, plan.empties)
        let present = assays.compiled
        let solved = try solve(model, at: grid, targets: plan.targets)
        let logEmpty = solved.map { Array($0.prefix(empties.count)) }
        var positive: [[Double]] = clones.factors.indices.map { a in
            grid.indices.map { -expm1(clones.logMiss(a, logG: Array(solved[$0][empties.count...]))) }
        }
        if !oneCell {
            let page = CompiledScenario(scenario: compiled.scenario, network: gridNetwork, populations: compiled.populations,
                                        hosts: compiled.hosts, origins: compiled.origins, layout: compiled.layout, assays: present)
            let rows = try engine { () throws(EngineError) in try RunPipeline.momentsAssays(page, network: gridNetwork) { _, _ in 0 } }
            positive = present.indices.map { a in Array(rows[(a * grid.count)..<((a + 1) * grid.count)].map { $0.pDetect ?? 0 }) }
        }
        return entries.enumerated().map { c, entry in
            let label = entry.element.label
            let which = assays.index[c]
            return LessonCurve(host: label.host, origin: label.origin.text, label: curveLabel(host: label.host, origin: label.origin.text),
                               timesYears: grid.map { $0 / Days.perYear }, present: grid.indices.map { -expm1(logEmpty[$0][c]) },
                               positive: which.map { positive[$0] }, assay: which.map { assays.labels[$0] })
        }
    }

    /// What host `host`'s curves solve: its curve entries (with their series index), the page's
    /// assays for them, and the targets of one backward solve: each curve's `P(empty)`, then the
    /// assays' terms. A draw that one cell makes positive (limit of detection 1) is read off the same
    /// solve as presence: P(positive) = 1 − P(nothing seen), which is 1 − G_S(1 − f) for its
    /// compartments S and sampled fraction f, or a mixture of such terms with niches forced empty
    /// where the draw may see a niche's clone (`CloneDetection`, docs/model.md); higher limits go
    /// through the run's assay evaluation (`oneCell` false, no assay targets).
    static func curvePlan(_ compiled: CompiledScenario, host: String, grid: [Double], assay: LessonAssay) throws(LessonError) -> CurvePlan {
        let entries = Array(compiled.layout.entries.enumerated().filter { isCurve($0.element) && $0.element.label.host == host })
        let assays = try pageAssays(compiled, curves: entries.map(\.element.label), assay: assay, times: grid)
        let oneCell = assays.compiled.allSatisfy { $0.assay.limitOfDetection == 1 }
        return CurvePlan(entries: entries, assays: assays, oneCell: oneCell, clones: CloneDetection(oneCell ? assays.compiled : []),
                         empties: entries.map { GeneratingTarget.empty($0.element.compartments) })
    }

    /// One host's curves as `curvePlan` lays them out.
    struct CurvePlan: Sendable {
        let entries: [(offset: Int, element: SeriesLayout.Entry)]
        let assays: (compiled: [CompiledAssay], index: [Int?], labels: [String])
        let oneCell: Bool
        let clones: CloneDetection
        let empties: [GeneratingTarget]
        /// The backward solve's targets: the empties, then the clones' terms.
        var targets: [GeneratingTarget] { empties + clones.targets }
    }

    /// The assays the page reads, as compiled assays sampled at `times`: one
    /// per curve that the marker can see (`index[curve]` is its assay, nil
    /// where the marker cannot tell the curve's cells apart), with readable labels.
    static func pageAssays(_ compiled: CompiledScenario, curves: [SeriesLabel], assay: LessonAssay,
                           times: [Double]) throws(LessonError) -> (compiled: [CompiledAssay], index: [Int?], labels: [String]) {
        var index: [Int?] = []
        var labels: [String] = []
        if assay == .scenario {
            var used: [Int: Int] = [:]
            var picked: [CompiledAssay] = []
            for label in curves {
                guard let a = compiled.assays.firstIndex(where: { $0.assay.host == label.host && $0.visibleOrigins.contains(label.origin.text) })
                else { index.append(nil); continue }
                if let seen = used[a] { index.append(seen); continue }
                picked.append(compiled.assays[a].sampled(at: times))
                labels.append("assay \(compiled.assays[a].assay.name), as the scenario writes it")
                used[a] = picked.count - 1
                index.append(picked.count - 1)
            }
            return (picked, index, labels)
        }
        var scenario = compiled.scenario
        scenario.assays = []
        var byKey: [String: Int] = [:]
        for label in curves {
            let (host, origin) = (label.host, label.origin.text)
            let marker: Marker
            let key: String
            switch assay {
            case .yChromosome:
                guard sex(of: host, in: compiled) == .female, sex(of: origin, in: compiled) == .male else { index.append(nil); continue }
                (marker, key) = (.yChromosome, host)
            default:
                guard origin != host else { index.append(nil); continue }
                (marker, key) = (.hla(origin: origin), host + "\u{0}" + origin)
            }
            if let seen = byKey[key] { index.append(seen); continue }
            scenario.assays.append(Assay(name: "page_\(scenario.assays.count)", host: host, marker: marker, compartment: BiologyDefaults.blood,
                                         sample: .bloodVolume(milliliters: pageDrawMilliliters), times: times))
            byKey[key] = scenario.assays.count - 1
            index.append(scenario.assays.count - 1)
            labels.append("10 mL blood draw, "
                          + (assay == .yChromosome ? "Y-chromosome qPCR" : "HLA-specific qPCR"))
        }
        guard !scenario.assays.isEmpty else { return ([], index, labels) }
        do {
            return (try BiologyCompiler.compile(scenario).assays, index, labels)
        } catch {
            throw .failed("the page's assay could not be applied to this family: \(error)")
        }
    }

    /// The page's blood draw, in mL.
    static let pageDrawMilliliters = 10.0

    /// The sex of person `name` (an origin of the family; the founder counts as female when she carries no origin of her own).
    static func sex(of name: String, in compiled: CompiledScenario) -> Sex? {
        if let origin = compiled.origins.first(where: { $0.name == name }) { return origin.sex }
        return name == compiled.hosts.first ? .female : nil
    }

    /// `LessonBounds.curveTimes` times over `[0, horizon]`, with `extra` merged in (sorted, distinct).
    ///
    /// Point k of n sits near `horizon·(k/(n−1))²`: dense in the first years,
    /// where the cells arrive and most are cleared (the first step is under two
    /// weeks for a 50-year horizon), sparse in the slow decades after. Each
    /// inner point is rounded to a multiple of the largest power of two (in
    /// days) that is at most half its distance to the next point, so it moves
    /// by at most a quarter of that distance and the gaps between points are
    /// multiples of powers of two: the backward solve, whose steps are powers
    /// of two (`RiccatiStepper`), crosses each gap in a few whole steps instead
    /// of a binary expansion of an arbitrary length down to 1/64 day.
    static func curveGrid(horizon: Double, including extra: [Double]) -> [Double] {
        let count = max(2, LessonBounds.curveTimes - extra.count)
        let last = Double(count - 1)
        let points = (0..<count).map { k -> Double in
            let u = Double(k) / last
            guard k > 0, k < count - 1 else { return horizon * u * u }
            let unit = scalbn(1.0, Int(floor(log2(horizon * Double(2 * k + 1) / (2 * last * last)))))
            return (horizon * u * u / unit).rounded() * unit
        }
        return Set(points + extra.filter { $0 >= 0 && $0 <= horizon }).sorted()
    }
}
