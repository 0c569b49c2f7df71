/// One individual's random effects: a multiplier per rate group, applied to
/// every cell type (and to placental transfer) of a scenario.
///
/// A cohort draws each multiplier as lognormal with mean 1 and the
/// coefficient of variation of `RateVariation`; 1 leaves the group unchanged.
public struct RateMultipliers: Sendable, Hashable {
    /// Clearance from blood and death in tissues.
    public var clearance: Double
    /// Homing from blood to every tissue.
    public var homing: Double
    /// Self-renewal in tissues.
    public var selfRenewal: Double
    /// Placental transfer in both directions: peak rates, pulses, carried-cell
    /// and co-twin rates.
    public var transfer: Double

    public init(clearance: Double = 1, homing: Double = 1, selfRenewal: Double = 1, transfer: Double = 1) {
        self.clearance = clearance
        self.homing = homing
        self.selfRenewal = selfRenewal
        self.transfer = transfer
    }

    /// `scenario` with every rate of each group multiplied; pulse sizes are
    /// rounded to the nearest whole cell.
    ///
    /// Complexity O(cell types × tissues).
    public func applied(to scenario: BiologyScenario) -> BiologyScenario {
        var s = scenario
        s.cellTypes = scenario.cellTypes.map(applied)
        let m = transfer
        s.transfer.fetalToMaternal = scaled(scenario.transfer.fetalToMaternal, m)
        s.transfer.maternalToFetal = scaled(scenario.transfer.maternalToFetal, m)
        s.transfer.carriedRate *= m
        s.transfer.twinRate *= m
        return s
    }

    private func applied(_ type: CellType) -> CellType {
        var t = type
        t.bloodClearance *= clearance
        t.homing = type.homing.mapValues { $0 * homing }
        t.tissue = type.tissue.mapValues(applied)
        t.defaultTissue = applied(type.defaultTissue)
        return t
    }

    private func applied(_ kinetics: TissueKinetics) -> TissueKinetics {
        TissueKinetics(returnRate: kinetics.returnRate, death: kinetics.death * clearance,
                       selfRenewal: kinetics.selfRenewal * selfRenewal)
    }

    private func scaled(_ d: DirectionalTransfer, _ m: Double) -> DirectionalTransfer {
        let p = d.pulse
        let r = { (n: Int) in Int((Double(n) * m).rounded()) }
        return DirectionalTransfer(peakRate: d.peakRate * m, pulse: PulseSizes(
            liveBirth: r(p.liveBirth), stillbirth: r(p.stillbirth), miscarriage: r(p.miscarriage),
            surgicalTermination: r(p.surgicalTermination), medicalTermination: r(p.medicalTermination)))
    }
}
