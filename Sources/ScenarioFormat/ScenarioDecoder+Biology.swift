import BiologyModel

/// The biology-level document: a family on a calendar, decoded to a
/// `BiologyScenario` (and an optional `CohortSpec`).
///
/// The decoder checks everything that can be checked field by field: kinds,
/// units, ranges (probabilities in `[0, 1]`, gestation 4 to 45 weeks, counts
/// and factors not negative), times inside the horizon, distinct names, and
/// names of tissues and cell types declared in the same document. References
/// between people (hosts, origins, a pregnancy's mother being a live-born
/// daughter) are checked by `BiologyCompiler`, whose problems the loader maps
/// back to positions in the file.
///
/// Sections are read in dependency order, tissues and cell types first, so
/// later sections can check names against them.
extension ScenarioDecoder {
    /// Decodes a biology-level document; `nil` when any problem was reported.
    mutating func decodeBiology(_ root: YAMLNode) -> (scenario: BiologyScenario, cohort: CohortSpec?)? {
        guard let top = topFields(root, level: .biology) else { return nil }
        let header = header(top)
        var names = BiologyNames()
        names.cohort = top["cohort"].map { !$0.isNull } ?? false

        var tissues: [String]? = BiologyDefaults.tissues
        if let node = top["tissues"], !node.isNull { tissues = self.tissues(node, path: .root.key("tissues")) }
        names.tissues = tissues

        var cellTypes: [CellType]? = defaultCellTypes(tissues: tissues)
        if let node = top["cell_types"], !node.isNull { cellTypes = self.cellTypes(node, path: .root.key("cell_types"), names: names) }
        if let types = cellTypes, let tissues {
            cellTypes = resolvingPersistence(types, tissues: tissues, node: top["cell_types"], path: .root.key("cell_types"),
                                             top: root.position)
        }
        names.cellTypes = cellTypes?.map(\.name)

        var founder: Founder? = Founder()
        if let node = top["mother"], !node.isNull {
            founder = self.founder(node, path: .root.key("mother"), names: names)
            names.founder = node.value(forKey: "name")?.scalarText?.trimmingWhitespace() ?? Founder().name
        }

        var pregnancies: [Pregnancy] = []
        if let node = top["pregnancies"], !node.isNull {
            if let cohortNode = top["cohort"], !cohortNode.isNull, let cohortKey = top.keyPosition("cohort") {
                sink.report("'pregnancies:' cannot be given with 'cohort:' (\(cohortKey.place)): a cohort draws every woman's "
                            + "pregnancies at random from its distributions; remove 'pregnancies:', or remove 'cohort:' to follow one family",
                            at: top.keyPosition("pregnancies")!, path: .root.key("pregnancies"))
            } else {
                pregnancies = items(node, path: .root.key("pregnancies"), expected: "pregnancies") { decoder, item, itemPath in
                    decoder.pregnancy(item, path: itemPath, founder: names.founder)
                }
                checkDistinctChildren(node, path: .root.key("pregnancies"), founder: names.founder)
            }
        }

        var transfer: PlacentalTransfer? = PlacentalTransfer()
        if let node = top["transfer"], !node.isNull { transfer = self.transfer(node, path: .root.key("transfer")) }
        let immunity = self.immunity(top["immunity"], path: .root.key("immunity"))
        var sensitisation: Double? = BiologyDefaults.sensitisation
        if let node = top["sensitisation"], !node.isNull {
            sensitisation = number(node, path: .root.key("sensitisation"), range: .positive,
                                   expected: "a clearance factor per earlier pregnancy such as '1.2' (1 = off)")
        }
        var transfusionDefaults: TransfusionDefaults? = TransfusionDefaults()
        if let node = top["transfusion_defaults"], !node.isNull {
            transfusionDefaults = self.transfusionDefaults(node, path: .root.key("transfusion_defaults"))
        }
        let events = items(top["events"], path: .root.key("events"), expected: "events") { decoder, item, itemPath in
            decoder.event(item, path: itemPath, names: names)
        }
        let assays = self.assays(top["assays"], path: .root.key("assays"), names: names)
        var hostCells: HostCellCounts? = HostCellCounts()
        if let node = top["host_cells"], !node.isNull { hostCells = self.hostCells(node, path: .root.key("host_cells"), names: names) }
        var cohort: CohortSpec?
        if let node = top["cohort"], !node.isNull { cohort = self.cohort(node, path: .root.key("cohort")) }
        var population: PopulationSpec?
        if let node = top["population"], !node.isNull { population = self.population(node, path: .root.key("population"), top: top) }

        reportSilentlyDropped()
        guard sink.isEmpty, let header, let tissues, let cellTypes, let founder, let transfer, let hostCells, let sensitisation,
              let transfusionDefaults else { return nil }
        let scenario = BiologyScenario(
            name: header.name, description: header.description, horizon: header.horizon, outputTimes: header.outputTimes,
            tissues: tissues, cellTypes: cellTypes, founder: founder, pregnancies: pregnancies, transfer: transfer,
            immunity: immunity, events: events, assays: assays, hostCells: hostCells, sensitisation: sensitisation,
            transfusionDefaults: transfusionDefaults, population: population)
        return (scenario, cohort)
    }

    /// Decodes `tissues:`: a list of distinct names, none of them `blood`
    /// (every host's blood is always there) or reserved (`ReservedName`).
    mutating func tissues(_ node: YAMLNode, path: NodePath) -> [String]? {
        guard let items = node.items else {
            sink.report("expected a list of tissue names such as '[bone_marrow, thyroid, heart]', got \(node.kindDescription)",
                        at: node.position, path: path)
            return nil
        }
        let before = sink.count
        var seen = DistinctNames()
        var result: [String] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let name = declaredName(item, path: itemPath, noun: "a tissue") else { continue }
            if name == BiologyDefaults.blood {
                sink.report("'blood' is not a tissue here: every host has a blood compartment already; list only the other tissues",
                            at: item.position, path: itemPath)
            } else if let earlier = seen.declare(name, at: item.position) {
                sink.report("duplicate tissue '\(name)' (first at \(earlier.place)); tissue names must be distinct", at: item.position, path: itemPath)
            } else {
                result.append(name)
            }
        }
        return sink.count == before ? result : nil
    }
}
