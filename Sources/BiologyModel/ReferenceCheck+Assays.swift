/// Assays: a host, a compartment, an origin and cell types the scenario has,
/// an efficiency in (0, 1], and a sample the host can give.
extension ReferenceCheck {
    /// Every assay's names and sample.
    mutating func assays() {
        for (i, a) in s.assays.enumerated() {
            checkHost(a.host, .assay(i, .host))
            if !compartmentNames.contains(a.compartment) {
                report(.assay(i, .compartment), Self.unknown(a.compartment, among: compartmentNames, noun: "compartment"))
            }
            if case .hla(let origin) = a.marker, !isOrigin(origin) {
                report(.assay(i, .origin), "'\(origin)' is not an origin of this scenario")
            }
            cellTypes(a, i)
            if let e = a.efficiency, !(e > 0 && e <= 1) {
                report(.assay(i, .efficiency), "the efficiency (\(e)) must be in (0, 1]: the fraction of the sampled cells the assay recovers")
            }
            sample(a, i)
        }
    }

    /// Listed cell types the scenario has, and for a kind with default types
    /// (culture, plasma DNA) a scenario that has them when none are listed.
    private mutating func cellTypes(_ a: Assay, _ i: Int) {
        guard let listed = a.cellTypes else {
            if a.kind.defaultCellTypes(among: typeNames)?.isEmpty == true {
                let wanted = a.kind == .culture ? BiologyDefaults.progenitor.name : BiologyDefaults.cellFreeDNA
                let fix = "declare it or list the cell types the assay sees (one of \(typeNames.joined(separator: ", ")))"
                report(.assay(i, .cellTypes), "a \(a.kind.name) assay sees the cell type '\(wanted)' by default and this scenario has none; \(fix)")
            }
            return
        }
        if listed.isEmpty { report(.assay(i, .cellTypes), "list at least one cell type the assay sees") }
        for type in listed where !typeNames.contains(type) {
            report(.assay(i, .cellTypes), Self.unknown(type, among: typeNames, noun: "cell type"))
        }
    }

    /// A volume of blood no larger than the blood volume, or a number of
    /// cells no larger than the compartment holds.
    private mutating func sample(_ a: Assay, _ i: Int) {
        if a.kind == .plasmaDNA {
            plasmaSample(a, i)
            return
        }
        switch a.sample {
        case .plasmaVolume:
            report(.assay(i, .sample), "a volume of plasma is the sample of a plasma DNA assay only; give a blood volume or \(.sampleOfCells)")
        case .bloodVolume(let mL):
            if a.compartment != BiologyDefaults.blood { report(.assay(i, .sample), "a volume in mL samples blood; for a tissue give \(.sampleOfCells)") }
            if mL > s.hostCells.bloodVolume {
                report(.assay(i, .sample), "the sample (\(mL) mL) is larger than the blood volume (\(s.hostCells.bloodVolume) mL)")
            }
        case .hostCells(let n):
            if let available = s.hostCells.cells(in: a.compartment), n > available {
                report(.assay(i, .sample), "the sample (\(n) cells) is larger than the \(a.compartment) (\(available) cells)")
            } else if s.hostCells.cells(in: a.compartment) == nil {
                report(.assay(i, .sample), "no host cell count is known for '\(a.compartment)'; give it under \(.tissueCells)")
            }
        }
    }

    /// A plasma DNA assay samples blood plasma: a volume no larger than the plasma volume.
    private mutating func plasmaSample(_ a: Assay, _ i: Int) {
        if a.compartment != BiologyDefaults.blood { report(.assay(i, .compartment), "a plasma DNA assay samples the plasma of blood, not '\(a.compartment)'") }
        guard case .plasmaVolume(let mL) = a.sample else {
            report(.assay(i, .sample), "a plasma DNA assay samples a volume of plasma, e.g. 1 mL")
            return
        }
        if mL > s.hostCells.plasmaVolume {
            report(.assay(i, .sample), "the sample (\(mL) mL) is larger than the plasma volume (\(s.hostCells.plasmaVolume) mL)")
        }
    }
}
