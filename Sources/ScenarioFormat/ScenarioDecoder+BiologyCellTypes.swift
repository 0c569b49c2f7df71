import BiologyModel

/// `cell_types:`: the kinds of transferred cells and their kinetics.
///
/// Absent, the defaults (`BiologyDefaults.cellTypes`) are used, without
/// their entries for tissues the scenario does not have. Present, the
/// scenario has exactly the listed types. A listed type named like a default
/// type (`progenitor`, `mature`) starts from that default: every field it
/// does not give is inherited, and `homing`, `tissues` and `differentiation`
/// are merged entry by entry over the inherited ones (an inherited entry for
/// a tissue or type the scenario does not have is dropped). A new type
/// starts from zero rates and must give `share` and `clearance`.
extension ScenarioDecoder {
    static let cellTypeKeys = ["share", "clearance", "homing", "tissues", "differentiation", "niche"]
    static let nicheKeys = ["seeding", "blood_cells", "marrow_cells", "tissue", "acceptance", "tissue_supply", "shared"]
    static let tissueKineticsKeys = ["return", "death", "self_renewal", "persistence"]
    /// The key of `tissues:` (inside a cell type) that gives the kinetics of unlisted tissues.
    static let defaultTissueKey = "default"

    /// Decodes `cell_types:`, a mapping from type name to kinetics whose
    /// shares sum to 1 (within 1e-9).
    mutating func cellTypes(_ node: YAMLNode, path: NodePath, names: BiologyNames) -> [CellType]? {
        let example = "cell types as a mapping from a name to its kinetics, e.g. 'progenitor: { share: 0.2, clearance: { half_life: 2 days } }'"
        guard let entries = namedEntries(node, path: path, expected: example) else { return nil }
        if entries.isEmpty {
            sink.report("expected at least one cell type; leave 'cell_types:' out to use the defaults (progenitor, mature)", at: node.position, path: path)
            return nil
        }
        let before = sink.count
        let typeNames = entries.map(\.key)
        var result: [CellType] = []
        for entry in entries where acceptsName(entry.key, at: entry.keyPosition, path: path.key(entry.key), noun: "a cell type") {
            if let type = cellType(entry.value, name: entry.key, path: path.key(entry.key), tissues: names.tissues, typeNames: typeNames) {
                result.append(type)
            }
        }
        guard sink.count == before else { return nil }
        let missingDefaults = BiologyDefaults.cellTypes.map(\.name).filter { !typeNames.contains($0) }
        let advice = missingDefaults.isEmpty ? "" : "; with 'cell_types:' given, only the listed types exist, so the default "
            + missingDefaults.map { "'\($0)'" }.joined(separator: " and ") + " is not included: list it too ('\(missingDefaults[0]):' "
            + "with an empty value keeps all its default values) or adjust the shares"
        let shares = result.map { "\($0.name) \($0.share)" }.joined(separator: ", ")
        guard checkSumIsOne(result.map(\.share), node: node, path: path, what: "the shares of the cell types (\(shares))", advice: advice) else {
            return nil
        }
        return result
    }

    /// Decodes one cell type, starting from the default of the same name if
    /// there is one. `tissues` and `typeNames` check the names it refers to.
    private mutating func cellType(_ node: YAMLNode, name: String, path: NodePath, tissues: [String]?, typeNames: [String]) -> CellType? {
        let base = BiologyDefaults.cellTypes.first { $0.name == name }.map { inherited($0, tissues: tissues, typeNames: typeNames) }
        let isNew = base == nil
        let newHint = "'\(name)' is a new cell type (not one of the defaults \(BiologyDefaults.cellTypes.map(\.name).joined(separator: ", ")))"
        if node.isNull {
            if let base { return base }
            sink.report("\(newHint), so it must give 'share' and 'clearance'", at: node.position, path: path)
            return nil
        }
        guard let fields = fields(node, path: path, expected: "a cell type", keys: Self.cellTypeKeys) else { return nil }
        let before = sink.count
        var type = base ?? CellType(name: name, share: 0, bloodClearance: 0)
        if isNew {
            _ = fields.require("share", hint: "\(newHint), so it needs its share of transferred cells, e.g. 'share: 0.2'", in: &self)
            _ = fields.require("clearance", hint: "\(newHint), so it needs its clearance from blood, e.g. 'clearance: { half_life: 2 days }'", in: &self)
        }
        if let node = fields["share"], let share = probability(node, path: path.key("share")) { type.share = share }
        if let node = fields["clearance"], let rate = perCellRate(node, path: path.key("clearance")) { type.bloodClearance = rate }
        if let node = fields["homing"] { homing(node, path: path.key("homing"), into: &type, tissues: tissues) }
        if let node = fields["tissues"] { tissueKinetics(node, path: path.key("tissues"), into: &type, tissues: tissues) }
        if let node = fields["differentiation"] {
            differentiation(node, path: path.key("differentiation"), into: &type, typeNames: typeNames)
        }
        if let node = fields["niche"] { type.niche = niche(node, path: path.key("niche"), tissues: tissues, base: base?.niche) }
        return sink.count == before ? type : nil
    }

    /// `niche: { seeding, blood_cells, marrow_cells, tissue, acceptance, tissue_supply, shared }`
    /// (see `Niche`). On a type whose default has a niche (`base`, the
    /// library's progenitor) every key is optional and the keys not written
    /// keep the default niche's values, as the type's other keys do (so
    /// `--set cell_types.progenitor.niche.acceptance=0.5` changes that one
    /// value). Otherwise `seeding` (a per-cell rate) and `blood_cells` (a
    /// number) are required, and `marrow_cells` (the clone's cells in the
    /// niche's tissue, default 0), `tissue` (default bone_marrow),
    /// `acceptance` (the probability that a host's niche accepts an origin,
    /// default 1), `tissue_supply` (the multiple of the type's homing at which
    /// the clone's blood cells reach the other tissues, default 0) and
    /// `shared` (`true`: one niche per host that every origin shares, default
    /// false) optional.
    private mutating func niche(_ node: YAMLNode, path: NodePath, tissues: [String]?, base: Niche?) -> Niche? {
        let example = "e.g. 'niche: { seeding: 1e-4 /day, blood_cells: 2e4 }'"
        guard let fields = fields(node, path: path, expected: "a niche, \(example)", keys: Self.nicheKeys) else { return nil }
        let before = sink.count
        let seedingNode = base != nil ? fields["seeding"]
            : fields.require("seeding", hint: "a niche needs the per-cell rate at which cells found it, \(example)", in: &self)
        let bloodNode = base != nil ? fields["blood_cells"]
            : fields.require("blood_cells", hint: "a niche needs its clone's mean cells in blood, \(example)", in: &self)
        let seeding = seedingNode.flatMap { perCellRate($0, path: path.key("seeding")) }
        let cells = "a mean number of the clone's cells such as '2e4'"
        let blood = bloodNode.flatMap { number($0, path: path.key("blood_cells"), range: .nonNegative, expected: cells) }
        var niche = base ?? Niche(seeding: 0, bloodCells: 0)
        if let seeding { niche.seeding = seeding }
        if let blood { niche.bloodCells = blood }
        if let node = fields["marrow_cells"], let value = number(node, path: path.key("marrow_cells"), range: .nonNegative, expected: cells) {
            niche.tissueCells = value
        }
        if let node = fields["tissue"], let tissue = name(node, path: path.key("tissue"), among: tissues, noun: "tissue") {
            niche.tissue = tissue
        }
        if let node = fields["acceptance"], let value = probability(node, path: path.key("acceptance")) {
            niche.acceptance = value
        }
        if let node = fields["tissue_supply"],
           let value = number(node, path: path.key("tissue_supply"), range: .nonNegative,
                              expected: "a multiple of the type's homing rates such as '0.05' (0: the clone stays in blood and its niche's tissue)") {
            niche.tissueSupply = value
        }
        if let node = fields["shared"],
           let value = choice(node, path: path.key("shared"),
                              noun: "value for 'shared' (true: one niche per host that every origin shares; false: one per origin)",
                              options: [("true", true), ("false", false)]) {
            niche.shared = value
        }
        return sink.count == before ? niche : nil
    }

    /// The default types of a scenario without `cell_types:`, without their
    /// entries for tissues the scenario does not list.
    func defaultCellTypes(tissues: [String]?) -> [CellType] {
        let names = BiologyDefaults.cellTypes.map(\.name)
        return BiologyDefaults.cellTypes.map { inherited($0, tissues: tissues, typeNames: names) }
    }

    /// A default type without entries for tissues or types the scenario does
    /// not have, and without its niche when the niche's tissue is not one of
    /// them (`nil`: that list is broken, keep everything).
    private func inherited(_ type: CellType, tissues: [String]?, typeNames: [String]) -> CellType {
        var type = type
        if let tissues {
            type.homing = type.homing.filter { tissues.contains($0.key) }
            type.tissue = type.tissue.filter { tissues.contains($0.key) }
            if let niche = type.niche, !tissues.contains(niche.tissue) { type.niche = nil }
        }
        type.differentiation = type.differentiation.filter { typeNames.contains($0.into) }
        return type
    }

    /// `homing:`, tissue name to per-cell rate, merged over the type's homing.
    private mutating func homing(_ node: YAMLNode, path: NodePath, into type: inout CellType, tissues: [String]?) {
        let expected = "homing rates from blood into tissues, e.g. '{ bone_marrow: 0.02 /day, lung: 0.015 /day }'"
        guard let entries = namedEntries(node, path: path, expected: expected) else { return }
        for entry in entries {
            let entryPath = path.key(entry.key)
            if let tissues, !tissues.contains(entry.key) {
                reportUnknownTissue(entry.key, at: entry.keyPosition, path: entryPath, tissues: tissues, extra: [])
                continue
            }
            if let rate = perCellRate(entry.value, path: entryPath) { type.homing[entry.key] = rate }
        }
    }

    /// `tissues:` of a cell type: `default` (merged over the type's default
    /// tissue kinetics) and per-tissue kinetics, whose missing fields come from
    /// the inherited entry for that tissue if there is one, else from the
    /// type's `default`.
    private mutating func tissueKinetics(_ node: YAMLNode, path: NodePath, into type: inout CellType, tissues: [String]?) {
        let expected = "kinetics per tissue, e.g. '{ default: { death: 0.0012 /day }, bone_marrow: { return: 0.01 /day } }'"
        guard let entries = namedEntries(node, path: path, expected: expected) else { return }
        if let entry = entries.first(where: { $0.key == Self.defaultTissueKey }),
           let kinetics = kinetics(entry.value, path: path.key(entry.key), over: type.defaultTissue) {
            type.defaultTissue = kinetics
        }
        for entry in entries where entry.key != Self.defaultTissueKey {
            let entryPath = path.key(entry.key)
            if let tissues, !tissues.contains(entry.key) {
                reportUnknownTissue(entry.key, at: entry.keyPosition, path: entryPath, tissues: tissues, extra: [Self.defaultTissueKey])
                continue
            }
            if let kinetics = kinetics(entry.value, path: entryPath, over: type.tissue[entry.key] ?? type.defaultTissue) {
                type.tissue[entry.key] = kinetics
            }
        }
    }

    /// One tissue's `{ return, death, self_renewal }`, each a per-cell rate;
    /// fields not given keep their value in `basis`.
    private mutating func kinetics(_ node: YAMLNode, path: NodePath, over basis: TissueKinetics) -> TissueKinetics? {
        if node.isNull { return basis }
        guard let fields = fields(node, path: path, expected: "tissue kinetics", keys: Self.tissueKineticsKeys) else { return nil }
        let before = sink.count
        var result = basis
        if let node = fields["return"], let rate = perCellRate(node, path: path.key("return")) { result.returnRate = rate }
        if let node = fields["death"], let rate = perCellRate(node, path: path.key("death")) { result.death = rate }
        switch (fields["self_renewal"], fields["persistence"]) {
        case (.some, .some):
            sink.report("give either 'self_renewal' or 'persistence' (which sets self_renewal), not both",
                        at: fields.keyPosition("persistence")!, path: path.key("persistence"))
        case (let node?, nil):
            if let rate = perCellRate(node, path: path.key("self_renewal")) { (result.selfRenewal, result.persistence) = (rate, nil) }
        case (nil, let node?):
            if let rate = perCellRate(node, path: path.key("persistence")) { result.persistence = rate }
        case (nil, nil):
            break
        }
        return sink.count == before ? result : nil
    }

    /// The types with each tissue's `persistence` turned into its
    /// self-renewal (`CellType.resolvingPersistence`), a problem reported at
    /// the `persistence` key that asks for it (or at `cell_types`, or at the
    /// top when the default types ask for it).
    mutating func resolvingPersistence(_ types: [CellType], tissues: [String], node: YAMLNode?, path: NodePath,
                                      top: SourcePosition) -> [CellType]? {
        var resolved: [CellType] = []
        for type in types {
            do throws(CellType.PersistenceProblem) {
                resolved.append(try type.resolvingPersistence(tissues: tissues))
            } catch {
                let typeNode = node?.value(forKey: type.name)
                let tissueNode = typeNode?.value(forKey: "tissues")?.value(forKey: error.tissue)
                let at = tissueNode?.value(forKey: "persistence") ?? tissueNode ?? typeNode ?? node
                let atPath = tissueNode?.value(forKey: "persistence") != nil
                    ? path.key(type.name).key("tissues").key(error.tissue).key("persistence") : node == nil ? .root : path
                let origin = typeNode == nil ? "the default cell type '\(type.name)': " : ""
                sink.report(origin + error.message, at: at?.position ?? top, path: atPath)
            }
        }
        return resolved.count == types.count ? resolved : nil
    }

    /// `differentiation:`, target type to per-cell rate, merged over the
    /// type's; a rate of zero removes an inherited entry.
    private mutating func differentiation(_ node: YAMLNode, path: NodePath, into type: inout CellType, typeNames: [String]) {
        let expected = "differentiation rates into other cell types, e.g. '{ mature: 0.0005 /day }'"
        guard let entries = namedEntries(node, path: path, expected: expected) else { return }
        for entry in entries {
            let entryPath = path.key(entry.key)
            if entry.key == type.name {
                sink.report("a cell type cannot differentiate into itself ('\(entry.key)')", at: entry.keyPosition, path: entryPath)
                continue
            }
            if !typeNames.contains(entry.key) {
                let others = typeNames.filter { $0 != type.name }
                sink.report("unknown cell type '\(entry.key)'; \(KeySuggestion.hint(for: entry.key, among: others, noun: "cell types of this scenario"))",
                            at: entry.keyPosition, path: entryPath)
                continue
            }
            guard let rate = perCellRate(entry.value, path: entryPath) else { continue }
            type.differentiation.removeAll { $0.into == entry.key }
            if rate > 0 { type.differentiation.append(Differentiation(into: entry.key, rate: rate)) }
        }
    }

    /// Reports a key that should name a tissue of the scenario.
    private mutating func reportUnknownTissue(_ key: String, at position: SourcePosition, path: NodePath, tissues: [String], extra: [String]) {
        let note = key == BiologyDefaults.blood ? " ('blood' is not a tissue: a type's kinetics in blood are 'clearance' and 'homing')" : ""
        sink.report("unknown tissue '\(key)'\(note); \(KeySuggestion.hint(for: key, among: extra + tissues, noun: "tissues of this scenario"))",
                    at: position, path: path)
    }
}
