import BiologyModel

/// What a series' reference time was, in words for a sentence: "delivery",
/// "the miscarriage", "the transfusion" (see `SummaryCheckpoints`).
enum ReferenceEvent {
    /// The event that ended the transfer of `origin`'s cells into `host` at
    /// `reference` (days), found on the scenario's calendar; "time 0" for a
    /// network-level scenario or cells present from the start.
    static func phrase(host: String, origin: String, reference: Double, scenario: BiologyScenario?) -> String {
        guard let scenario, reference > 0 else { return "time 0" }
        for p in scenario.pregnancies where p.end == reference {
            let people = Set(p.children.map(\.name) + [p.mother])
            guard people.contains(origin) || people.contains(host) else { continue }
            switch p.outcome {
            case .liveBirth: return "delivery"
            case .stillbirth: return "the stillbirth"
            case .miscarriage: return "the miscarriage"
            case .termination: return "the termination"
            }
        }
        for event in scenario.events {
            switch event {
            case .transfusion(let t) where t.time == reference && t.donor == origin: return "the \(t.kind)"
            case .breastfeeding(let f) where f.end == reference: return "weaning"
            default: continue
            }
        }
        return "the last transfer"
    }

    /// A probability as a rounded percentage that never rounds a possibility
    /// away: "<1%" above 0, ">99%" below 1.
    static func percent(_ p: Double) -> String {
        if p > 0 && p < 0.005 { return "<1%" }
        if p < 1 && p >= 0.995 { return ">99%" }
        return "\(Int((p * 100).rounded()))%"
    }
}
