/// How cells cross the placenta during a pregnancy, in both directions.
///
/// Every rate below is multiplied by the gestational-age shape `shape`, a
/// step function of the week of gestation whose level is 1 at term. With
/// `s(g)` the shape at gestational age `g` and `p_t` the share of type `t`:
/// - fetus → mother: a Poisson inflow of `fetalToMaternal.peakRate·s(g)·p_t`
///   cells per day into the mother's blood, per fetus;
/// - mother → fetus: `maternalToFetal.peakRate·s(g)·p_t` of the mother's own
///   cells per day into each live-born fetus's blood;
/// - cells the mother carries from other origins (her mother, earlier
///   children, donors) cross to each live-born fetus at the per-cell rate
///   `carriedRate·s(g)` per day;
/// - co-twins send each other their own cells at `twinRate·s(g)·p_t` per day.
/// At the end of a pregnancy the mother receives a pulse of fetal cells
/// (`fetalToMaternal.pulse` for its outcome, scaled by gestational age as
/// `endPulse` says) and a live-born child a pulse of maternal cells
/// (`maternalToFetal.pulse`).
public struct PlacentalTransfer: Sendable, Hashable {
    public var shape: GestationalShape
    public var fetalToMaternal: DirectionalTransfer
    public var maternalToFetal: DirectionalTransfer
    /// Per-cell rate at term at which carried cells cross to the fetus, per day.
    public var carriedRate: Double
    /// Own cells per day a twin sends its co-twin at term.
    public var twinRate: Double
    /// Exponent `γ` of the gestational-age scaling of the pulse after a
    /// pregnancy that is not a live birth (0: no scaling).
    public var pulseGrowth: Double

    public init(
        shape: GestationalShape = .standard,
        fetalToMaternal: DirectionalTransfer = BiologyDefaults.fetalToMaternal,
        maternalToFetal: DirectionalTransfer = BiologyDefaults.maternalToFetal,
        carriedRate: Double = BiologyDefaults.carriedRate,
        twinRate: Double = BiologyDefaults.twinRate,
        pulseGrowth: Double = BiologyDefaults.pulseGrowth
    ) {
        self.shape = shape
        self.fetalToMaternal = fetalToMaternal
        self.maternalToFetal = maternalToFetal
        self.carriedRate = carriedRate
        self.twinRate = twinRate
        self.pulseGrowth = pulseGrowth
    }
}

/// Transfer in one direction: the rate at term and the end-of-pregnancy pulses.
public struct DirectionalTransfer: Sendable, Hashable {
    /// Cells per day at shape level 1.
    public var peakRate: Double
    /// Cells released at the end of a pregnancy, by outcome.
    public var pulse: PulseSizes

    public init(peakRate: Double, pulse: PulseSizes) {
        self.peakRate = peakRate
        self.pulse = pulse
    }
}

/// Cells released at the end of a pregnancy, by how it ends.
public struct PulseSizes: Sendable, Hashable {
    public var liveBirth: Int
    public var stillbirth: Int
    public var miscarriage: Int
    public var surgicalTermination: Int
    public var medicalTermination: Int

    public init(liveBirth: Int, stillbirth: Int, miscarriage: Int, surgicalTermination: Int, medicalTermination: Int) {
        self.liveBirth = liveBirth
        self.stillbirth = stillbirth
        self.miscarriage = miscarriage
        self.surgicalTermination = surgicalTermination
        self.medicalTermination = medicalTermination
    }

    /// The pulse for `outcome`.
    public func cells(for outcome: PregnancyOutcome) -> Int {
        switch outcome {
        case .liveBirth: liveBirth
        case .stillbirth: stillbirth
        case .miscarriage: miscarriage
        case .termination(.surgical): surgicalTermination
        case .termination(.medical): medicalTermination
        }
    }
}

/// The relative transfer rate as a step function of gestational age.
///
/// `steps[k]` holds from `steps[k].from` (days of gestation) until the next
/// step's `from`; the last step holds until the pregnancy ends; before the
/// first step the level is 0. Levels are relative to term (1).
public struct GestationalShape: Sendable, Hashable {
    public struct Step: Sendable, Hashable {
        /// Gestational age at which this level starts, in days.
        public var from: Double
        /// Relative level (≥ 0).
        public var level: Double
        public init(from: Double, level: Double) {
            self.from = from
            self.level = level
        }
    }

    /// Steps sorted by `from`.
    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps.sorted { $0.from < $1.from } }

    /// The documented default: nothing before week 6, low in the first
    /// trimester, a plateau over weeks 13-24 whose level relative to term is
    /// fitted (`BiologyDefaults.Calibrated`, from Krabchi et al. 2001 against
    /// the term and early-gestation studies), then 1/4 from week 24, 1/2 from
    /// week 32 and 1 from week 36 (assumptions after Ariga et al. 2001:
    /// highest in the last weeks before delivery). First trimester: 1/80.
    public static let standard = GestationalShape(steps: [
        Step(from: 6 * 7, level: 0.0125),
        Step(from: 13 * 7, level: BiologyDefaults.Calibrated.transferShape1Level),
        Step(from: 24 * 7, level: 0.25),
        Step(from: 32 * 7, level: 0.5),
        Step(from: 36 * 7, level: 1),
    ])

    /// The level at gestational age `age` (days).
    public func level(at age: Double) -> Double {
        steps.last { $0.from <= age }?.level ?? 0
    }

    /// The constant pieces `[start, end)` (days of gestation) inside a
    /// pregnancy of `length` days, with their levels; pieces of level 0 are left out.
    public func pieces(length: Double) -> [(start: Double, end: Double, level: Double)] {
        var result: [(start: Double, end: Double, level: Double)] = []
        for (k, step) in steps.enumerated() where step.level > 0 && step.from < length {
            let end = k + 1 < steps.count ? min(steps[k + 1].from, length) : length
            if step.from < end { result.append((step.from, end, step.level)) }
        }
        return result
    }
}
