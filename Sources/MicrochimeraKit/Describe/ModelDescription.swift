import BiologyModel
import RateModel
import ScenarioFormat

/// The compiled model in words and tables, as `microchimera describe` prints it.
///
/// Sections, in order: a header (name, level, description, horizon, output
/// times, network size); at the biology level the hosts, origins, cell types
/// and assays; the compartments; the flows with per-cell rates and
/// half-lives (`ln 2 / rate`), grouped by block (host and origin) and shown
/// per time window when they change; self-renewal, inflows and boluses; and
/// the calendar of events. Everything is read from the compiled network
/// (what the engines run) and, at the biology level, from the scenario with
/// its defaults; nothing is recomputed by other means.
public struct ModelDescription {
    let loaded: LoadedScenario
    let anatomy: NetworkAnatomy

    public init(_ loaded: LoadedScenario) {
        self.loaded = loaded
        anatomy = NetworkAnatomy(model: loaded.model, populations: loaded.compiled?.populations)
    }

    /// The whole description, lines of at most about 100 characters.
    public var text: String {
        var sections = [header]
        if let compiled = loaded.compiled { sections += family(compiled) }
        sections.append(compartments)
        sections += flowSections
        sections.append(calendar)
        return sections.filter { !$0.isEmpty }.joined(separator: "\n")
    }

    var model: NetworkModel { loaded.model }

    /// `text` wrapped at spaces into lines of at most `width` characters, each indented by `indent`.
    static func paragraph(_ text: String, indent: Int = 2, width: Int = 100) -> String {
        let lead = String(repeating: " ", count: indent)
        var out = "", line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && indent + line.count + 1 + word.count > width {
                out += lead + line + "\n"
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        return line.isEmpty ? out : out + lead + line + "\n"
    }

    /// `title` underlined.
    static func heading(_ title: String, _ rule: Character = "-") -> String {
        title + "\n" + String(repeating: rule, count: title.count) + "\n"
    }

    var header: String {
        let m = model
        var lines: [(String, String)] = [("file", loaded.file)]
        if loaded.compiled != nil {
            lines.append(("level", "biology (a family on a calendar, compiled to a network of \(m.count) compartments)"))
        } else {
            lines.append(("level", "network (compartments, flows and events as written)"))
        }
        if !loaded.description.isEmpty { lines.append(("description", loaded.description)) }
        lines.append(("horizon", "\(ReadableUnits.duration(days: m.horizon)) (\(ReadableUnits.time(m.horizon)) days)"))
        lines.append(("output times", outputTimesSummary))
        if !loaded.overrides.isEmpty {
            lines.append(("overrides", loaded.overrides.map { "\($0.path)=\($0.value)" }.joined(separator: ", ")))
        }
        let counts = [(m.count, "compartment"), (m.flows.count, "flow"), (anatomy.routes.count, "route"),
                      (m.divisions.count, "division"), (m.inflows.count, "inflow"), (m.boluses.count, "bolus")]
            .map { n, noun in "\(n) \(noun)\(n == 1 ? "" : (noun == "bolus" ? "es" : "s"))" }
        lines.append(("network", "\(counts[0]), \(counts[1]) on \(counts[2]), \(counts[3]), \(counts[4]), \(counts[5])"))
        let epochs = EpochSchedule(model: m).epochs.count
        lines.append(("timeline", epochs == 1 ? "every rate is constant over the whole horizon"
                      : "rates change \(epochs - 1) times: \(epochs) epochs of constant rates"))
        if let cohort = loaded.cohort {
            lines.append(("cohort", "\(cohort.size) women, each drawing her pregnancies and rate multipliers; the family "
                          + "below is the template they share ('describe --individual K' is not available: "
                          + "'run --individual K' records woman K's history in run.json)"))
        }
        if let population = loaded.compiled?.scenario.population {
            let v = population.variation
            let cvs = [("clearance", v.clearance), ("homing", v.homing), ("self-renewal", v.selfRenewal), ("transfer", v.transfer)]
                .filter { $0.1 != 0 }.map { "\($0.0) \(ReadableUnits.number($0.1))" }
            lines.append(("population", cvs.isEmpty ? "no variation: the family's own rates"
                          : "predicted over women whose rates vary (coefficients of variation: \(cvs.joined(separator: ", "))); "
                          + "moments averages \(population.runs) runs (\(population.nodes) Gauss-Hermite points per varying rate), "
                          + "a sampling method gives each replicate its own multipliers"))
        }
        var table = TextTable([("", .left), ("", .left)])
        for (key, value) in lines { table.add([key + ":", value]) }
        let body = table.render(indent: 0).split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        return Self.heading(m.name, "=") + body
    }

    /// Count, range and the usual spacing of the output times.
    var outputTimesSummary: String {
        let t = model.outputTimes
        guard let first = t.first, let last = t.last else { return "none" }
        var text = "\(t.count) from \(ReadableUnits.day(first)) to \(ReadableUnits.day(last))"
        guard t.count > 2 else { return text }
        var counts: [Double: Int] = [:]
        for (a, b) in zip(t, t.dropFirst()) { counts[((b - a) * 1e6).rounded() / 1e6, default: 0] += 1 }
        if let (gap, n) = counts.max(by: { ($0.value, -$0.key) < ($1.value, -$1.key) }) {
            text += n == t.count - 1 ? ", every \(ReadableUnits.duration(days: gap))"
                : ", mostly every \(ReadableUnits.duration(days: gap)) (\(n) of \(t.count - 1) gaps)"
        }
        return text
    }

    /// The compartments table, a blank line between blocks.
    var compartments: String {
        let biology = anatomy.isBiology
        var table = biology
            ? TextTable([("#", .right), ("network name", .left), ("host", .left), ("origin", .left), ("cell type", .left),
                         ("compartment", .left), ("initial", .right)])
            : TextTable([("#", .right), ("name", .left), ("initial", .right)])
        for (b, block) in anatomy.blocks.enumerated() {
            if b > 0 { table.addSeparator() }
            for i in block.members {
                let n = anatomy.nodes[i], initial = String(model.compartments[i].initial)
                table.add(biology ? [String(i), n.name, n.host, n.origin, n.cellType, n.compartment, initial]
                                  : [String(i), n.name, initial])
            }
        }
        return Self.heading("Compartments (\(model.count))") + table.render()
    }
}
