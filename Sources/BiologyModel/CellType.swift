/// A kind of transferred cell with its own kinetics in every host.
///
/// Per cell and per day, while in a host:
/// - in blood: cleared at `bloodClearance`, homes to tissue `k` at `homing[k]`;
/// - in tissue `k`: returns to blood at `tissue[k].returnRate`, dies at
///   `tissue[k].death`, divides at `tissue[k].selfRenewal`;
/// - anywhere: turns into another type at each `differentiation` rate.
/// Clearance and death are multiplied by the host-origin `ImmuneFactor`.
public struct CellType: Sendable, Hashable {
    public var name: String
    /// Fraction of the cells crossing the placenta (or given by a source
    /// without an explicit split) that are of this type; the shares of all
    /// types sum to 1.
    public var share: Double
    /// Per-cell clearance rate from blood, per day.
    public var bloodClearance: Double
    /// Per-cell homing rate from blood to each tissue, per day (absent = 0).
    public var homing: [String: Double]
    /// Kinetics inside each tissue (absent = `TissueKinetics.default`).
    public var tissue: [String: TissueKinetics]
    /// Default kinetics in tissues not listed in `tissue`.
    public var defaultTissue: TissueKinetics
    /// Differentiation into other types, in every compartment.
    public var differentiation: [Differentiation]
    /// The type's niche (nil: none), see `Niche`.
    public var niche: Niche?

    public init(
        name: String, share: Double, bloodClearance: Double, homing: [String: Double] = [:],
        tissue: [String: TissueKinetics] = [:], defaultTissue: TissueKinetics = TissueKinetics(),
        differentiation: [Differentiation] = [], niche: Niche? = nil
    ) {
        self.name = name
        self.share = share
        self.bloodClearance = bloodClearance
        self.homing = homing
        self.tissue = tissue
        self.defaultTissue = defaultTissue
        self.differentiation = differentiation
        self.niche = niche
    }

    /// The kinetics of this type in `tissue`.
    public func kinetics(in tissueName: String) -> TissueKinetics {
        tissue[tissueName] ?? defaultTissue
    }
}

/// Per-cell rates of one cell type inside one tissue, per day.
public struct TissueKinetics: Sendable, Hashable {
    /// Rate of leaving the tissue back into blood.
    public var returnRate: Double
    /// Rate of dying (or being cleared) in the tissue.
    public var death: Double
    /// Rate of dividing into two cells of the same type.
    public var selfRenewal: Double
    /// When set, the rate at which this type's circulating cells decline once
    /// no more arrive (per day, `ln 2 / half-life`), and `selfRenewal` here is
    /// derived from it (`CellType.resolvingPersistence(tissues:)`); nil:
    /// `selfRenewal` is as given.
    public var persistence: Double?

    public init(returnRate: Double = 0, death: Double = 0, selfRenewal: Double = 0, persistence: Double? = nil) {
        self.returnRate = returnRate
        self.death = death
        self.selfRenewal = selfRenewal
        self.persistence = persistence
    }
}

/// A cell of one type turning into another type at a per-cell rate.
public struct Differentiation: Sendable, Hashable {
    /// Name of the type it becomes.
    public var into: String
    /// Per-cell rate, per day.
    public var rate: Double

    public init(into: String, rate: Double) {
        self.into = into
        self.rate = rate
    }
}
