import RateModel

/// The reporting order of populations, the output series and the assays.
extension BiologyCompiler {
    /// Reachable populations ordered by host, origin, cell type, then compartment
    /// (blood first, then tissues in scenario order).
    static func reportingOrder(_ s: BiologyScenario, _ family: FamilyTree, reachable: Set<Population>) -> [Population] {
        var order: [Population] = []
        for host in family.hosts {
            for (origin, _) in family.carried(by: host) {
                for type in s.cellTypes {
                    for c in compartments(s) {
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
                    for c in compartments(s) {
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

    /// Resolves each assay: visible origins, the compartments it counts, the
    /// sampled fraction and the host cells analysed.
    static func assays(_ s: BiologyScenario, _ family: FamilyTree, _ order: [Population]) -> [CompiledAssay] {
        s.assays.map { assay in
            let carried = family.carried(by: assay.host).map(\.origin)
            let visible: [String]
            switch assay.marker {
            case .yChromosome: visible = carried.filter { family.sex(of: $0) == .male }
            case .hla(let origin): visible = carried.filter { $0 == origin }
            case .any: visible = carried
            }
            let indices = order.indices.filter {
                order[$0].host == assay.host && order[$0].compartment == assay.compartment && visible.contains(order[$0].origin)
            }
            let fraction: Double, analysed: Double
            switch assay.sample {
            case .bloodVolume(let mL):
                fraction = mL / s.hostCells.bloodVolume
                analysed = mL * s.hostCells.nucleatedPerMilliliter
            case .hostCells(let n):
                fraction = n / (s.hostCells.cells(in: assay.compartment) ?? n)
                analysed = n
            }
            return CompiledAssay(assay: assay, compartments: indices, visibleOrigins: visible,
                                 sampledFraction: min(1, fraction), hostCellsAnalysed: analysed)
        }
    }
}
