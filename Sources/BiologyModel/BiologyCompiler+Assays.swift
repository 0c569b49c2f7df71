import RateModel

/// Resolving the assays against the network.
extension BiologyCompiler {
    /// Resolves each assay: visible origins and cell types, the compartments
    /// it counts, the thinning probability and the unit of its level.
    ///
    /// A population is counted when its host and compartment are the assay's,
    /// the marker sees its origin and its cell type is among the assay's
    /// (`Assay.cellTypes`, else `AssayKind.defaultCellTypes`). The thinning
    /// probability is `min(1, f)·e` (`e` = `Assay.efficiency`, else the
    /// kind's default) with `f` by sample: `V/V_blood` for `V` mL of blood,
    /// `n/n_compartment` for `n` host cells, `V/(V_blood·plasma fraction)` for
    /// `V` mL of plasma. The assay sees the clone of every reachable niche of
    /// a visible origin with clone cells in its compartment
    /// (`CellType.cloneCells(in:)`), `μ = θ·cells`, when it counts the niche's
    /// type or a type that type differentiates into, directly or through
    /// others (`lineage(of:in:)`): a clone founded by progenitors makes the
    /// differentiated cells of its lineage, so a sorted subset of those
    /// sees it too. O(assays · populations).
    static func assays(_ s: BiologyScenario, _ family: FamilyTree, _ order: [Population]) -> [CompiledAssay] {
        let typeNames = s.cellTypes.map(\.name)
        return s.assays.map { assay in
            let carried = family.carried(by: assay.host).map(\.origin)
            let visible: [String]
            switch assay.marker {
            case .yChromosome: visible = carried.filter { family.sex(of: $0) == .male }
            case .hla(let origin): visible = carried.filter { $0 == origin }
            case .any: visible = carried
            }
            let types = assay.cellTypes ?? assay.kind.defaultCellTypes(among: typeNames)
            let indices = order.indices.filter { i in
                order[i].host == assay.host && order[i].compartment == assay.compartment && visible.contains(order[i].origin)
                    && types?.contains(order[i].cellType) ?? true
            }
            let measure = measure(assay, s.hostCells)
            let theta = min(1, measure.fraction) * (assay.efficiency ?? assay.kind.defaultEfficiency)
            // The types with a niche whose clone the assay sees: it counts the type or one of its lineage.
            let cloned = s.cellTypes.compactMap { type -> (name: String, niche: Niche, cells: Double)? in
                guard let niche = type.niche else { return nil }
                let cells = type.cloneCells(in: assay.compartment)
                guard cells > 0 else { return nil }
                if let types, lineage(of: type.name, in: s.cellTypes).isDisjoint(with: types) { return nil }
                return (type.name, niche, cells)
            }
            func nicheIndex(_ origin: String, _ type: String) -> Int? {
                order.firstIndex(of: Population(host: assay.host, origin: origin, cellType: type, compartment: ReservedName.niche.rawValue))
            }
            var clones: [NicheClone] = []
            for origin in visible {
                for type in cloned where !type.niche.shared {
                    guard let index = nicheIndex(origin, type.name) else { continue }
                    clones.append(NicheClone(origin: origin, niche: index, counted: indices.filter { order[$0].origin == origin },
                                             meanSeen: theta * type.cells, acceptance: type.niche.acceptance))
                }
            }
            // A shared niche counts every origin the host carries: those the marker does not see dilute the others' share.
            let shared = cloned.filter(\.niche.shared).compactMap { type -> SharedNicheClone? in
                let members = carried.compactMap { origin in
                    nicheIndex(origin, type.name).map { index in
                        SharedNicheClone.Member(origin: origin, niche: index, seen: visible.contains(origin),
                                                counted: indices.filter { order[$0].origin == origin })
                    }
                }
                guard members.contains(where: \.seen) else { return nil }
                return SharedNicheClone(members: members, meanSeen: theta * type.cells, acceptance: type.niche.acceptance)
            }
            return CompiledAssay(assay: assay, compartments: indices, visibleOrigins: visible, sampledFraction: theta,
                                 hostCellsAnalysed: measure.cells, levelUnit: measure.unit, sampleSize: measure.size, clones: clones,
                                 sharedClones: shared)
        }
    }

    /// The type named `name` and every type it becomes by differentiation,
    /// directly or through others. O(types · differentiations).
    public static func lineage(of name: String, in types: [CellType]) -> Set<String> {
        var found: Set<String> = [name], frontier = [name]
        while let next = frontier.popLast() {
            for step in types.first(where: { $0.name == next })?.differentiation ?? [] where found.insert(step.into).inserted {
                frontier.append(step.into)
            }
        }
        return found
    }

    /// What `assay`'s sample is: the fraction `f` of the compartment it
    /// holds, the host cells it analyses, the unit of its level and what the
    /// level is per (cells analysed, or mL of blood or plasma).
    private static func measure(_ assay: Assay, _ host: HostCellCounts)
        -> (fraction: Double, cells: Double, unit: AssayLevelUnit, size: Double) {
        let fraction: Double, cells: Double, milliliters: Double
        switch assay.sample {
        case .plasmaVolume(let mL):
            return (mL / host.plasmaVolume, 0, .perMilliliterPlasma, mL)
        case .bloodVolume(let mL):
            fraction = mL / host.bloodVolume
            cells = mL * host.nucleatedPerMilliliter
            milliliters = mL
        case .hostCells(let n):
            fraction = n / (host.cells(in: assay.compartment) ?? n)
            cells = n
            milliliters = n / host.nucleatedPerMilliliter
        }
        if assay.kind == .culture && assay.compartment == BiologyDefaults.blood {
            return (fraction, cells, .perMilliliterBlood, milliliters)
        }
        return (fraction, cells, .per1e5Cells, cells)
    }
}
