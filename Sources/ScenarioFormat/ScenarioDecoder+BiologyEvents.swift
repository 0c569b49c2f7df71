import BiologyModel

/// `events:`: transfusions, transplants, breastfeeding and injuries. Each
/// item is a mapping with exactly one key, the kind, whose value holds the
/// event's fields: `- transfusion: { host: mother, ... }`.
extension ScenarioDecoder {
    static let eventKinds = ["transfusion", "transplant", "breastfeeding", "injury"]
    static let transfusionKeys = ["host", "donor", "sex", "at", "into", "cells", "product", "units", "leukoreduced"]
    static let breastfeedingKeys = ["child", "mother", "start", "end", "duration", "rate"]
    static let injuryKeys = ["host", "tissue", "at", "duration", "homing_factor"]

    /// Decodes one item of `events:`.
    mutating func event(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> FamilyEvent? {
        let shape = "a mapping with one key naming its kind (\(Self.eventKinds.joined(separator: ", "))), e.g. '- injury: { tissue: heart, ... }'"
        guard let entries = node.entries, let entry = entries.first else {
            sink.report("expected an event as \(shape), got \(node.entries == nil ? node.kindDescription : "an empty mapping")",
                        at: node.position, path: path)
            return nil
        }
        if entries.count > 1 {
            let keys = entries.map { "'\($0.key)'" }.joined(separator: ", ")
            sink.report("an event is \(shape); this one has the keys \(keys): put the event's fields inside its kind, "
                        + "and give each event its own list item", at: entries[1].keyPosition, path: path.key(entries[1].key))
            return nil
        }
        let eventPath = path.key(entry.key)
        switch entry.key {
        case "transfusion", "transplant":
            return transfusion(entry.value, kind: entry.key, path: eventPath, names: names).map(FamilyEvent.transfusion)
        case "breastfeeding":
            return breastfeeding(entry.value, path: eventPath, names: names).map(FamilyEvent.breastfeeding)
        case "injury":
            return injury(entry.value, path: eventPath, names: names).map(FamilyEvent.injury)
        default:
            sink.report("unknown event kind '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: Self.eventKinds, noun: "event kinds"))",
                        at: entry.keyPosition, path: eventPath)
            return nil
        }
    }

    /// A transfusion or transplant: `host` (default founder), `donor`, `sex`
    /// (the donor's), `at`, `into` (default blood), and what was given:
    /// `cells` by cell type, or a blood `product` (see `bloodProduct`).
    private mutating func transfusion(_ node: YAMLNode, kind: String, path: NodePath, names: BiologyNames) -> Transfusion? {
        guard let fields = fields(node, path: path, expected: "a \(kind)", keys: Self.transfusionKeys) else { return nil }
        var host: String? = names.founder
        if let node = fields["host"] { host = text(node, path: path.key("host")) }
        let donor = fields.require("donor", hint: "the donor's name, e.g. 'donor: donor1'", in: &self)
            .flatMap { declaredName($0, path: path.key("donor"), noun: "a donor", cohort: names.cohort) }
        let sex = fields.require("sex", hint: "the donor's sex, male or female", in: &self).flatMap { self.sex($0, path: path.key("sex")) }
        let at = fields.require("at", hint: "a time such as 'at: 30 years'", in: &self)
            .flatMap { timeInHorizon($0, path: path.key("at"), what: "the \(kind) time") }
        var into: String? = BiologyDefaults.blood
        if let node = fields["into"] { into = name(node, path: path.key("into"), among: names.compartments, noun: "compartment") }
        let given = self.given(fields, node: node, path: path, names: names)
        guard let given, let host, let donor, let sex, let at, let into else { return nil }
        return Transfusion(kind: kind, host: host, donor: donor, donorSex: sex, time: at, compartment: into,
                           cells: given.cells, product: given.product)
    }

    /// A non-empty mapping from cell type to a whole number of cells.
    mutating func cellsByType(_ node: YAMLNode, path: NodePath, types: [String]?) -> [String: Int]? {
        let expected = "cells by type, e.g. '{ progenitor: 1000, mature: 1000000 }'"
        guard let entries = namedEntries(node, path: path, expected: expected) else { return nil }
        if entries.isEmpty {
            sink.report("expected \(expected), got an empty value", at: node.position, path: path)
            return nil
        }
        let before = sink.count
        var result: [String: Int] = [:]
        for entry in entries {
            let entryPath = path.key(entry.key)
            if let types, !types.contains(entry.key) {
                sink.report("unknown cell type '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: types, noun: "cell types of this scenario"))",
                            at: entry.keyPosition, path: entryPath)
                continue
            }
            if let cells = cells(entry.value, path: entryPath) { result[entry.key] = cells }
        }
        return sink.count == before ? result : nil
    }

    /// Breastfeeding: `child`, `mother` (default founder), `start`, then
    /// `end` or `duration` (one of them), and `rate` (cells per time).
    private mutating func breastfeeding(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> Breastfeeding? {
        guard let fields = fields(node, path: path, expected: "a breastfeeding period", keys: Self.breastfeedingKeys) else { return nil }
        let child = fields.require("child", hint: "the nursed child's name", in: &self).flatMap { text($0, path: path.key("child")) }
        var mother: String? = names.founder
        if let node = fields["mother"] { mother = text(node, path: path.key("mother")) }
        let start = fields.require("start", hint: "a time such as 'start: 40 weeks'", in: &self)
            .flatMap { timeInHorizon($0, path: path.key("start"), what: "the start") }
        var end: Double?
        switch (fields["end"], fields["duration"]) {
        case (nil, nil):
            sink.report("give 'end' (e.g. 'end: 1 year') or 'duration' (e.g. 'duration: 6 months')", at: node.position, path: path)
        case (.some, .some):
            sink.report("give either 'end' or 'duration', not both", at: fields.keyPosition("duration")!, path: path.key("duration"))
        case (let endNode?, nil):
            end = timeInHorizon(endNode, path: path.key("end"), what: "the end")
            if let start, let value = end, value <= start {
                sink.report("the end (\(Self.days(value))) must be after the start (\(Self.days(start)))", at: endNode.position, path: path.key("end"))
                end = nil
            }
        case (nil, let durationNode?):
            if let duration = time(durationNode, path: path.key("duration"), requirement: .positive), let start,
               endInsideHorizon(start + duration, node: durationNode, path: path.key("duration"),
                                explanation: "breastfeeding (start \(Self.days(start)) + duration \(Self.days(duration)))") {
                end = start + duration
                if let horizon { end = Self.snapped(start + duration, toHorizon: horizon) }
            }
        }
        let rate = fields.require("rate", hint: "maternal cells per day, e.g. 'rate: 1000 /day'", in: &self)
            .flatMap { self.rate($0, path: path.key("rate"), kind: .cellsPerTime) }
        guard let child, let mother, let start, let end, let rate else { return nil }
        return Breastfeeding(mother: mother, child: child, start: start, end: end, rate: rate)
    }

    /// An injury: `host` (default founder), `tissue`, `at`, `duration` and
    /// `homing_factor` (`>= 0`); it must end by the horizon.
    private mutating func injury(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> Injury? {
        guard let fields = fields(node, path: path, expected: "an injury", keys: Self.injuryKeys) else { return nil }
        var host: String? = names.founder
        if let node = fields["host"] { host = text(node, path: path.key("host")) }
        let tissue = fields.require("tissue", hint: "the injured tissue, e.g. 'tissue: heart'", in: &self)
            .flatMap { name($0, path: path.key("tissue"), among: names.tissues, noun: "tissue") }
        let at = fields.require("at", hint: "a time such as 'at: 20 years'", in: &self)
            .flatMap { timeInHorizon($0, path: path.key("at"), what: "the injury time") }
        var duration: Double?
        if let node = fields.require("duration", hint: "how long homing is raised, e.g. 'duration: 30 days'", in: &self),
           let value = time(node, path: path.key("duration"), requirement: .positive) {
            duration = value
            if let at, !endInsideHorizon(at + value, node: node, path: path.key("duration"),
                                         explanation: "the injury (at \(Self.days(at)) + duration \(Self.days(value)))") {
                duration = nil
            }
        }
        let factor = fields.require("homing_factor", hint: "the multiplier on homing into the tissue, e.g. 'homing_factor: 10'", in: &self)
            .flatMap { number($0, path: path.key("homing_factor"), range: .nonNegative, expected: "a multiplier on homing such as '10'") }
        guard let host, let tissue, let at, let duration, let factor else { return nil }
        return Injury(host: host, tissue: tissue, start: at, duration: duration, homingFactor: factor)
    }
}
