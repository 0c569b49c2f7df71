import BiologyModel
import Foundation
import RateModel

/// The calendar: every event in time order.
///
/// At the biology level: conceptions and the ends of pregnancies, the pulses
/// and other boluses, transfusions, breastfeeding, injuries and every assay
/// sampling time, with the founder's age. At the network level: boluses and
/// the moments time-varying routes, self-renewal and inflows change rate.
extension ModelDescription {
    struct CalendarEntry {
        let time: Double
        /// Order among events of the same instant.
        let rank: Int
        let text: String
    }

    var calendar: String {
        let entries = (loaded.compiled.map(biologyEvents) ?? networkEvents)
            .enumerated().sorted { ($0.element.time, $0.element.rank, $0.offset) < ($1.element.time, $1.element.rank, $1.offset) }
            .map(\.element)
        let founder = loaded.compiled?.scenario.founder
        var table = founder == nil
            ? TextTable([("day", .right), ("year", .right), ("event", .left)])
            : TextTable([("day", .right), ("year", .right), ("age", .right), ("event", .left)])
        for e in entries {
            var text = e.text
            if e.time > model.horizon { text += " (after the horizon: not simulated)" }
            if let founder {
                let age = String(format: "%.1f", (founder.ageAtStart + e.time) / Days.perYear)
                table.add([ReadableUnits.time(e.time), ReadableUnits.years(e.time), age, text])
            } else {
                table.add([ReadableUnits.time(e.time), ReadableUnits.years(e.time), text])
            }
        }
        var title = "Calendar (\(entries.count) events"
        if let founder { title += "; age is \(founder.name)'s, in years" }
        return Self.heading(title + ")") + (entries.isEmpty ? "  nothing happens at a fixed time\n" : table.render())
    }

    func biologyEvents(_ c: CompiledScenario) -> [CalendarEntry] {
        let s = c.scenario
        let n = { (x: Double) in ReadableUnits.number(x) }
        var out: [CalendarEntry] = []
        for p in s.pregnancies {
            let who = p.children.map { "\($0.name) (\($0.sex.rawValue))" }.joined(separator: " and ")
            let weeks = n(p.length / 7)
            out.append(CalendarEntry(time: p.start, rank: 0,
                                     text: "conception: \(who) in \(p.mother); ends after \(weeks) weeks in \(p.outcome.name)"))
            let names = p.survivors.map(\.name).joined(separator: " and ")
            let end = p.outcome.isLiveBirth ? "birth of \(names) to \(p.mother) (new host)" : "\(p.outcome.name) of \(names), carried by \(p.mother)"
            out.append(CalendarEntry(time: p.end, rank: 1, text: end))
            if let demise = p.demise {
                out.append(CalendarEntry(time: p.end - demise, rank: 1, text: "fetal demise of \(names) at \(n(p.transferEnd / 7)) weeks: "
                                         + "transfer to \(p.mother) stops until the \(p.outcome.name)"))
            }
            for x in p.children {
                guard let vanished = x.vanished else { continue }
                out.append(CalendarEntry(time: p.start + vanished, rank: 1, text: "co-twin \(x.name) vanishes at \(n(vanished / 7)) weeks "
                                         + "(resorbed; never born)"))
            }
        }
        for event in s.events {
            switch event {
            case .transfusion(let t):
                let given = t.cellsGiven(s.transfusionDefaults)
                let cells = s.cellTypes.compactMap { type in given[type.name].flatMap { $0 > 0 ? "\(type.name) \($0)" : nil } }
                let product = t.product.map { p in
                    "\(p.units) unit\(p.units == 1 ? "" : "s") of \(p.kind.rawValue)\(p.leukoreduced ? " (leukoreduced)" : ""), "
                } ?? ""
                out.append(CalendarEntry(time: t.time, rank: 2, text: "\(t.kind) from \(t.donor) (\(t.donorSex.rawValue)) into "
                                         + "\(t.host)'s \(t.compartment): " + product + cells.joined(separator: ", ") + " cells"))
            case .breastfeeding(let f):
                out.append(CalendarEntry(time: f.start, rank: 3, text: "breastfeeding of \(f.child) by \(f.mother) starts: "
                                         + "\(n(f.rate)) maternal cells/day until \(ReadableUnits.day(f.end))"))
                out.append(CalendarEntry(time: f.end, rank: 3, text: "breastfeeding of \(f.child) ends"))
            case .injury(let i):
                out.append(CalendarEntry(time: i.start, rank: 3, text: "injury of \(i.tissue) in \(i.host): homing to it times "
                                         + "\(n(i.homingFactor)) for \(ReadableUnits.duration(days: i.duration))"))
                out.append(CalendarEntry(time: i.end, rank: 3, text: "injury of \(i.tissue) in \(i.host) ends"))
            }
        }
        out += bolusEvents(c)
        for a in c.assays {
            let sample = Self.text(of: a.assay.sample, kind: a.assay.kind)
            for t in a.assay.times {
                out.append(CalendarEntry(time: t, rank: 5, text: "assay \(a.assay.name): \(a.assay.marker.name) on \(sample) "
                                         + "of \(a.assay.host)'s \(a.assay.compartment)"))
            }
        }
        out.append(CalendarEntry(time: s.horizon, rank: 9, text: "end of the simulation (horizon)"))
        return out
    }

    /// Boluses summed per (time, host, origin, compartment), split by cell
    /// type: the pulses at the end of a pregnancy and any other bolus.
    /// Boluses of a transfusion are left out (its own line lists the cells).
    func bolusEvents(_ c: CompiledScenario) -> [CalendarEntry] {
        let s = c.scenario
        struct Key: Hashable { let time: Double; let host: String; let origin: String; let compartment: String }
        var order: [Key] = [], byType: [Key: [(String, Int)]] = [:]
        for b in anatomy.boluses {
            let node = anatomy.nodes[b.compartment]
            let key = Key(time: b.time, host: node.host, origin: node.origin, compartment: node.compartment)
            let transfused = s.events.contains {
                if case .transfusion(let t) = $0 { return t.time == b.time && t.host == node.host && t.donor == node.origin
                    && t.compartment == node.compartment }
                return false
            }
            if transfused { continue }
            if byType[key] == nil { order.append(key) }
            byType[key, default: []].append((node.cellType, b.cells))
        }
        return order.map { key in
            let parts = byType[key]!
            let total = parts.reduce(0) { $0 + $1.1 }
            let isPulse = s.pregnancies.contains { $0.end == key.time }
            let split = parts.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
            return CalendarEntry(time: key.time, rank: 2, text: "\(isPulse ? "pulse" : "bolus"): \(total) cells of \(key.origin) "
                                 + "into \(key.host)'s \(key.compartment) (\(split))")
        }
    }

    /// Boluses, and every change of a time-varying route, self-renewal or inflow.
    var networkEvents: [CalendarEntry] {
        let n = { (x: Double) in ReadableUnits.number(x) }
        var out: [CalendarEntry] = []
        func changes(_ what: String, _ schedule: RateSchedule, _ unit: String) {
            guard !schedule.isConstant(horizon: anatomy.horizon) else { return }
            for (k, p) in schedule.pieces.enumerated() {
                out.append(CalendarEntry(time: p.start, rank: 1, text: "\(what): \(n(p.rate)) \(unit)"))
                let next = k + 1 < schedule.pieces.count ? schedule.pieces[k + 1].start : nil
                if p.end < anatomy.horizon && next != p.end {
                    out.append(CalendarEntry(time: p.end, rank: 0, text: "\(what) stops"))
                }
            }
        }
        for r in anatomy.routes {
            changes("flow \(anatomy.nodes[r.from].name) -> \(destination(r, in: nil))", r.schedule, "/day per cell")
        }
        for (i, d) in anatomy.divisions { changes("self-renewal in \(anatomy.nodes[i].name)", d, "/day per cell") }
        for (i, u) in anatomy.inflows { changes("inflow into \(anatomy.nodes[i].name)", u, "cells/day") }
        for b in anatomy.boluses {
            out.append(CalendarEntry(time: b.time, rank: 2, text: "bolus: \(b.cells) cells into \(anatomy.nodes[b.compartment].name)"))
        }
        out.append(CalendarEntry(time: model.horizon, rank: 9, text: "end of the simulation (horizon)"))
        return out
    }
}
