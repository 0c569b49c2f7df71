/// Assays: a host, a compartment and an origin the scenario has, and a sample
/// the host can give.
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
            sample(a, i)
        }
    }

    /// A volume of blood no larger than the blood volume, or a number of
    /// cells no larger than the compartment holds.
    private mutating func sample(_ a: Assay, _ i: Int) {
        switch a.sample {
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
}
