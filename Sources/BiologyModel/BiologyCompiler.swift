import RateModel

/// Compiles a biology-level scenario to the network the engines run.
///
/// Every population (host, origin, cell type, compartment) becomes one
/// network compartment; cells never change origin, so the network splits into
/// independent blocks, one per origin. Per cell and per day, inside host `h`
/// for cells of origin `o` and type `t` (`κ = ImmuneFactor(h, o)`):
///
/// - blood → out at `κ·clearance_t`; blood → tissue `k` at `homing_{t,k}`,
///   times the product of the homing factors of injuries of `k` in `h`
///   active at that time;
/// - tissue `k` → blood at `return_{t,k}`, → out at `κ·death_{t,k}`,
///   division at `selfRenewal_{t,k}`;
/// - type `t` → type `t'` in the same compartment at `differentiation_{t,t'}`;
/// - tissue `k` → the niche of `t` at `seeding_t` when `t` has a `Niche` in
///   `k` (an absorbing compartment `host/origin/t/niche`: no flow out).
///
/// `κ` also carries maternal sensitisation: a conceptus's cells in its mother
/// have `κ` multiplied by `sensitisation^k` for the `k` earlier pregnancies
/// of hers that ended before its conception (`sensitisationFactors`).
///
/// Pregnancies add Poisson inflows and per-cell cross-host flows shaped by
/// gestational age, and pulses at their end (see `PlacentalTransfer`);
/// transfusions add boluses, breastfeeding adds an inflow, and the founder's
/// carried cells are the initial state. Populations that can never hold a
/// cell are left out. The result is deterministic: the same scenario always
/// gives the same network, in the same order.
public enum BiologyCompiler {
    public static func compile(_ scenario: BiologyScenario) throws(BiologyProblems) -> CompiledScenario {
        let problems = referenceProblems(scenario)
        guard problems.isEmpty else { throw BiologyProblems(problems) }
        let family = FamilyTree(scenario)
        var builder = NetworkBuilder(horizon: scenario.horizon)
        addKinetics(scenario, family, &builder)
        addPregnancies(scenario, family, &builder)
        addEvents(scenario, &builder)
        for carried in scenario.founder.carries {
            builder.addInitial(Population(host: scenario.founder.name, origin: carried.origin, cellType: carried.cellType,
                                          compartment: carried.compartment), cells: carried.cells)
        }
        let order = reportingOrder(scenario, family, reachable: builder.reachable())
        var times = Set(scenario.outputTimes)
        for assay in scenario.assays { times.formUnion(assay.times.filter { $0 >= 0 && $0 <= scenario.horizon }) }
        let network = builder.network(name: scenario.name, outputTimes: times.sorted(), order: order)
        // An empty network is a family without cells (a cohort's woman with no
        // pregnancy); whether that is acceptable is the caller's decision.
        let violations = network.compartments.isEmpty ? [] : network.invariantViolations()
        guard violations.isEmpty else {
            throw BiologyProblems(violations.map { BiologyProblem(.scenario, "internal check failed after compiling: \($0)") })
        }
        return CompiledScenario(
            scenario: scenario, network: network, populations: order, hosts: family.hosts, origins: family.origins,
            layout: layout(order, family, scenario), assays: assays(scenario, family, order))
    }

    /// Compartment names of every host: blood, then the tissues.
    static func compartments(_ scenario: BiologyScenario) -> [String] { [BiologyDefaults.blood] + scenario.tissues }

    /// The compartments of the outputs: blood, the tissues, then `niche` when some type has one.
    static func reportedCompartments(_ scenario: BiologyScenario) -> [String] {
        compartments(scenario) + (scenario.cellTypes.contains { $0.niche != nil } ? [ReservedName.niche.rawValue] : [])
    }

    /// Clearance, homing, return, death, self-renewal and differentiation of
    /// every origin a host can carry.
    private static func addKinetics(_ s: BiologyScenario, _ family: FamilyTree, _ b: inout NetworkBuilder) {
        let blood = BiologyDefaults.blood
        let sensitised = sensitisationFactors(s)
        for host in family.hosts {
            for (origin, _) in family.carried(by: host) {
                let kappa = (s.immunity.last { $0.host == host && $0.origin == origin }?.clearanceFactor ?? 1)
                    * (sensitised[ImmunePair(host: host, origin: origin)] ?? 1)
                for type in s.cellTypes {
                    func at(_ compartment: String, _ t: String = type.name) -> Population {
                        Population(host: host, origin: origin, cellType: t, compartment: compartment)
                    }
                    b.addFlow(from: at(blood), to: nil, rate: kappa * type.bloodClearance, window: b.always)
                    for tissue in s.tissues {
                        let homing = type.homing[tissue] ?? 0
                        for piece in injuryPieces(s, host: host, tissue: tissue) {
                            b.addFlow(from: at(blood), to: at(tissue), rate: homing * piece.factor, window: b.window(piece.start, piece.end))
                        }
                        let k = type.kinetics(in: tissue)
                        b.addFlow(from: at(tissue), to: at(blood), rate: k.returnRate, window: b.always)
                        b.addFlow(from: at(tissue), to: nil, rate: kappa * k.death, window: b.always)
                        b.addDivision(at(tissue), rate: k.selfRenewal, window: b.always)
                    }
                    if let niche = type.niche {
                        b.addFlow(from: at(niche.tissue), to: at(ReservedName.niche.rawValue), rate: niche.seeding, window: b.always)
                    }
                    for d in type.differentiation {
                        for c in compartments(s) { b.addFlow(from: at(c), to: at(c, d.into), rate: d.rate, window: b.always) }
                    }
                }
            }
        }
    }

    /// The horizon cut at every injury edge of `tissue` in `host`, with the
    /// product of the homing factors active in each piece.
    static func injuryPieces(_ s: BiologyScenario, host: String, tissue: String) -> [(start: Double, end: Double, factor: Double)] {
        var injuries: [Injury] = []
        for case .injury(let i) in s.events where i.host == host && i.tissue == tissue { injuries.append(i) }
        let edges = Set([0, s.horizon] + injuries.flatMap { [$0.start, $0.end] }.filter { $0 > 0 && $0 < s.horizon }).sorted()
        return zip(edges, edges.dropFirst()).map { a, e in
            (a, e, injuries.filter { $0.start <= a && a < $0.end }.reduce(1) { $0 * $1.homingFactor })
        }
    }

    /// Placental transfer in both directions, twin exchange, carried cells
    /// crossing to the fetus, and the end-of-pregnancy pulses.
    private static func addPregnancies(_ s: BiologyScenario, _ family: FamilyTree, _ b: inout NetworkBuilder) {
        let blood = BiologyDefaults.blood
        let shares = s.cellTypes.map(\.share)
        let transfer = s.transfer
        for p in s.pregnancies {
            let pieces = transfer.shape.pieces(length: p.transferEnd)
            let born = p.born
            for piece in pieces {
                let window = b.window(p.start + piece.start, p.start + piece.end)
                // The piece cut at the day `x` stops sending cells; `nil` when it stopped before the piece.
                func sending(_ x: Child) -> TimeWindow? {
                    let end = p.transferEnd(of: x)
                    return end >= piece.end ? window : end > piece.start ? b.window(p.start + piece.start, p.start + end) : nil
                }
                for x in p.children {
                    guard let window = sending(x) else { continue }
                    for type in s.cellTypes {
                        b.addInflow(Population(host: p.mother, origin: x.name, cellType: type.name, compartment: blood),
                                    rate: transfer.fetalToMaternal.peakRate * piece.level * type.share, window: window)
                    }
                }
                for x in born {
                    for type in s.cellTypes {
                        b.addInflow(Population(host: x.name, origin: p.mother, cellType: type.name, compartment: blood),
                                    rate: transfer.maternalToFetal.peakRate * piece.level * type.share, window: window)
                        for y in p.children where y != x {
                            guard let window = sending(y) else { continue }
                            b.addInflow(Population(host: x.name, origin: y.name, cellType: type.name, compartment: blood),
                                        rate: transfer.twinRate * piece.level * type.share, window: window)
                        }
                    }
                    for (origin, day) in family.carried(by: p.mother) where origin != x.name && day < p.end {
                        for type in s.cellTypes {
                            b.addFlow(from: Population(host: p.mother, origin: origin, cellType: type.name, compartment: blood),
                                      to: Population(host: x.name, origin: origin, cellType: type.name, compartment: blood),
                                      rate: transfer.carriedRate * piece.level, window: window)
                        }
                    }
                }
            }
            for x in p.survivors {
                for (type, cells) in zip(s.cellTypes, split(family.pulse(p, transfer.fetalToMaternal), shares: shares)) {
                    b.addBolus(Population(host: p.mother, origin: x.name, cellType: type.name, compartment: blood), cells: cells, time: p.end)
                }
            }
            for x in born {
                for (type, cells) in zip(s.cellTypes, split(transfer.maternalToFetal.pulse.cells(for: p.outcome), shares: shares)) {
                    b.addBolus(Population(host: x.name, origin: p.mother, cellType: type.name, compartment: blood), cells: cells, time: p.end)
                }
            }
        }
    }

    /// Transfusions, transplants and breastfeeding.
    private static func addEvents(_ s: BiologyScenario, _ b: inout NetworkBuilder) {
        for event in s.events {
            switch event {
            case .transfusion(let t):
                let cells = t.cellsGiven(s.transfusionDefaults)
                for type in s.cellTypes {
                    b.addBolus(Population(host: t.host, origin: t.donor, cellType: type.name, compartment: t.compartment),
                               cells: cells[type.name] ?? 0, time: t.time)
                }
            case .breastfeeding(let f):
                for type in s.cellTypes {
                    b.addInflow(Population(host: f.child, origin: f.mother, cellType: type.name, compartment: BiologyDefaults.blood),
                                rate: f.rate * type.share, window: b.window(f.start, f.end))
                }
            case .injury:
                break // acts on homing, in addKinetics
            }
        }
    }

    /// Splits `cells` over types in proportion to `shares` (largest remainder:
    /// the parts sum to `cells` exactly and each differs from its exact share by less than 1).
    static func split(_ cells: Int, shares: [Double]) -> [Int] {
        let total = shares.reduce(0, +)
        guard cells > 0, total > 0 else { return shares.map { _ in 0 } }
        let exact = shares.map { Double(cells) * $0 / total }
        var parts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - exact[$0].rounded(.down), -$0) > (exact[$1] - exact[$1].rounded(.down), -$1) }
        for i in order.prefix(cells - parts.reduce(0, +)) { parts[i] += 1 }
        return parts
    }
}
