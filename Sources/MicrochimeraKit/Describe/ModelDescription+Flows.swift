import RateModel

/// The flow, self-renewal, inflow and bolus sections.
extension ModelDescription {
    var flowSections: [String] { [flows, inflows, boluses] }

    /// One row per piece of `schedule` (the route's names only on the first):
    /// rate, half-life (`ln 2 / rate`) and when it applies.
    func rows(_ from: String, _ to: String, _ schedule: RateSchedule) -> [[String]] {
        if schedule.isConstant(horizon: anatomy.horizon) {
            let r = schedule.pieces[0].rate
            return [[from, to, ReadableUnits.number(r), ReadableUnits.halfLife(rate: r), "always"]]
        }
        return schedule.pieces.enumerated().map { k, p in
            [k == 0 ? from : "", k == 0 ? to : "", ReadableUnits.number(p.rate), ReadableUnits.halfLife(rate: p.rate),
             ReadableUnits.window(p.start, p.end)]
        }
    }

    /// The name of a route's destination seen from `block`.
    func destination(_ r: NetworkAnatomy.Route, in block: Int?) -> String {
        r.to.map { anatomy.name($0, in: block) } ?? ReservedName.out.rawValue
    }

    /// Every route inside block `b`, grouped by source compartment, each
    /// followed by its self-renewal.
    func blockRows(_ b: Int) -> (rows: [[String]], routes: Int, divisions: Int) {
        var rows: [[String]] = [], routes = 0, divisions = 0
        let division = Dictionary(uniqueKeysWithValues: anatomy.divisions.map { ($0.compartment, $0.schedule) })
        for i in anatomy.blocks[b].members {
            let from = anatomy.nodes[i].local
            for r in anatomy.routes where r.from == i && anatomy.isInternal(r) {
                rows += self.rows(from, destination(r, in: b), r.schedule)
                routes += 1
            }
            if let d = division[i] {
                rows += self.rows(from, "self-renewal (doubling)", d)
                divisions += 1
            }
        }
        return (rows, routes, divisions)
    }

    static func flowTable(_ rows: [[String]]) -> TextTable {
        var table = TextTable([("from", .left), ("to", .left), ("rate/day", .right), ("half-life", .left), ("when", .left)])
        for row in rows { table.add(row) }
        return table
    }

    var flows: String {
        var text = Self.heading("Flows and self-renewal (per cell)")
        text += "  Rates are per cell per day; half-life = ln 2 / rate, the time for half the cells to leave by\n"
            + "  that route alone (for self-renewal: the doubling time). Routes listed with days are off\n"
            + "  outside them; routes with several rows change rate over time.\n"
        var seen: [(title: String, rows: [[String]])] = []
        let biology = anatomy.isBiology
        for (b, block) in anatomy.blocks.enumerated() {
            let (rows, routes, divisions) = blockRows(b)
            let size = "\(block.members.count) compartments, \(routes) routes, \(divisions) self-renewing"
            text += "\n"
            if let same = seen.first(where: { $0.rows == rows }), !rows.isEmpty {
                text += "  \(block.title) (\(size)):\n    the same routes and rates as \(same.title)\n"
                continue
            }
            seen.append((block.title, rows))
            if biology || anatomy.blocks.count > 1 { text += "  \(block.title) (\(size))\n" }
            text += rows.isEmpty ? "    no flows\n" : Self.flowTable(rows).render(indent: 4)
        }
        let crossing = anatomy.routes.filter { !anatomy.isInternal($0) }
        var origins: [String] = []
        for r in crossing where !origins.contains(anatomy.nodes[r.from].origin) { origins.append(anatomy.nodes[r.from].origin) }
        for origin in origins {
            let routes = crossing.filter { anatomy.nodes[$0.from].origin == origin }
            var rows: [[String]] = []
            for r in routes { rows += self.rows(hostAndLocal(r.from, origin), r.to.map { hostAndLocal($0, origin) } ?? ReservedName.out.rawValue, r.schedule) }
            let title = anatomy.isBiology ? "between hosts: cells of \(origin)" : "between blocks"
            text += "\n  \(title) (\(routes.count) routes)\n" + Self.flowTable(rows).render(indent: 4)
        }
        return text
    }

    /// `host type/compartment` when the origin is `origin`, else the network name.
    func hostAndLocal(_ i: Int, _ origin: String) -> String {
        let n = anatomy.nodes[i]
        return n.origin == origin && !n.host.isEmpty ? "\(n.host) \(n.local)" : n.name
    }

    var inflows: String {
        guard !anatomy.inflows.isEmpty else { return "" }
        var table = TextTable([("into", .left), ("cells/day", .right), ("when", .left), ("expected cells", .right)])
        for (i, schedule) in anatomy.inflows {
            let name = anatomy.nodes[i].name
            for (k, p) in schedule.pieces.enumerated() {
                let when = schedule.isConstant(horizon: anatomy.horizon) ? "always" : ReadableUnits.window(p.start, p.end)
                table.add([k == 0 ? name : "", ReadableUnits.number(p.rate), when, ReadableUnits.number(p.rate * (p.end - p.start))])
            }
            if schedule.pieces.count > 1 { table.add(["", "", "in all", ReadableUnits.number(schedule.integral)]) }
        }
        return Self.heading("Inflows (cells arriving from outside the network, a Poisson process)") + table.render()
    }

    var boluses: String {
        guard !anatomy.boluses.isEmpty else { return "" }
        var table = TextTable([("day", .right), ("year", .right), ("into", .left), ("cells", .right)])
        for b in anatomy.boluses {
            table.add([ReadableUnits.time(b.time), ReadableUnits.years(b.time), anatomy.nodes[b.compartment].name, String(b.cells)])
        }
        return Self.heading("Boluses (cells added at one instant)") + table.render()
    }
}
