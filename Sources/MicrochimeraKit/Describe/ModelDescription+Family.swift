import Foundation
import BiologyModel

/// The biology-level sections: hosts, origins, cell types, placental
/// transfer, immune factors and assays.
extension ModelDescription {
    func family(_ c: CompiledScenario) -> [String] {
        [hosts(c), origins(c), cellTypes(c), transfer(c), assays(c)]
    }

    /// The live birth that made `host` a host, if any.
    static func birth(of host: String, in s: BiologyScenario) -> Pregnancy? {
        s.pregnancies.first { $0.outcome.isLiveBirth && $0.children.contains { $0.name == host } }
    }

    func hosts(_ c: CompiledScenario) -> String {
        let s = c.scenario
        var table = TextTable([("host", .left), ("sex", .left), ("born", .left), ("mother", .left), ("carries cells of", .left)])
        for host in c.hosts {
            let carried = anatomy.blocks.filter { $0.host == host }.map(\.origin)
            let carries = carried.isEmpty ? "nobody else" : carried.joined(separator: ", ")
            if host == s.founder.name {
                table.add([host, Sex.female.rawValue, "aged \(ReadableUnits.duration(days: s.founder.ageAtStart)) at day 0", "-", carries])
            } else if let p = Self.birth(of: host, in: s) {
                let sex = p.children.first { $0.name == host }?.sex.rawValue ?? ""
                table.add([host, sex, "\(ReadableUnits.day(p.end)) (year \(ReadableUnits.years(p.end)))", p.mother, carries])
            } else {
                table.add([host, "", "", "", carries])
            }
        }
        return Self.heading("Hosts (\(c.hosts.count))") + table.render()
    }

    func origins(_ c: CompiledScenario) -> String {
        let s = c.scenario
        var table = TextTable([("origin", .left), ("sex", .left), ("kind", .left), ("where the cells come from", .left)])
        for o in c.origins {
            var from: [String] = []
            switch o.kind {
            case "founder":
                from.append("the founder's own cells")
            case "child":
                for p in s.pregnancies {
                    guard let x = p.children.first(where: { $0.name == o.name }) else { continue }
                    let end = x.vanished.map { "vanished on \(ReadableUnits.day(p.start + $0)) (a vanished twin)" }
                        ?? "\(p.outcome.name) on \(ReadableUnits.day(p.end))"
                    from.append("conceived \(ReadableUnits.day(p.start)) in \(p.mother); \(end)")
                }
            case "carried":
                for k in s.founder.carries where k.origin == o.name {
                    from.append("in \(s.founder.name) at day 0: \(k.cells) \(k.cellType) cells in \(k.compartment)")
                }
            default:
                for case .transfusion(let t) in s.events where t.donor == o.name {
                    from.append("\(t.kind) into \(t.host) \(t.compartment) on \(ReadableUnits.day(t.time))")
                }
            }
            table.add([o.name, o.sex.rawValue, o.kind, from.joined(separator: "; ")])
        }
        return Self.heading("Origins: whose cells (\(c.origins.count))") + table.render()
    }

    func cellTypes(_ c: CompiledScenario) -> String {
        let s = c.scenario
        var table = TextTable([("type", .left), ("share", .right), ("blood half-life", .left), ("becomes", .left),
                               ("homes from blood to (per cell per day)", .left)])
        for t in s.cellTypes {
            let becomes = t.differentiation.map { "\($0.into) at \(ReadableUnits.number($0.rate))/day" }
            let homing = s.tissues.compactMap { k in t.homing[k].flatMap { $0 > 0 ? "\(k) \(ReadableUnits.number($0))" : nil } }
            table.add([t.name, ReadableUnits.number(t.share), ReadableUnits.halfLife(rate: t.bloodClearance),
                       becomes.isEmpty ? "-" : becomes.joined(separator: ", "),
                       homing.isEmpty ? "nowhere" : homing.joined(separator: ", ")])
        }
        var text = Self.heading("Cell types (\(s.cellTypes.count))") + table.render()
        text += Self.paragraph("Tissues of every host besides blood: \(s.tissues.joined(separator: ", ")). Kinetics inside "
                               + "tissues (return to blood, death, self-renewal) are in the flow tables below.")
        for t in s.cellTypes { text += Self.paragraph(Self.persistence(of: t, tissues: s.tissues)) }
        for t in s.cellTypes {
            guard let niche = t.niche else { continue }
            let n = { (x: Double) in ReadableUnits.number(x) }
            text += Self.paragraph("Niche: \(t.name) cells in \(niche.tissue) found a niche at \(n(niche.seeding)) per cell per day; "
                                   + "a niche with at least one founder keeps a clone of Poisson(\(n(niche.bloodCells))) cells in blood "
                                   + "(\(n(niche.tissueCells)) in \(niche.tissue)), whatever the number of founders, seen only by assays"
                                   + Self.acceptance(of: niche)
                                   + Self.supply(of: t, tissues: s.tissues))
        }
        for f in s.immunity {
            text += Self.paragraph("Immune factor: clearance and death of \(f.origin) cells in \(f.host) times "
                                   + "\(ReadableUnits.number(f.clearanceFactor)).")
        }
        return text
    }

    /// The end of the niche sentence: who keeps a clone, and whether origins share it.
    static func acceptance(of niche: Niche) -> String {
        let percent = ReferenceEvent.percent(niche.acceptance)
        guard niche.shared else { return niche.acceptance < 1 ? ", in the \(percent) of hosts whose niche accepts the origin." : "." }
        return (niche.acceptance < 1 ? ", in the \(percent) of hosts whose niche is permissive" : "")
            + ". Every origin in a host shares the one niche: the clone is split equally among the origins that founded it, "
            + "so more pregnancies do not enlarge it and each new origin dilutes the earlier ones."
    }

    func transfer(_ c: CompiledScenario) -> String {
        let s = c.scenario
        guard !s.pregnancies.isEmpty else { return "" }
        let t = s.transfer
        let n = { (x: Double) in ReadableUnits.number(x) }
        var text = Self.heading("Placental transfer")
        text += Self.paragraph("At term (level 1): fetus to mother \(n(t.fetalToMaternal.peakRate)) cells/day, mother to fetus "
                               + "\(n(t.maternalToFetal.peakRate)) cells/day, co-twin to co-twin \(n(t.twinRate)) cells/day, "
                               + "cells the mother carries \(n(t.carriedRate)) per cell per day.")
        let steps = t.shape.steps.map { "week \(n($0.from / 7)): \(n($0.level))" }
        text += Self.paragraph("Level by gestational age: " + (steps.isEmpty ? "none" : steps.joined(separator: ", ")) + ".")
        if t.pulseGrowth != 0 {
            text += Self.paragraph("Pulses after a stillbirth, a miscarriage or a termination scale as (g / g_ref)^\(n(t.pulseGrowth)) "
                                   + "with the gestational age g at the end or the demise "
                                   + "(g_ref 32 weeks for a stillbirth, 10 weeks otherwise).")
        }
        text += Self.paragraph("The inflows and the pulses each pregnancy adds are listed below and on the calendar.")
        return text
    }

    /// How fast a type's circulating cells (blood and the tissues exchanging
    /// with it) decline or grow once no more arrive, in a host without an
    /// immune factor, and which tissue's `persistence` set it.
    static func persistence(of t: CellType, tissues: [String]) -> String {
        let rate = t.circulatingGrowthRate(tissues: tissues)
        let set = tissues.first { t.tissue[$0]?.persistence != nil }.map { " (set by persistence in \($0))" } ?? ""
        let years = log(2) / abs(rate) / 365.25
        let trend = rate < 0 ? "decline with a half-life of \(ReadableUnits.number(years)) years"
            : rate > 0 ? "grow, doubling every \(ReadableUnits.number(years)) years" : "neither grow nor decline in mean"
        return "Circulating \(t.name) cells (blood and the tissues that return them) \(trend) once no more arrive\(set)."
    }

    /// The clone's cells in the tissues its blood cells supply
    /// (`Niche.tissueSupply`, `CellType.cloneCells(in:)`), or "" when none.
    static func supply(of t: CellType, tissues: [String]) -> String {
        guard let niche = t.niche, niche.tissueSupply > 0 else { return "" }
        let held = tissues.filter { $0 != niche.tissue }.compactMap { k -> String? in
            let cells = t.cloneCells(in: k)
            return cells > 0 ? "\(ReadableUnits.number(cells)) in \(k)" : nil
        }
        return " Its blood cells home to the other tissues at \(ReadableUnits.number(niche.tissueSupply)) times the type's homing, "
            + (held.isEmpty ? "but the type homes to none of them where it declines, so the clone holds no cells there."
                : "so that the clone holds on average " + held.joined(separator: ", ") + " (steady state).")
    }

    func assays(_ c: CompiledScenario) -> String {
        guard !c.assays.isEmpty else { return "" }
        var table = TextTable([("assay", .left), ("host", .left), ("marker", .left), ("in", .left), ("sample", .left),
                               ("fraction", .right), ("LoD", .right), ("sees cells of", .left)])
        for a in c.assays {
            let sample = Self.text(of: a.assay.sample, kind: a.assay.kind)
            let types = a.assay.cellTypes ?? a.assay.kind.defaultCellTypes(among: c.scenario.cellTypes.map(\.name))
            let sees = a.visibleOrigins.isEmpty ? "nobody (never positive)"
                : a.visibleOrigins.joined(separator: ", ") + (types.map { " as " + $0.joined(separator: ", ") } ?? "")
                    + " (\(a.compartments.count) compartments)"
            table.add([a.assay.name, a.assay.host, a.assay.marker.name, a.assay.compartment, sample,
                       ReadableUnits.number(a.sampledFraction), String(a.assay.limitOfDetection), sees])
        }
        return Self.heading("Assays (\(c.assays.count); sampling times are on the calendar)") + table.render()
    }

    /// An assay's sample as the description writes it, with the kind when
    /// it is not qPCR: `10 mL`, `1e6 cells`, `500 nuclei`, `20 mL culture`,
    /// `1 mL plasma`.
    static func text(of sample: Sample, kind: AssayKind) -> String {
        let text: String
        switch sample {
        case .bloodVolume(let mL): text = "\(ReadableUnits.number(mL)) mL"
        case .hostCells(let n): text = "\(ReadableUnits.number(n)) " + (kind == .fish ? "nuclei" : "cells")
        case .plasmaVolume(let mL): return "\(ReadableUnits.number(mL)) mL plasma"
        }
        switch (kind, sample) {
        case (.fish, .bloodVolume), (.culture, _): return text + " " + kind.name
        default: return text
        }
    }
}
