import BiologyModel

/// `transfer:`: how cells cross the placenta (the gestational shape, the
/// rates at term in both directions, the end-of-pregnancy pulses, carried
/// cells and twins). Every key is optional; what is not given keeps its default.
extension ScenarioDecoder {
    static let transferKeys = ["shape", "fetal_to_maternal", "maternal_to_fetal", "carried", "twins", "pulse_growth"]
    static let directionKeys = ["peak", "pulse"]
    static let pulseKeys = ["live_birth", "stillbirth", "miscarriage", "termination_surgical", "termination_medical"]
    static let shapeStepKeys = ["from", "level"]
    /// The named gestational shape.
    static let standardShape = "standard"

    /// Decodes `transfer:` over the defaults of `PlacentalTransfer`.
    mutating func transfer(_ node: YAMLNode, path: NodePath) -> PlacentalTransfer? {
        guard let fields = fields(node, path: path, expected: "the placental transfer", keys: Self.transferKeys) else { return nil }
        let before = sink.count
        var transfer = PlacentalTransfer()
        if let node = fields["shape"], let shape = shape(node, path: path.key("shape")) { transfer.shape = shape }
        if let node = fields["fetal_to_maternal"],
           let direction = direction(node, path: path.key("fetal_to_maternal"), over: transfer.fetalToMaternal) {
            transfer.fetalToMaternal = direction
        }
        if let node = fields["maternal_to_fetal"],
           let direction = direction(node, path: path.key("maternal_to_fetal"), over: transfer.maternalToFetal) {
            transfer.maternalToFetal = direction
        }
        if let node = fields["carried"], let rate = perCellRate(node, path: path.key("carried")) { transfer.carriedRate = rate }
        if let node = fields["twins"], let rate = rate(node, path: path.key("twins"), kind: .cellsPerTime) { transfer.twinRate = rate }
        if let node = fields["pulse_growth"], let growth = pulseGrowth(node, path: path.key("pulse_growth")) {
            transfer.pulseGrowth = growth
        }
        return sink.count == before ? transfer : nil
    }

    /// The largest `pulse_growth`: (45/10)^10 ≈ 3.4·10⁶ keeps any scaled pulse a whole number of cells below 2^53.
    static let maximumPulseGrowth = 10.0

    /// `pulse_growth`: a plain number from 0 to `maximumPulseGrowth`.
    private mutating func pulseGrowth(_ node: YAMLNode, path: NodePath) -> Double? {
        let expected = "an exponent from 0 to \(Int(Self.maximumPulseGrowth)) such as '1' "
            + "(the pulse grows as gestational age to this power)"
        guard let growth = number(node, path: path, range: .nonNegative, expected: expected) else { return nil }
        guard growth <= Self.maximumPulseGrowth else {
            sink.report("must be at most \(Int(Self.maximumPulseGrowth)), got '\(node.scalarText ?? "")'; expected \(expected)",
                        at: node.position, path: path)
            return nil
        }
        return growth
    }

    /// `standard`, or a non-empty list of `{ from, level }` steps with distinct
    /// `from` inside 0 to 45 weeks of gestation and levels `>= 0`.
    private mutating func shape(_ node: YAMLNode, path: NodePath) -> GestationalShape? {
        let expected = "'standard' or a list of steps such as '[{ from: 6 weeks, level: 0.0125 }, { from: 13 weeks, level: 0.1 }]'"
        if let text = node.scalarText, !node.isNull {
            if text.trimmingWhitespace() == Self.standardShape { return .standard }
            sink.report("unknown shape '\(text)'; expected \(expected)", at: node.position, path: path)
            return nil
        }
        guard let items = node.items, !items.isEmpty else {
            sink.report("expected \(expected), got \(node.items == nil ? node.kindDescription : "an empty list")", at: node.position, path: path)
            return nil
        }
        let before = sink.count
        var steps: [GestationalShape.Step] = []
        var seen: [Double: SourcePosition] = [:]
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let fields = fields(item, path: itemPath, expected: "a step of the shape", keys: Self.shapeStepKeys) else { continue }
            let fromNode = fields.require("from", hint: "the week of gestation the level starts at, e.g. 'from: 13 weeks'", in: &self)
            var from = fromNode.flatMap { time($0, path: itemPath.key("from"), requirement: .nonNegative) }
            if let value = from, let fromNode {
                if value > Self.gestationRange.upperBound * (1 + 1e-12) {
                    sink.report("a step must start within 0 to 45 weeks of gestation, got '\(fromNode.scalarText ?? "")' (\(Self.days(value)))",
                                at: fromNode.position, path: itemPath.key("from"))
                    from = nil
                } else if let earlier = seen[value] {
                    sink.report("two steps start at \(Self.days(value)) (the first at \(earlier.place)); each step needs its own 'from'",
                                at: fromNode.position, path: itemPath.key("from"))
                    from = nil
                } else {
                    seen[value] = fromNode.position
                }
            }
            let level = fields.require("level", hint: "the transfer relative to term (1), e.g. 'level: 0.1'", in: &self)
                .flatMap { number($0, path: itemPath.key("level"), range: .nonNegative, expected: "a level relative to term such as '0.1'") }
            if let from, let level { steps.append(.init(from: from, level: level)) }
        }
        return sink.count == before ? GestationalShape(steps: steps) : nil
    }

    /// `{ peak, pulse }` of one direction over `basis`; `pulse` entries not
    /// given keep their value.
    private mutating func direction(_ node: YAMLNode, path: NodePath, over basis: DirectionalTransfer) -> DirectionalTransfer? {
        guard let fields = fields(node, path: path, expected: "the transfer in one direction", keys: Self.directionKeys) else { return nil }
        let before = sink.count
        var result = basis
        if let node = fields["peak"], let rate = rate(node, path: path.key("peak"), kind: .cellsPerTime) { result.peakRate = rate }
        if let node = fields["pulse"], !node.isNull,
           let pulse = self.fields(node, path: path.key("pulse"), expected: "pulse sizes by outcome", keys: Self.pulseKeys) {
            for key in Self.pulseKeys {
                guard let valueNode = pulse[key], let cells = cells(valueNode, path: path.key("pulse").key(key)) else { continue }
                switch key {
                case "live_birth": result.pulse.liveBirth = cells
                case "stillbirth": result.pulse.stillbirth = cells
                case "miscarriage": result.pulse.miscarriage = cells
                case "termination_surgical": result.pulse.surgicalTermination = cells
                default: result.pulse.medicalTermination = cells
                }
            }
        }
        return sink.count == before ? result : nil
    }
}
