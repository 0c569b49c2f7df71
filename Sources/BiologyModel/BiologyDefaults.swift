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

    /// A self-renewing, progenitor-like cell: cleared from blood with a
    /// half-life of 2 days, homing mostly to bone marrow (O'Donoghue 2004)
    /// and lung (short-lived there), dividing in tissues slightly slower than
    /// it is lost so that it lasts decades (Bianchi 1996: male DNA 27 years
    /// after a son; Evans 1999: 33% of women positive decades later). Marrow
    /// returns cells to blood, which is what a blood draw sees years later.
    /// Cells that cross into the brain stay there and renew themselves
    /// slightly faster than they are lost (net +0.0001 per day), so that a
    /// 10^6-cell brain sample is positive in about 63% of women 47 years after
    /// a son (Chan et al. 2012: 37 of 59). Homing per host cell ranks kidney
    /// and liver above heart (Koopmans et al. 2005: 13/51, 10/51, 4/69).
    public static let progenitor = CellType(
        name: "progenitor", share: 0.05, bloodClearance: rate(halfLife: 2),
        homing: ["bone_marrow": 0.02, "lung": 0.015, "liver": 0.01, "thyroid": 0.0025,
                 "heart": 0.00003, "brain": 0.005, "skin": 0.0025, "kidney": 0.0012],
        tissue: [
            "bone_marrow": TissueKinetics(returnRate: 0.01, death: 0.0012, selfRenewal: 0.011),
            "lung": TissueKinetics(returnRate: 0.0002, death: rate(halfLife: 30), selfRenewal: 0),
            "brain": TissueKinetics(returnRate: 0, death: 0.0012, selfRenewal: 0.0018),
        ],
        defaultTissue: TissueKinetics(returnRate: 0.0002, death: 0.0012, selfRenewal: 0.001 + differentiationRate),
        differentiation: [Differentiation(into: "mature", rate: differentiationRate)])

    /// A short-lived mature cell: most transferred cells, cleared from blood
    /// with a half-life of 2 days and dying in tissues with a half-life of 30
    /// days; it does not divide. It is trapped in the lung and released
    /// within a day (return 1 per day), cleared there as in blood, with the
    /// homing rate that gives `lungRetention` lung cells per blood cell.
    public static let mature = CellType(
        name: "mature", share: 0.95, bloodClearance: rate(halfLife: 2),
        homing: ["lung": lungRetention * (1 + rate(halfLife: 2))],
        tissue: ["lung": TissueKinetics(returnRate: 1, death: rate(halfLife: 2), selfRenewal: 0)],
        defaultTissue: TissueKinetics(returnRate: 0, death: rate(halfLife: 30), selfRenewal: 0))

    public static let cellTypes = [progenitor, mature]

    /// Fetus to mother: 71,400 blood-equivalent cells/day at term (285,600
    /// crossing, see `lungRetention`) holds about 40 fetal cells per mL of a
    /// 5 L blood volume, and the standard shape gives 4 cells/mL at weeks
    /// 13-24 (Krabchi 2001: 2-6 cells/mL at 18-22 weeks). Pulses are
    /// assumptions: the largest at delivery and after surgical termination
    /// (100,000 blood-equivalent cells), a tenth of it after medical
    /// termination or miscarriage.
    public static let fetalToMaternal = DirectionalTransfer(
        peakRate: 285_600,
        pulse: PulseSizes(liveBirth: 400_000, stillbirth: 400_000, miscarriage: 40_000,
                          surgicalTermination: 400_000, medicalTermination: 40_000))

    /// Mother to fetus: a tenth of the fetal-to-maternal rate (assumption:
    /// MMc is less frequent; Loubiere 2006 finds it in 39% of adult women).
    public static let maternalToFetal = DirectionalTransfer(
        peakRate: 28_560,
        pulse: PulseSizes(liveBirth: 40_000, stillbirth: 0, miscarriage: 0, surgicalTermination: 0, medicalTermination: 0))

    /// Exponent of the gestational-age scaling of the pulse after a
    /// miscarriage, a termination or a stillbirth (`PlacentalTransfer.endPulse`);
    /// 0 leaves every pulse at its nominal size (assumption, to be fitted).
    public static let pulseGrowth = 0.0

    /// Per-cell rate at term at which cells the mother carries cross to the
    /// fetus, per day (assumption).
    public static let carriedRate = 0.01

    /// Own cells per day a twin sends its co-twin at term (assumption: as
    /// mother to fetus).
    public static let twinRate = 28_560.0

    /// Maternal sensitisation: clearance and tissue death of a conceptus's
    /// cells in its mother are multiplied by this factor per earlier
    /// pregnancy of hers (see `BiologyCompiler.sensitisationFactors`). 1.2 is
    /// the smallest round factor that keeps fetal microchimerism in blood from
    /// rising with the number of births (Gammill et al. 2010: three sons give
    /// about 1.1 times one son's level at age 50, against 3.5 times without
    /// it); anti-paternal HLA antibodies become more frequent with every
    /// pregnancy (Triulzi et al. 2009, Transfusion 49:1825).
    public static let sensitisation = 1.2

    /// Cells per tissue of an adult (orders of magnitude after Bianconi et al.
    /// 2013, Ann Hum Biol 40:463, and Azevedo et al. 2009 for the brain;
    /// thyroid and kidney are assumptions).
    public static let tissueCells: [String: Double] = [
        "bone_marrow": 7.5e11, "liver": 2.4e11, "lung": 2.3e11, "brain": 1.7e11,
        "skin": 3.5e10, "kidney": 2e10, "thyroid": 1e10, "heart": 2e9,
    ]
}
