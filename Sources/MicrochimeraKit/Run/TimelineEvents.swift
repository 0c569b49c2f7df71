import BiologyModel
import RateModel
import Reporting

/// The events marked on `timeline.svg`, with short labels: per pregnancy its
/// conception and its end (delivery, miscarriage, termination, stillbirth),
/// transfusions, breastfeeding and injuries (spans) at the biology level;
/// boluses at the network level.
///
/// The same calendar in full sentences, with the assay times and the
/// pulses, is the `Calendar` section of `describe`
/// (`ModelDescription+Calendar.swift`); this one keeps labels short enough
/// to sit beside a marker.
enum TimelineEvents {
    /// Events of a biology-level scenario, in scenario order (the plot sorts them by time).
    static func events(_ compiled: CompiledScenario) -> [TimelineEvent] {
        let s = compiled.scenario
        let founder = s.founder.name
        var out: [TimelineEvent] = []
        for p in s.pregnancies {
            let names = p.survivors.map(\.name).joined(separator: " and ")
            let whose = p.mother == founder ? "" : " (in \(p.mother))"
            out.append(TimelineEvent(time: p.start, kind: .conception, label: "conception: \(names)\(whose)", host: p.mother))
            let kind = endKind(p.outcome)
            let word: String
            switch p.outcome {
            case .termination(let method): word = "termination (\(method.rawValue))"
            default: word = kind.rawValue
            }
            out.append(TimelineEvent(time: p.end, kind: kind, label: "\(word): \(names)\(whose)", host: p.mother))
        }
        for event in s.events {
            switch event {
            case .transfusion(let t):
                let into = t.host == founder ? "" : " into \(t.host)"
                out.append(TimelineEvent(time: t.time, kind: .transfusion, label: "\(t.kind) from \(t.donor)\(into)", host: t.host))
            case .breastfeeding(let f):
                out.append(TimelineEvent(time: f.start, end: f.end, kind: .breastfeeding, label: "breastfeeding: \(f.child)",
                                         host: f.child))
            case .injury(let i):
                let whose = i.host == founder ? "" : " (\(i.host))"
                out.append(TimelineEvent(time: i.start, end: i.end, kind: .injury, label: "injury: \(i.tissue)\(whose)",
                                         host: i.host))
            }
        }
        return out
    }

    /// Boluses of a network-level model, summed per instant.
    static func events(network model: NetworkModel) -> [TimelineEvent] {
        var times: [Double] = [], cells: [Double: Int] = [:]
        for b in model.boluses where b.cells > 0 {
            if cells[b.time] == nil { times.append(b.time) }
            cells[b.time, default: 0] += b.cells
        }
        return times.map { t in
            TimelineEvent(time: t, kind: .bolus, label: "bolus: \(ReadableUnits.number(Double(cells[t]!))) cells")
        }
    }

    /// How a pregnancy's end is marked.
    static func endKind(_ outcome: PregnancyOutcome) -> TimelineEvent.Kind {
        switch outcome {
        case .liveBirth: .delivery
        case .stillbirth: .stillbirth
        case .miscarriage: .miscarriage
        case .termination: .termination
        }
    }
}
