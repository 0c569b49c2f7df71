import RateModel

/// Collects processes keyed by population, then keeps only the populations
/// that can ever hold a cell and numbers them as network compartments.
///
/// A population is reachable when it starts with cells, receives a bolus or
/// an inflow, or receives a flow from a reachable population; everything else
/// stays empty for ever and is left out of the network (and of the output).
/// Pruning is a graph search: O(P + F) for P populations and F flows.
struct NetworkBuilder {
    struct PendingFlow { var from: Population; var to: Population?; var rate: Double; var window: TimeWindow }
    struct PendingDivision { var at: Population; var rate: Double; var window: TimeWindow }
    struct PendingInflow { var into: Population; var rate: Double; var window: TimeWindow }
    struct PendingBolus { var into: Population; var cells: Int; var time: Double }

    let horizon: Double
    private(set) var initial: [Population: Int] = [:]
    private(set) var flows: [PendingFlow] = []
    private(set) var divisions: [PendingDivision] = []
    private(set) var inflows: [PendingInflow] = []
    private(set) var boluses: [PendingBolus] = []

    init(horizon: Double) { self.horizon = horizon }

    /// `[start, end)` clipped to `[0, horizon]`; nil when nothing is left.
    func window(_ start: Double, _ end: Double) -> TimeWindow? {
        let a = max(0, start), b = min(horizon, end)
        return a < b ? TimeWindow(start: a, end: b) : nil
    }

    var always: TimeWindow { TimeWindow(start: 0, end: horizon) }

    mutating func addInitial(_ p: Population, cells: Int) {
        if cells > 0 { initial[p, default: 0] += cells }
    }

    mutating func addFlow(from: Population, to: Population?, rate: Double, window: TimeWindow?) {
        guard rate > 0, let window else { return }
        flows.append(PendingFlow(from: from, to: to, rate: rate, window: window))
    }

    mutating func addDivision(_ p: Population, rate: Double, window: TimeWindow?) {
        guard rate > 0, let window else { return }
        divisions.append(PendingDivision(at: p, rate: rate, window: window))
    }

    mutating func addInflow(_ p: Population, rate: Double, window: TimeWindow?) {
        guard rate > 0, let window else { return }
        inflows.append(PendingInflow(into: p, rate: rate, window: window))
    }

    mutating func addBolus(_ p: Population, cells: Int, time: Double) {
        guard cells > 0, time >= 0, time <= horizon else { return }
        boluses.append(PendingBolus(into: p, cells: cells, time: time))
    }

    /// The populations that can hold cells.
    func reachable() -> Set<Population> {
        var seen = Set(initial.keys)
        seen.formUnion(boluses.map(\.into))
        seen.formUnion(inflows.map(\.into))
        var outgoing: [Population: [Population]] = [:]
        for f in flows { if let to = f.to { outgoing[f.from, default: []].append(to) } }
        var stack = Array(seen)
        while let p = stack.popLast() {
            for q in outgoing[p, default: []] where seen.insert(q).inserted { stack.append(q) }
        }
        return seen
    }

    /// The network over `order` (reachable populations in reporting order).
    func network(name: String, outputTimes: [Double], order: [Population]) -> NetworkModel {
        let index = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let compartments = order.map { Compartment(name: $0.networkName, initial: initial[$0, default: 0]) }
        let compiledFlows: [Flow] = flows.compactMap { f in
            guard let i = index[f.from] else { return nil }
            let destination: Destination
            if let to = f.to {
                guard let j = index[to] else { return nil }
                destination = .compartment(j)
            } else {
                destination = .out
            }
            return Flow(from: i, to: destination, rate: f.rate, window: f.window)
        }
        return NetworkModel(
            name: name, horizon: horizon, outputTimes: outputTimes, compartments: compartments,
            flows: compiledFlows,
            divisions: divisions.compactMap { d in index[d.at].map { Division(compartment: $0, rate: d.rate, window: d.window) } },
            inflows: inflows.compactMap { u in index[u.into].map { Inflow(compartment: $0, rate: u.rate, window: u.window) } },
            boluses: boluses.compactMap { b in index[b.into].map { Bolus(compartment: $0, cells: b.cells, time: b.time) } })
    }
}
