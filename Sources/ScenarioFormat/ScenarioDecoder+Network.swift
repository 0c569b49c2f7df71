import Foundation
import RateModel

/// The `network:` lists: compartments, flows, divisions, inflows and boluses.
extension ScenarioDecoder {
    static let compartmentKeys = ["name", "initial"]
    static let flowKeys = ["from", "to", "rate", "half_life", "start", "end"]
    static let divisionKeys = ["in", "rate", "start", "end"]
    static let inflowKeys = ["to", "rate", "start", "end"]
    static let bolusKeys = ["to", "cells", "at"]

    /// Decodes `compartments:` (a non-empty list) and the names it declares.
    mutating func compartments(_ node: YAMLNode, path: NodePath) -> (compartments: [Compartment], names: CompartmentNames?) {
        guard let items = node.items else {
            sink.report("expected a list of compartments such as '- { name: blood, initial: 10000 }', got \(node.kindDescription)",
                        at: node.position, path: path)
            return ([], nil)
        }
        if items.isEmpty {
            sink.report("the network needs at least one compartment", at: node.position, path: path)
        }
        var names = CompartmentNames()
        var result: [Compartment] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let fields = fields(item, path: itemPath, expected: "a compartment", keys: Self.compartmentKeys) else { continue }
            var name: String?
            if let nameNode = fields.require("name", hint: "e.g. 'name: blood'", in: &self),
               let text = text(nameNode, path: itemPath.key("name")) {
                if !acceptsName(text, at: nameNode.position, path: itemPath.key("name"), noun: "a compartment") {
                    names.reject(text)
                } else if let earlier = names.declare(text, at: index, position: nameNode.position) {
                    let line = earlier.line.map { "line \($0)" } ?? "'\(earlier.file)'"
                    sink.report("duplicate compartment name '\(text)' (first declared at \(line)); names must be unique",
                                at: nameNode.position, path: itemPath.key("name"))
                } else {
                    name = text
                }
            }
            var initial: Int? = 0
            if let initialNode = fields["initial"] {
                initial = cells(initialNode, path: itemPath.key("initial"))
            }
            if let name, let initial { result.append(Compartment(name: name, initial: initial)) }
        }
        return (result, names)
    }

    /// Decodes one flow: `from`, `to` (or `out`), `rate` or `half_life`, window.
    mutating func flow(_ node: YAMLNode, path: NodePath, names: CompartmentNames?) -> Flow? {
        guard let fields = fields(node, path: path, expected: "a flow", keys: Self.flowKeys) else { return nil }
        let from = fields.require("from", hint: "the compartment the cells leave", in: &self)
            .flatMap { reference($0, path: path.key("from"), names: names, allowOut: false) }
        let toNode = fields.require("to", hint: "a compartment name or 'out'", in: &self)
        let to = toNode.flatMap { reference($0, path: path.key("to"), names: names, allowOut: true) }
        if let from, let to, let toNode, to == from {
            sink.report("a flow cannot go from a compartment to itself ('\(toNode.scalarText ?? "")')", at: toNode.position, path: path.key("to"))
        }
        var rate: Double?
        switch (fields["rate"], fields["half_life"]) {
        case (nil, nil):
            sink.report("missing 'rate' or 'half_life': give exactly one, e.g. 'rate: 0.004 /day' or 'half_life: 2 days'", at: node.position, path: path)
        case (.some, .some):
            let (rateKey, halfLifeKey) = (fields.keyPosition("rate")!, fields.keyPosition("half_life")!)
            let (second, key) = rateKey.order < halfLifeKey.order ? (halfLifeKey, "half_life") : (rateKey, "rate")
            sink.report("give either 'rate' or 'half_life', not both", at: second, path: path.key(key))
        case (let rateNode?, nil):
            rate = self.rate(rateNode, path: path.key("rate"), kind: .perCell)
        case (nil, let halfLifeNode?):
            if let halfLife = time(halfLifeNode, path: path.key("half_life"), requirement: .positive) {
                rate = log(2.0) / halfLife
                if !rate!.isFinite {
                    sink.report("half-life '\(halfLifeNode.scalarText ?? "")' is too short: the rate is not finite", at: halfLifeNode.position, path: path.key("half_life"))
                    rate = nil
                }
            }
        }
        let window = window(fields, path: path)
        guard let from, let to, let rate, let window, case .compartment(let source) = from, to != from else { return nil }
        return Flow(from: source, to: to, rate: rate, window: window)
    }

    /// Decodes one division: `in`, `rate`, window.
    mutating func division(_ node: YAMLNode, path: NodePath, names: CompartmentNames?) -> Division? {
        guard let fields = fields(node, path: path, expected: "a division", keys: Self.divisionKeys) else { return nil }
        let target = fields.require("in", hint: "the compartment whose cells divide", in: &self)
            .flatMap { reference($0, path: path.key("in"), names: names, allowOut: false) }
        let rate = fields.require("rate", hint: "e.g. 'rate: 0.001 /day'", in: &self)
            .flatMap { self.rate($0, path: path.key("rate"), kind: .perCell) }
        let window = window(fields, path: path)
        guard case .compartment(let index)? = target, let rate, let window else { return nil }
        return Division(compartment: index, rate: rate, window: window)
    }

    /// Decodes one inflow: `to`, `rate` (cells per time), window.
    mutating func inflow(_ node: YAMLNode, path: NodePath, names: CompartmentNames?) -> Inflow? {
        guard let fields = fields(node, path: path, expected: "an inflow", keys: Self.inflowKeys) else { return nil }
        let target = fields.require("to", hint: "the compartment the cells arrive in", in: &self)
            .flatMap { reference($0, path: path.key("to"), names: names, allowOut: false) }
        let rate = fields.require("rate", hint: "cells per unit time, e.g. 'rate: 2000 /day'", in: &self)
            .flatMap { self.rate($0, path: path.key("rate"), kind: .cellsPerTime) }
        let window = window(fields, path: path)
        guard case .compartment(let index)? = target, let rate, let window else { return nil }
        return Inflow(compartment: index, rate: rate, window: window)
    }

    /// Decodes one bolus: `to`, `cells`, `at` (in `[0, horizon]`).
    mutating func bolus(_ node: YAMLNode, path: NodePath, names: CompartmentNames?) -> Bolus? {
        guard let fields = fields(node, path: path, expected: "a bolus", keys: Self.bolusKeys) else { return nil }
        let target = fields.require("to", hint: "the compartment the cells are added to", in: &self)
            .flatMap { reference($0, path: path.key("to"), names: names, allowOut: false) }
        let cells = fields.require("cells", hint: "a whole number of cells", in: &self)
            .flatMap { self.cells($0, path: path.key("cells")) }
        var at: Double?
        if let atNode = fields.require("at", hint: "a time such as '280 days'", in: &self),
           let t = time(atNode, path: path.key("at"), requirement: .nonNegative), let horizon {
            at = Self.snapped(t, toHorizon: horizon)
            if at! > horizon {
                sink.report("bolus time '\(atNode.scalarText ?? "")' (\(Self.days(t))) is outside the horizon (\(Self.days(horizon)))",
                            at: atNode.position, path: path.key("at"))
                at = nil
            }
        }
        guard case .compartment(let index)? = target, let cells, let at else { return nil }
        return Bolus(compartment: index, cells: cells, time: at)
    }

    /// Resolves a compartment name (or `out`, where allowed). Without a usable
    /// compartment list (`names == nil`) nothing can be checked and `nil` is returned silently.
    mutating func reference(_ node: YAMLNode, path: NodePath, names: CompartmentNames?, allowOut: Bool) -> Destination? {
        guard let text = text(node, path: path) else { return nil }
        if text == ReservedName.out.rawValue {
            if allowOut { return .out }
            sink.report("'out' is not a compartment: it can only be the 'to' of a flow (cells leaving the system)", at: node.position, path: path)
            return nil
        }
        guard let names else { return nil }
        if let index = names.index(of: text) { return .compartment(index) }
        if names.rejected.contains(text) { return nil } // already reported at its declaration
        let candidates = names.ordered + (allowOut ? [ReservedName.out.rawValue] : [])
        sink.report("unknown compartment '\(text)'; \(KeySuggestion.hint(for: text, among: candidates, noun: "known compartments"))",
                    at: node.position, path: path)
        return nil
    }

    /// Reads the optional `start` and `end` of a process: `[start, end)` within `[0, horizon]`.
    mutating func window(_ fields: Fields, path: NodePath) -> TimeWindow? {
        var start: Double? = 0
        var end: Double? = horizon
        if let node = fields["start"] {
            start = bound(node, path: path.key("start"), name: "start")
        }
        if let node = fields["end"] {
            end = bound(node, path: path.key("end"), name: "end")
        }
        guard let start, let end else { return nil }
        if start >= end {
            let (node, key) = fields["end"].map { ($0, "end") } ?? (fields["start"]!, "start")
            let endText = fields["end"] == nil ? "the horizon, \(Self.days(end))" : Self.days(end)
            sink.report("the window is empty: start (\(Self.days(start))) must be before end (\(endText))", at: node.position, path: path.key(key))
            return nil
        }
        return TimeWindow(start: start, end: end)
    }

    /// One window bound: a time `>= 0` and not beyond the horizon.
    private mutating func bound(_ node: YAMLNode, path: NodePath, name: String) -> Double? {
        guard let t = time(node, path: path, requirement: .nonNegative), let horizon else { return nil }
        let snapped = Self.snapped(t, toHorizon: horizon)
        if snapped > horizon {
            sink.report("\(name) '\(node.scalarText ?? "")' (\(Self.days(t))) is outside the horizon (\(Self.days(horizon)))", at: node.position, path: path)
            return nil
        }
        return snapped
    }
}
