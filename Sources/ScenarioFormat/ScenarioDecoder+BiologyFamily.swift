import BiologyModel

/// The family: the founder (`mother:`), `pregnancies:` and `immunity:`.
extension ScenarioDecoder {
    static let founderKeys = ["name", "age", "carries"]
    static let carriedKeys = ["origin", "sex", "cell_type", "compartment", "cells"]
    static let pregnancyKeys = ["child", "sex", "mother", "start", "length", "outcome", "method", "pulse", "demise", "twin"]
    static let twinKeys = ["child", "sex", "vanished"]
    static let immunityKeys = ["host", "origin", "clearance_factor"]
    /// Outcome words of `outcome:`; `termination` also needs `method:`.
    static let outcomeWords = ["live_birth", "stillbirth", "miscarriage", "termination"]

    /// Shortest and longest gestation accepted, in days: 4 and 45 weeks.
    static let gestationRange = (4.0 * 7)...(45.0 * 7)

    /// Decodes `mother:`: the founder's `name` (default `mother`), `age` at
    /// time 0 (default 25 years) and the cells she `carries`.
    mutating func founder(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> Founder? {
        guard let fields = fields(node, path: path, expected: "the founder", keys: Self.founderKeys) else { return nil }
        let before = sink.count
        var founder = Founder()
        if let node = fields["name"], let name = declaredName(node, path: path.key("name"), noun: "the founder", cohort: names.cohort) {
            founder.name = name
        }
        if let node = fields["age"], let age = time(node, path: path.key("age"), requirement: .nonNegative) { founder.ageAtStart = age }
        founder.carries = items(fields["carries"], path: path.key("carries"), expected: "carried cells") { decoder, item, itemPath in
            decoder.carried(item, path: itemPath, names: names)
        }
        return sink.count == before ? founder : nil
    }

    /// Decodes one entry of `carries:`: `origin`, `sex` (default female),
    /// `cell_type`, `compartment` (default blood) and `cells`.
    mutating func carried(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> CarriedCells? {
        guard let fields = fields(node, path: path, expected: "carried cells", keys: Self.carriedKeys) else { return nil }
        let origin = fields.require("origin", hint: "whose cells they are, e.g. 'origin: grandmother'", in: &self)
            .flatMap { declaredName($0, path: path.key("origin"), noun: "an origin", cohort: names.cohort) }
        var sex: Sex? = .female
        if let node = fields["sex"] { sex = self.sex(node, path: path.key("sex")) }
        let cellType = fields.require("cell_type", hint: "a cell type such as 'progenitor'", in: &self)
            .flatMap { name($0, path: path.key("cell_type"), among: names.cellTypes, noun: "cell type") }
        var compartment: String? = BiologyDefaults.blood
        if let node = fields["compartment"] {
            compartment = name(node, path: path.key("compartment"), among: names.compartments, noun: "compartment")
        }
        let cells = fields.require("cells", hint: "a whole number of cells", in: &self).flatMap { self.cells($0, path: path.key("cells")) }
        guard let origin, let sex, let cellType, let compartment, let cells else { return nil }
        return CarriedCells(origin: origin, sex: sex, cellType: cellType, compartment: compartment, cells: cells)
    }

    /// Decodes one pregnancy. `mother` defaults to the founder, `length` to
    /// 40 weeks, `outcome` to `live_birth`; the pregnancy must end by the
    /// horizon. `demise` (a positive time before the end) and the twin's
    /// `vanished` (a positive gestational age) are checked against the
    /// length and the outcome by the compiler's reference checks.
    mutating func pregnancy(_ node: YAMLNode, path: NodePath, founder: String) -> Pregnancy? {
        guard let fields = fields(node, path: path, expected: "a pregnancy", keys: Self.pregnancyKeys) else { return nil }
        let child = self.child(fields, path: path)
        var mother: String? = founder
        if let node = fields["mother"] { mother = text(node, path: path.key("mother")) }
        let startNode = fields.require("start", hint: "the day of conception counted from time 0, e.g. 'start: 2 years'", in: &self)
        let start = startNode.flatMap { time($0, path: path.key("start"), requirement: .nonNegative) }
        var length: Double? = 280
        if let node = fields["length"] { length = gestation(node, path: path.key("length")) }
        let outcome = self.outcome(fields, path: path)
        var pulse: Int?
        var pulseIsValid = true
        if let node = fields["pulse"] {
            pulse = cells(node, path: path.key("pulse"))
            pulseIsValid = pulse != nil
        }
        var demise: Double?
        var demiseIsValid = true
        if let node = fields["demise"] {
            demise = time(node, path: path.key("demise"), requirement: .positive)
            demiseIsValid = demise != nil
        }
        var twin: Child?
        var twinIsValid = true
        if let node = fields["twin"], !node.isNull {
            twin = self.fields(node, path: path.key("twin"), expected: "the co-twin", keys: Self.twinKeys)
                .flatMap { self.child($0, path: path.key("twin")) }
            twinIsValid = twin != nil
        }
        if let start, let length, let startNode,
           !endInsideHorizon(start + length, node: startNode, path: path.key("start"),
                             explanation: "the pregnancy (start \(Self.days(start)) + length \(Self.days(length)))") {
            return nil
        }
        guard let child, let mother, let start, let length, let outcome, pulseIsValid, demiseIsValid, twinIsValid else { return nil }
        return Pregnancy(mother: mother, child: child, twin: twin, start: start, length: length, outcome: outcome, pulse: pulse,
                         demise: demise)
    }

    /// The required `child` (a name) and `sex` of a pregnancy or of its
    /// `twin`, and the twin's optional `vanished` (a gestational age).
    private mutating func child(_ fields: Fields, path: NodePath) -> Child? {
        let name = fields.require("child", hint: "the child's name, e.g. 'child: son'", in: &self)
            .flatMap { declaredName($0, path: path.key("child"), noun: "a child") }
        let sex = fields.require("sex", hint: "male or female", in: &self).flatMap { self.sex($0, path: path.key("sex")) }
        var vanished: Double?
        if let node = fields["vanished"], !node.isNull {
            guard let age = time(node, path: path.key("vanished"), requirement: .positive) else { return nil }
            vanished = age
        }
        guard let name, let sex else { return nil }
        return Child(name: name, sex: sex, vanished: vanished)
    }

    /// Reads a gestation length: a time of 4 to 45 weeks.
    mutating func gestation(_ node: YAMLNode, path: NodePath) -> Double? {
        guard let length = time(node, path: path, requirement: .positive) else { return nil }
        let range = Self.gestationRange
        guard length >= range.lowerBound * (1 - 1e-12), length <= range.upperBound * (1 + 1e-12) else {
            sink.report("a gestation must last 4 to 45 weeks (28 to 315 days) to be biologically plausible, got '\(node.scalarText ?? "")' "
                        + "(\(Self.days(length)))", at: node.position, path: path)
            return nil
        }
        return length
    }

    /// Reads `outcome` (default `live_birth`) and `method`, which a
    /// termination needs and no other outcome may have.
    private mutating func outcome(_ fields: Fields, path: NodePath) -> PregnancyOutcome? {
        var word: String? = "live_birth"
        let outcomeNode = fields["outcome"]
        if let outcomeNode {
            word = choice(outcomeNode, path: path.key("outcome"), noun: "outcome", options: Self.outcomeWords.map { ($0, $0) })
        }
        var method: TerminationMethod?
        let methodNode = fields["method"]
        if let methodNode {
            method = choice(methodNode, path: path.key("method"), noun: "termination method",
                            options: TerminationMethod.allCases.map { ($0.rawValue, $0) })
            if method == nil { return nil }
        }
        switch word {
        case nil:
            return nil
        case "termination":
            guard let method else {
                sink.report("outcome 'termination' needs 'method: surgical' or 'method: medical' (a surgical termination releases "
                            + "many more fetal cells into the mother than a medical one)", at: outcomeNode!.position, path: path.key("outcome"))
                return nil
            }
            return .termination(method)
        case let word?:
            if methodNode != nil {
                sink.report("'method' is only for 'outcome: termination', but this pregnancy's outcome is '\(word)'",
                            at: fields.keyPosition("method")!, path: path.key("method"))
                return nil
            }
            return switch word {
            case "stillbirth": .stillbirth
            case "miscarriage": .miscarriage
            default: .liveBirth
            }
        }
    }

    /// Reports a child name used twice in `pregnancies:` (as `child` or
    /// `twin.child`), or equal to the founder's name.
    mutating func checkDistinctChildren(_ node: YAMLNode, path: NodePath, founder: String) {
        guard let items = node.items else { return }
        var seen = DistinctNames()
        for (index, item) in items.enumerated() {
            let candidates = [(item.value(forKey: "child"), path.index(index).key("child")),
                              (item.value(forKey: "twin")?.value(forKey: "child"), path.index(index).key("twin").key("child"))]
            for case let (childNode?, childPath) in candidates {
                guard let name = childNode.scalarText?.trimmingWhitespace(), !name.isEmpty, !childNode.isNull else { continue }
                if name == founder {
                    sink.report("'\(name)' is the founder's name (set by 'mother: { name: ... }', default 'mother'); give the child another name",
                                at: childNode.position, path: childPath)
                } else if let earlier = seen.declare(name, at: childNode.position) {
                    sink.report("duplicate child name '\(name)' (first at \(earlier.place)); every child needs its own name: it names "
                                + "the child's cells and, after a live birth, the child as a host", at: childNode.position, path: childPath)
                }
            }
        }
    }

    /// Decodes `immunity:`: a list of `{ host, origin, clearance_factor }`,
    /// one entry per host-origin pair, factors `>= 0`.
    mutating func immunity(_ node: YAMLNode?, path: NodePath) -> [ImmuneFactor] {
        var seen = DistinctNames()
        return items(node, path: path, expected: "immunity factors") { decoder, item, itemPath in
            guard let fields = decoder.fields(item, path: itemPath, expected: "an immunity factor", keys: Self.immunityKeys) else { return nil }
            let host = fields.require("host", hint: "the person whose immune system clears the cells", in: &decoder)
                .flatMap { decoder.text($0, path: itemPath.key("host")) }
            let origin = fields.require("origin", hint: "whose cells are cleared", in: &decoder)
                .flatMap { decoder.text($0, path: itemPath.key("origin")) }
            let factor = fields.require("clearance_factor", hint: "a multiplier >= 0 on clearance, e.g. 0.5", in: &decoder)
                .flatMap { decoder.number($0, path: itemPath.key("clearance_factor"), range: .nonNegative,
                                          expected: "a multiplier on clearance such as '0.5'") }
            guard let host, let origin, let factor else { return nil }
            if let earlier = seen.declare("\(host)\u{0}\(origin)", at: item.position) {
                decoder.sink.report("a second entry for host '\(host)' and origin '\(origin)' (first at \(earlier.place)); give one factor per pair",
                                    at: item.position, path: itemPath)
                return nil
            }
            return ImmuneFactor(host: host, origin: origin, clearanceFactor: factor)
        }
    }
}
