import RateModel

/// The reporting order of populations and the output series.
extension BiologyCompiler {
    /// Reachable populations ordered by host, origin, cell type, then compartment
    /// (blood first, then tissues in scenario order, then the niche).
    static func reportingOrder(_ s: BiologyScenario, _ family: FamilyTree, reachable: Set<Population>) -> [Population] {
        var order: [Population] = []
        for host in family.hosts {
            for (origin, _) in family.carried(by: host) {
                for type in s.cellTypes {
                    for c in reportedCompartments(s) {
                        let p = Population(host: host, origin: origin, cellType: type.name, compartment: c)
                        if reachable.contains(p) { order.append(p) }
                    }
                }
            }
        }
        return order
    }

    /// Series: every population; per host and origin the sum over types per
    /// compartment (when there are several types) and the total; per host with
    /// several origins the total over origins.
    static func layout(_ order: [Population], _ family: FamilyTree, _ s: BiologyScenario) -> SeriesLayout {
        var entries: [SeriesLayout.Entry] = []
        for host in family.hosts {
            let hostIndices = order.indices.filter { order[$0].host == host }
            var originsShown = 0
            for (origin, _) in family.carried(by: host) {
                let indices = hostIndices.filter { order[$0].origin == origin }
                guard !indices.isEmpty else { continue }
                originsShown += 1
                for i in indices {
                    let p = order[i]
                    entries.append(.init(label: SeriesLabel(host: host, origin: .named(origin), cellType: .named(p.cellType),
                                                              compartment: .named(p.compartment)),
                                         compartments: [i]))
                }
                if Set(indices.map { order[$0].cellType }).count > 1 {
                    for c in reportedCompartments(s) {
                        let inC = indices.filter { order[$0].compartment == c }
                        guard !inC.isEmpty else { continue }
                        entries.append(.init(label: SeriesLabel(host: host, origin: .named(origin), cellType: .allCellTypes, compartment: .named(c)), compartments: inC))
                    }
                }
                entries.append(.init(label: SeriesLabel(host: host, origin: .named(origin), cellType: .allCellTypes, compartment: .total), compartments: indices))
            }
            if originsShown > 1 {
                entries.append(.init(label: SeriesLabel(host: host, origin: .allOrigins, cellType: .allCellTypes, compartment: .total), compartments: hostIndices))
            }
        }
        return SeriesLayout(entries: entries)
    }
}
