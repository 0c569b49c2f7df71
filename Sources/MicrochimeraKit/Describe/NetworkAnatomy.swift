import BiologyModel
import RateModel

/// The compiled network arranged for reading: what each compartment holds,
/// which block (host and origin) it belongs to, and every route with its
/// rate over time.
///
/// Processes are merged per route (from, to), per dividing compartment and
/// per inflow target into `RateSchedule`s, exactly as the engines add them
/// up. At the biology level a block is one (host, origin) pair: cells never
/// change origin, so every flow stays inside a block except the ones that
/// carry cells between hosts (across the placenta). At the network level the
/// whole network is one block.
struct NetworkAnatomy {
    /// One network compartment.
    struct Node {
        let name: String
        /// Empty at the network level.
        let host: String
        let origin: String
        let cellType: String
        let compartment: String
        /// The name inside its block (`type/compartment`, or the network name).
        let local: String
        let block: Int
    }

    /// Compartments that share a host and an origin.
    struct Block {
        let host: String
        let origin: String
        let members: [Int]

        /// `in mother: cells of son`, or `network` at the network level.
        var title: String { host.isEmpty ? "network" : "in \(host): cells of \(origin)" }
    }

    /// Cells moving from `from` to `to` (nil: out of the system).
    struct Route {
        let from: Int
        let to: Int?
        let schedule: RateSchedule
    }

    let horizon: Double
    let nodes: [Node]
    let blocks: [Block]
    /// Routes in order of first appearance in the model's flows.
    let routes: [Route]
    /// Division per compartment (ascending), positive somewhere.
    let divisions: [(compartment: Int, schedule: RateSchedule)]
    /// Inflow per target compartment (ascending), positive somewhere.
    let inflows: [(compartment: Int, schedule: RateSchedule)]
    /// Boluses in time order, then compartment order.
    let boluses: [Bolus]

    init(model: NetworkModel, populations: [Population]?) {
        horizon = model.horizon
        var nodes: [Node] = [], blocks: [Block] = [], members: [[Int]] = []
        var blockIndex: [String: Int] = [:]
        for (i, c) in model.compartments.enumerated() {
            let p = populations.flatMap { i < $0.count ? $0[i] : nil }
            let key = p.map { "\($0.host)\u{0}\($0.origin)" } ?? ""
            let b: Int
            if let known = blockIndex[key] {
                b = known
            } else {
                b = blocks.count
                blockIndex[key] = b
                blocks.append(Block(host: p?.host ?? "", origin: p?.origin ?? "", members: []))
                members.append([])
            }
            members[b].append(i)
            nodes.append(Node(name: c.name, host: p?.host ?? "", origin: p?.origin ?? "", cellType: p?.cellType ?? "",
                              compartment: p?.compartment ?? c.name,
                              local: p.map { "\($0.cellType)/\($0.compartment)" } ?? c.name, block: b))
        }
        self.nodes = nodes
        self.blocks = zip(blocks, members).map { Block(host: $0.host, origin: $0.origin, members: $1) }

        var order: [RouteKey] = []
        var entries: [RouteKey: [(rate: Double, window: TimeWindow)]] = [:]
        for f in model.flows {
            let key: RouteKey
            switch f.to {
            case .out: key = RouteKey(from: f.from, to: nil)
            case .compartment(let j) where j == f.from: continue // a self-loop changes nothing
            case .compartment(let j): key = RouteKey(from: f.from, to: j)
            }
            if entries[key] == nil { order.append(key) }
            entries[key, default: []].append((f.rate, f.window))
        }
        routes = order.map { Route(from: $0.from, to: $0.to, schedule: RateSchedule(entries[$0]!)) }.filter { !$0.schedule.isEmpty }
        divisions = Self.perCompartment(model.divisions.map { ($0.compartment, $0.rate, $0.window) })
        inflows = Self.perCompartment(model.inflows.map { ($0.compartment, $0.rate, $0.window) })
        boluses = model.boluses.filter { $0.cells > 0 }.sorted { ($0.time, $0.compartment) < ($1.time, $1.compartment) }
    }

    private struct RouteKey: Hashable {
        let from: Int
        let to: Int?
    }

    private static func perCompartment(_ items: [(Int, Double, TimeWindow)]) -> [(compartment: Int, schedule: RateSchedule)] {
        var grouped: [Int: [(rate: Double, window: TimeWindow)]] = [:]
        for (i, rate, window) in items { grouped[i, default: []].append((rate, window)) }
        return grouped.keys.sorted().map { ($0, RateSchedule(grouped[$0]!)) }.filter { !$0.schedule.isEmpty }
    }

    /// Whether the network has biology-level labels.
    var isBiology: Bool { nodes.first.map { !$0.host.isEmpty } ?? false }

    /// Whether a route stays inside one block.
    func isInternal(_ r: Route) -> Bool { r.to.map { nodes[$0].block == nodes[r.from].block } ?? true }

    /// The name of compartment `i` as seen from inside `block` (local there, full elsewhere).
    func name(_ i: Int, in block: Int?) -> String { nodes[i].block == block ? nodes[i].local : nodes[i].name }
}
