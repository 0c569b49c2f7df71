import ScenarioFormat

/// The compiled model as a Graphviz DOT graph, as `microchimera describe --dot` writes it.
///
/// - one node `c<i>` per network compartment, labelled with its name, its
///   initial cells and its loss to the outside (as a half-life; loss is an
///   annotation rather than an edge, so big networks stay readable);
/// - at the biology level, a cluster per host holding a cluster per origin;
/// - one edge `c<i> -> c<j>` per route between compartments (every flow
///   entry from `i` to `j`, summed over time windows), labelled with its
///   half-life `ln 2 / rate`, per window when the rate changes;
/// - a self-loop per self-renewing compartment, labelled with its doubling time;
/// - a source node `in<i>` per compartment with an inflow (dashed edge,
///   cells per day and when) and `bolus<i>` per compartment receiving
///   boluses (dotted edge, cells and days).
///
/// Render it with `dot -Tsvg model.dot -o model.svg`.
public struct ModelGraph {
    let loaded: LoadedScenario
    let anatomy: NetworkAnatomy

    public init(_ loaded: LoadedScenario) {
        self.loaded = loaded
        anatomy = NetworkAnatomy(model: loaded.model, populations: loaded.compiled?.populations)
    }

    /// A DOT string literal: quotes and backslashes escaped.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: " ") + "\""
    }

    /// A label of several lines (each escaped, joined by DOT's `\n`).
    static func label(_ lines: [String]) -> String {
        let inner = lines.map { quoted($0).dropFirst().dropLast() }.joined(separator: "\\n")
        return "\"" + inner + "\""
    }

    /// `t½ …` for a constant schedule, one line per window (up to three)
    /// or the range and the number of windows otherwise.
    func timing(_ schedule: RateSchedule, prefix: String = "t½") -> [String] {
        let half = { (r: Double) in ReadableUnits.halfLife(rate: r) }
        if schedule.isConstant(horizon: anatomy.horizon) { return ["\(prefix) \(half(schedule.pieces[0].rate))"] }
        if schedule.pieces.count <= 3 {
            return schedule.pieces.map { "\(prefix) \(half($0.rate)), \(ReadableUnits.window($0.start, $0.end))" }
        }
        let (lo, hi) = schedule.range
        return ["\(prefix) \(half(hi)) to \(half(lo)) over \(schedule.pieces.count) windows"]
    }

    public var dot: String {
        let model = loaded.model
        var out = "digraph \(Self.quoted(model.name)) {\n"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, label=\(Self.quoted(model.name))];\n"
        out += "  node [shape=box, style=rounded, fontname=\"Helvetica\", fontsize=10];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        var loss: [Int: RateSchedule] = [:]
        for r in anatomy.routes where r.to == nil { loss[r.from] = r.schedule }
        let inflow = Dictionary(uniqueKeysWithValues: anatomy.inflows.map { ($0.compartment, $0.schedule) })
        let bolused = Set(anatomy.boluses.map(\.compartment))

        func nodes(_ members: [Int], indent: String) -> String {
            var text = ""
            for i in members {
                let node = anatomy.nodes[i]
                var lines = [anatomy.isBiology ? node.local : node.name]
                let initial = model.compartments[i].initial
                if initial > 0 { lines.append("initial \(initial)") }
                if let l = loss[i] { lines += timing(l, prefix: "loss t½") }
                text += "\(indent)c\(i) [label=\(Self.label(lines))];\n"
                if inflow[i] != nil { text += "\(indent)in\(i) [shape=point, width=0.08, label=\"\"];\n" }
                if bolused.contains(i) { text += "\(indent)bolus\(i) [shape=invtriangle, style=\"\", width=0.2, height=0.2, label=\"\"];\n" }
            }
            return text
        }

        if anatomy.isBiology {
            var hosts: [String] = []
            for block in anatomy.blocks where !hosts.contains(block.host) { hosts.append(block.host) }
            for (h, host) in hosts.enumerated() {
                out += "  subgraph cluster_host\(h) {\n    label=\(Self.quoted("host \(host)"));\n    style=rounded;\n"
                for (b, block) in anatomy.blocks.enumerated() where block.host == host {
                    out += "    subgraph cluster_block\(b) {\n      label=\(Self.quoted("cells of \(block.origin)"));\n"
                        + "      style=dashed;\n"
                    out += nodes(block.members, indent: "      ")
                    out += "    }\n"
                }
                out += "  }\n"
            }
        } else {
            out += nodes(Array(model.compartments.indices), indent: "  ")
        }

        for r in anatomy.routes {
            guard let j = r.to else { continue }
            let style = anatomy.isInternal(r) ? "" : ", color=\"firebrick\", fontcolor=\"firebrick\""
            out += "  c\(r.from) -> c\(j) [label=\(Self.label(timing(r.schedule)))\(style)];\n"
        }
        for (i, d) in anatomy.divisions {
            out += "  c\(i) -> c\(i) [label=\(Self.label(timing(d, prefix: "doubling"))), color=\"darkgreen\", fontcolor=\"darkgreen\"];\n"
        }
        for (i, u) in anatomy.inflows {
            let lines: [String]
            if u.isConstant(horizon: anatomy.horizon) {
                lines = ["\(ReadableUnits.number(u.pieces[0].rate)) cells/day"]
            } else if u.pieces.count <= 3 {
                lines = u.pieces.map { "\(ReadableUnits.number($0.rate)) cells/day, \(ReadableUnits.window($0.start, $0.end))" }
            } else {
                let (lo, hi) = u.range
                lines = ["\(ReadableUnits.number(lo)) to \(ReadableUnits.number(hi)) cells/day",
                         "over \(u.pieces.count) windows, \(ReadableUnits.number(u.integral)) cells in all"]
            }
            out += "  in\(i) -> c\(i) [label=\(Self.label(lines)), style=dashed];\n"
        }
        var bolusLines: [Int: [String]] = [:]
        for b in anatomy.boluses { bolusLines[b.compartment, default: []].append("\(b.cells) cells, \(ReadableUnits.day(b.time))") }
        for i in bolusLines.keys.sorted() {
            out += "  bolus\(i) -> c\(i) [label=\(Self.label(bolusLines[i]!)), style=dotted];\n"
        }
        out += "}\n"
        return out
    }
}
