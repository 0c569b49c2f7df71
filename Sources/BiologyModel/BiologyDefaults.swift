import Foundation

/// The default parameters of the biology level, each set from a published
/// observation or marked as an assumption. docs/model.md lists them with the
/// fact each one was chosen to reproduce (sources in ../shared/domain.md).
public enum BiologyDefaults {
    /// The blood compartment every host has.
    public static let blood = "blood"

    /// Tissues of every host besides blood: the organs where persistent fetal
    /// cells were found (O'Donoghue 2004; Koopmans 2005; Chan 2012).
    public static let tissues = ["bone_marrow", "thyroid", "liver", "lung", "heart", "brain", "skin", "kidney"]

    /// `ln 2 / half-life`.
    public static func rate(halfLife days: Double) -> Double { log(2) / days }

    /// The shipped calibration's estimate of the free parameter `name` of
    /// the calibration suite (base units), or nil when the suite has none of
    /// that name: where the next calibration starts (`Calibrated.estimates`).
    public static func calibratedEstimate(_ name: String) -> Double? { Calibrated.estimates[name] }

    /// The shipped calibration's estimate of the free parameter `name` of
    /// the compared structure `structure` (data/alternatives/), or nil: where
    /// that structure's next search starts (`Calibrated.structureEstimates`).
    public static func calibratedEstimate(_ name: String, structure: String) -> Double? {
        Calibrated.structureEstimates[structure]?[name]
    }

    /// Progenitor differentiation into mature cells, per day (assumption).
    static let differentiationRate = 0.0005

    /// Mature fetal cells in the lung per mature fetal cell in blood once they
    /// have mixed (a day or so): the lung's capillaries trap circulating
    /// fetal cells, so that near term the lung holds 10-100 times more than
    /// any other organ (Fujiki et al. 2008, in the mouse). With type shares
    /// 0.05 and 0.95 of the crossing cells, 3.75 leaves blood with 20%
    /// progenitors and 80% mature cells (0.05 : 0.95 / 4.75 = 1 : 4), and the
    /// placenta sends 4 cells per cell that blood keeps: transfer rates and
    /// pulses are 4 times their blood-equivalent values.
    static let lungRetention = 3.75

    /// A self-renewing, progenitor-like cell. Fitted to the calibration suite
    /// (`Calibrated`, docs/model.md "Fitted values"): its clearance half-life
    /// from blood, its homing to bone marrow and to the brain, and the
    /// half-life with which circulating progenitors fade once no more arrive
    /// (`persistence` in bone marrow, which sets marrow self-renewal for the
    /// scenario's tissues, docs/model.md "Persistence"), and its niche in
    /// bone marrow: the rate at which a marrow progenitor founds it, the
    /// established clone's mean cells in the whole blood and marrow, the
    /// share of hosts whose niche is permissive, and the multiple of
    /// the homing rates at which the clone's blood cells supply the other
    /// tissues (docs/model.md "Niche"). Every origin in a host shares her one
    /// niche (the structure the parity of Gammill et al. 2010 needs). Not fitted
    /// (assumptions, or set from single facts): homing to lung, liver,
    /// thyroid, heart, skin and kidney (per host cell kidney and liver above
    /// heart, Koopmans et al. 2005: 13/51, 10/51, 4/69); return, death and
    /// self-renewal in the other tissues; in the brain, no return and
    /// self-renewal slightly faster than loss (net +0.0001 per day).
    public static let progenitor = resolvedForDefaultTissues(CellType(
        name: "progenitor", share: 0.05, bloodClearance: rate(halfLife: Calibrated.cellTypesProgenitorClearanceHalfLife),
        homing: ["bone_marrow": Calibrated.cellTypesProgenitorHomingBoneMarrow, "lung": 0.015, "liver": 0.01, "thyroid": 0.0025,
                 "heart": 0.00003, "brain": Calibrated.cellTypesProgenitorHomingBrain, "skin": 0.0025, "kidney": 0.0012],
        tissue: [
            "bone_marrow": TissueKinetics(returnRate: 0.01, death: 0.0012,
                                          persistence: rate(halfLife: Calibrated.cellTypesProgenitorTissuesBoneMarrowPersistenceHalfLife)),
            "lung": TissueKinetics(returnRate: 0.0002, death: rate(halfLife: 30), selfRenewal: 0),
            "brain": TissueKinetics(returnRate: 0, death: 0.0012, selfRenewal: 0.0018),
        ],
        defaultTissue: TissueKinetics(returnRate: 0.0002, death: 0.0012, selfRenewal: 0.001 + differentiationRate),
        differentiation: [Differentiation(into: "mature", rate: differentiationRate)],
        niche: Niche(seeding: Calibrated.cellTypesProgenitorNicheSeeding, bloodCells: Calibrated.cellTypesProgenitorNicheBloodCells,
                     tissueCells: Calibrated.cellTypesProgenitorNicheMarrowCells, acceptance: Calibrated.cellTypesProgenitorNicheAcceptance,
                     tissueSupply: Calibrated.cellTypesProgenitorNicheTissueSupply, shared: true)))

    /// A short-lived mature cell: most transferred cells, cleared from blood
    /// with the fitted half-life (`Calibrated`) and dying in tissues with a
    /// half-life of 30 days; it does not divide. It is trapped in the lung
    /// and released within a day (return 1 per day), cleared there with a
    /// half-life of 2 days, with the homing rate that gives `lungRetention`
    /// lung cells per blood cell.
    public static let mature = CellType(
        name: "mature", share: 0.95, bloodClearance: rate(halfLife: Calibrated.cellTypesMatureClearanceHalfLife),
        homing: ["lung": lungRetention * (1 + rate(halfLife: 2))],
        tissue: ["lung": TissueKinetics(returnRate: 1, death: rate(halfLife: 2), selfRenewal: 0)],
        defaultTissue: TissueKinetics(returnRate: 0, death: rate(halfLife: 30), selfRenewal: 0))

    /// `type` with its `persistence` turned into self-renewal for the
    /// default tissues (`CellType.resolvingPersistence`), the target dropped:
    /// a scenario inherits the self-renewal, whatever its tissues, so that a
    /// scenario with other tissues (or kinetics of its own there) never meets
    /// a target it did not write; its circulating half-life follows from its
    /// tissues (`describe` prints it).
    private static func resolvedForDefaultTissues(_ type: CellType) -> CellType {
        do {
            var resolved = try type.resolvingPersistence(tissues: tissues)
            for key in resolved.tissue.keys { resolved.tissue[key]?.persistence = nil }
            return resolved
        } catch {
            preconditionFailure("the default \(type.name) asks for a persistence its default tissues cannot give: \(error.message)")
        }
    }

    public static let cellTypes = [progenitor, mature]

    /// Fetus to mother: the rate at term and the pulses after a live birth, a
    /// surgical termination and a miscarriage are fitted (`Calibrated`); a
    /// stillbirth's pulse is taken as a live birth's and a medical
    /// termination's as a miscarriage's (assumptions: no study of the suite
    /// sees them).
    public static let fetalToMaternal = DirectionalTransfer(
        peakRate: Calibrated.transferFetalToMaternalPeak,
        pulse: PulseSizes(liveBirth: whole(Calibrated.transferFetalToMaternalPulseLiveBirth),
                          stillbirth: whole(Calibrated.transferFetalToMaternalPulseLiveBirth),
                          miscarriage: whole(Calibrated.transferFetalToMaternalPulseMiscarriage),
                          surgicalTermination: whole(Calibrated.transferFetalToMaternalPulseTerminationSurgical),
                          medicalTermination: whole(Calibrated.transferFetalToMaternalPulseMiscarriage)))

    /// Mother to fetus: the rate at term is fitted (`Calibrated`, informed by
    /// Loubière et al. 2006); the pulse at delivery is an assumption.
    public static let maternalToFetal = DirectionalTransfer(
        peakRate: Calibrated.transferMaternalToFetalPeak,
        pulse: PulseSizes(liveBirth: 40_000, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0))

    /// Exponent of the gestational-age scaling of the pulse after a
    /// miscarriage, a termination or a stillbirth (`PlacentalTransfer.endPulse`):
    /// 0, one pulse per outcome whatever the gestational age, the structure
    /// the calibration suite supports (docs/validation.md, "Model structures":
    /// data/alternatives/growing-pulses.yaml frees it and gains no likelihood).
    public static let pulseGrowth = 0.0

    /// A fitted cell count as a whole number.
    private static func whole(_ x: Double) -> Int { Int(x.rounded()) }

    /// Per-cell rate at term at which cells the mother carries cross to the
    /// fetus, per day (assumption).
    public static let carriedRate = 0.01

    /// Own cells per day a twin sends its co-twin at term: fitted to the
    /// suite's twin study, van Dijk et al. 1996, its only source
    /// (`Calibrated`; hand-set at 28,560 per day until 2026-12-07).
    public static let twinRate = Calibrated.transferTwins

    /// Maternal sensitisation: clearance and tissue death of a conceptus's
    /// cells in its mother are multiplied by this factor per earlier
    /// pregnancy of hers (see `BiologyCompiler.sensitisationFactors`). 1.2 was
    /// the smallest round factor that kept fetal microchimerism in blood from
    /// rising with the number of births (Gammill et al. 2010) before the
    /// niche, when every cell acted on its own; since the clone carries the
    /// level decades on, the niche shared by every origin does that
    /// (docs/model.md "Niche"). Anti-paternal HLA antibodies become more
    /// frequent with every pregnancy (Triulzi et al. 2009, Transfusion 49:1825).
    public static let sensitisation = 1.2

    /// Cells per tissue of an adult (orders of magnitude after Bianconi et al.
    /// 2013, Ann Hum Biol 40:463, and Azevedo et al. 2009 for the brain;
    /// thyroid and kidney are assumptions).
    public static let tissueCells: [String: Double] = [
        "bone_marrow": 7.5e11, "liver": 2.4e11, "lung": 2.3e11, "brain": 1.7e11,
        "skin": 3.5e10, "kidney": 2e10, "thyroid": 1e10, "heart": 2e9,
    ]
}
