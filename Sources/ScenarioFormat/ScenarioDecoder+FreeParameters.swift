/// The `free:` section of a fit file: override paths with their bounds.
extension ScenarioDecoder {
    /// Keys of a parameter's bounds.
    static let boundsKeys = ["min", "max", "scale", "path", "studies", "whole"]
    /// Example of bounds, for messages.
    static let boundsExample = "'{ min: 1 day, max: 1 year, scale: log }'"
    /// What a bound may be, for messages.
    static let boundExample = "a time ('1 day'), a rate ('0.02 /day'), a volume ('10 mL') or a plain number ('0.25')"

    /// The free parameters in file order: at least one, each path a valid
    /// override path, each with valid bounds.
    mutating func freeParameters(_ node: YAMLNode, path: NodePath) -> [FreeParameter] {
        guard let entries = namedEntries(node, path: path, expected: "the free parameters as a mapping of PATH: \(Self.boundsExample)")
        else { return [] }
        if entries.isEmpty {
            sink.report("at least one free parameter is needed, e.g. 'cell_types.progenitor.clearance.half_life: \(Self.boundsExample)'",
                        at: node.position, path: path)
            return []
        }
        var result: [FreeParameter] = []
        for (index, entry) in entries.enumerated() where !entries[..<index].contains(where: { $0.key == entry.key }) {
            // A repeated key was reported with the duplicate keys; distinct texts are distinct paths.
            let entryPath = path.key(entry.key)
            let explicitPath = entry.value.value(forKey: "path")
            var overridePath: String? = entry.key
            if let explicitPath {
                overridePath = scalarText(explicitPath, path: entryPath.key("path"),
                                          expected: "the --set path this parameter sets, e.g. 'path: transfer.fetal_to_maternal.peak'")
            }
            if let text = overridePath {
                do {
                    _ = try OverridePath(parsing: text)
                } catch {
                    sink.report("not a valid override path: \(error.reason)", at: explicitPath?.position ?? entry.keyPosition,
                                path: explicitPath == nil ? entryPath : entryPath.key("path"))
                    overridePath = nil
                }
            }
            let studies = entry.value.value(forKey: "studies").flatMap { studyNames($0, path: entryPath.key("studies")) }
            if explicitPath != nil, studies == nil, entry.value.value(forKey: "studies") == nil {
                sink.report("a parameter with its own 'path:' is one study group's parameter: give 'studies: [NAME, ...]' "
                                + "(a parameter every study shares is written under its path, without 'path:')",
                            at: entry.keyPosition, path: entryPath)
            }
            var whole: Bool? = false
            if let wholeNode = entry.value.value(forKey: "whole") {
                whole = choice(wholeNode, path: entryPath.key("whole"), noun: "value of 'whole' (round to a whole number of cells)",
                               options: [("true", true), ("false", false)])
            }
            guard let bounds = bounds(entry.value, path: entryPath), let overridePath, let whole else { continue }
            result.append(FreeParameter(
                path: overridePath, lower: bounds.lower, upper: bounds.upper, scale: bounds.scale, dimension: bounds.dimension,
                line: entry.keyPosition.line ?? 0, column: entry.keyPosition.column ?? 0, name: entry.key, studies: studies, whole: whole))
        }
        return result
    }

    /// `studies: [NAME, ...]`: at least one name, each once.
    private mutating func studyNames(_ node: YAMLNode, path: NodePath) -> [String]? {
        let expected = "the names of the studies this parameter is set in, e.g. 'studies: [preeclampsia]'"
        guard let items = node.items else {
            sink.report("expected \(expected), got \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
        var names: [String] = []
        for (i, item) in items.enumerated() {
            guard let name = scalarText(item, path: path.index(i), expected: "a study name") else { return nil }
            if names.contains(name) {
                sink.report("study '\(name)' is listed twice", at: item.position, path: path.index(i))
                return nil
            }
            names.append(name)
        }
        if names.isEmpty {
            sink.report("expected \(expected), got an empty list", at: node.position, path: path)
            return nil
        }
        return names
    }

    /// Bounds read from `{ min, max, scale }`.
    private struct Bounds {
        var lower: Double
        var upper: Double
        var scale: FreeParameter.Scale
        var dimension: FreeParameter.Dimension
    }

    /// `{ min: ..., max: ..., scale: linear|log }`: min and max of one dimension, min < max, min > 0 on a log scale.
    private mutating func bounds(_ node: YAMLNode, path: NodePath) -> Bounds? {
        guard let fields = fields(node, path: path, expected: "the bounds \(Self.boundsExample)", keys: Self.boundsKeys) else { return nil }
        let minNode = fields.require("min", hint: "the lower bound, e.g. 'min: 1 day'", in: &self)
        let maxNode = fields.require("max", hint: "the upper bound, e.g. 'max: 1 year'", in: &self)
        let lower = minNode.flatMap { bound($0, path: path.key("min")) }
        let upper = maxNode.flatMap { bound($0, path: path.key("max")) }
        var scale: FreeParameter.Scale? = .linear
        if let scaleNode = fields["scale"] {
            scale = choice(scaleNode, path: path.key("scale"), noun: "scale", options: FreeParameter.Scale.allCases.map { ($0.rawValue, $0) })
        }
        guard let lower, let upper, let minNode, let maxNode, let scale else { return nil }
        let minText = minNode.scalarText ?? "", maxText = maxNode.scalarText ?? ""
        if lower.dimension != upper.dimension {
            sink.report("max '\(maxText)' is \(Self.article(upper.dimension)) but min '\(minText)' is "
                            + "\(Self.article(lower.dimension)); min and max must be of one kind: both times, rates, volumes or plain numbers",
                        at: maxNode.position, path: path.key("max"))
            return nil
        }
        if lower.value >= upper.value {
            sink.report("min '\(minText)' must be less than max '\(maxText)'", at: minNode.position, path: path.key("min"))
            return nil
        }
        if scale == .log, lower.value <= 0 {
            sink.report("a log scale needs min greater than zero, got '\(minText)'; give a positive min or 'scale: linear'",
                        at: minNode.position, path: path.key("min"))
            return nil
        }
        return Bounds(lower: lower.value, upper: upper.value, scale: scale, dimension: lower.dimension)
    }

    /// "a time", "a rate", "a volume", "a plain number".
    private static func article(_ dimension: FreeParameter.Dimension) -> String {
        dimension == .number ? "a plain number" : "a \(dimension.rawValue)"
    }

    /// One bound, in base units, with the dimension its unit gives: no unit is
    /// a plain number, `/UNIT` or `per UNIT` a rate, `mL` or `L` a volume, a
    /// time unit a time; another unit is reported with the closest of all
    /// the spellings. Never negative.
    private mutating func bound(_ node: YAMLNode, path: NodePath) -> (value: Double, dimension: FreeParameter.Dimension)? {
        guard let text = scalarText(node, path: path, expected: Self.boundExample) else { return nil }
        let trimmed = text.trimmingWhitespace()
        guard let (_, rest) = Units.scanNumber(trimmed[...]) else {
            sink.report("expected \(Self.boundExample), got \(node.kindDescription)", at: node.position, path: path)
            return nil
        }
        let unit = Units.dropWhitespace(rest)
        if unit.isEmpty {
            return number(node, path: path, range: .nonNegative, expected: "a plain number such as '0.25'").map { (value: $0, dimension: FreeParameter.Dimension.number) }
        }
        if unit.hasPrefix("/") || unit.hasPrefix("per ") || unit.hasPrefix("per\t") {
            return rate(node, path: path, kind: .perCell).map { (value: $0, dimension: FreeParameter.Dimension.rate) }
        }
        if Units.millilitersPerUnit[String(unit)] != nil {
            return volume(node, path: path).map { (value: $0, dimension: FreeParameter.Dimension.volume) }
        }
        if Units.daysPerUnit[String(unit)] == nil {
            let volumes = Units.millilitersPerUnit.keys.sorted()
            let suggestion = KeySuggestion.closest(to: String(unit), among: Units.unitGroups.flatMap(\.spellings) + volumes)
                .map { "did you mean '\($0)'? " } ?? ""
            sink.report("unknown unit '\(unit)' in '\(text)'; \(suggestion)(times: \(Units.unitList); volumes: \(Units.volumeUnitList); "
                            + "a rate is written with '/' or 'per', e.g. '0.02 /day'; a plain number has no unit)",
                        at: node.position, path: path)
            return nil
        }
        return time(node, path: path, requirement: .nonNegative).map { (value: $0, dimension: FreeParameter.Dimension.time) }
    }
}
