import Foundation

/// A niche in a tissue where single cells of a type found a clone whose size
/// the niche sets, whatever the number of founders.
///
/// Every cell of the type in `tissue` enters the niche at the per-cell rate
/// `seeding` (per day). The niche is an absorbing compartment of the network
/// (`host/origin/type/niche`): its count is the number of founders, so the
/// network stays linear and every engine simulates it exactly. A host whose
/// niche of origin o holds at least one founder carries an established clone
/// of o: the number of its cells in her whole blood is Poisson with mean
/// `bloodCells` at any time, independently of everything else, and in the
/// whole of `tissue` Poisson with mean `tissueCells`. The clone's cells are
/// not simulated; only assays see them: an assay of blood with counting
/// probability θ adds Poisson(θ·`bloodCells`) seen cells per occupied niche
/// of an origin and type it sees (`CompiledAssay.clones`). Establishment is
/// instant and the clone never ends.
///
/// Not every host takes every origin's clone: with probability `acceptance`
/// a host's niche accepts the cells of a given origin (independently for each
/// origin and type, as a match between the host and that origin would be),
/// and only an accepting niche keeps a clone. The founders are counted either
/// way (the niche compartment), so the network is unchanged; the assays see
/// an occupied niche's clone with probability `acceptance`, which every
/// engine integrates exactly (`CloneDetection`). With acceptance `a`, the
/// chance of a clone saturates at `a` however many cells arrive.
///
/// A niche may instead be `shared` by every origin in a host: the host's
/// niche of the type is permissive with probability `acceptance`, once for
/// all origins, and a permissive niche holds one clone of the same size
/// whatever the number of origins that founded it, split equally among them
/// (each of the m origins with a founder has 1/m of its cells). More
/// pregnancies then do not raise the clone, and each new origin that founds
/// it dilutes the earlier ones (`SharedNicheClone`).
///
/// The clone's blood cells may also supply the other tissues
/// (`tissueSupply`, `CellType.cloneCells(in:)`): they home there at
/// `tissueSupply` times the type's homing rates and live there with the
/// type's kinetics, so an organ holds the clone's steady state.
public struct Niche: Sendable, Hashable {
    /// The tissue the niche is in (and whose cells found it).
    public var tissue: String
    /// Per-cell rate at which a cell of the type in `tissue` founds the niche, per day.
    public var seeding: Double
    /// Mean number of the clone's cells in the host's whole blood.
    public var bloodCells: Double
    /// Mean number of the clone's cells in the whole of `tissue` (0: only blood sees the clone).
    public var tissueCells: Double
    /// Probability that a host's niche accepts one origin's cells (0...1; 1: every host).
    public var acceptance: Double
    /// Multiple of the type's homing rates at which the clone's blood cells
    /// home to tissues other than the niche's (0: the clone stays in blood
    /// and the niche's tissue).
    public var tissueSupply: Double
    /// Whether every origin in a host shares one niche (and one acceptance)
    /// of the type, rather than each origin founding and being accepted in a
    /// niche of its own.
    public var shared: Bool

    public init(tissue: String = "bone_marrow", seeding: Double, bloodCells: Double, tissueCells: Double = 0, acceptance: Double = 1,
                tissueSupply: Double = 0, shared: Bool = false) {
        self.tissue = tissue
        self.seeding = seeding
        self.bloodCells = bloodCells
        self.tissueCells = tissueCells
        self.acceptance = acceptance
        self.tissueSupply = tissueSupply
        self.shared = shared
    }
}

/// The clone of one occupied niche as one assay sees it.
public struct NicheClone: Sendable, Hashable {
    /// The origin whose cells founded the niche.
    public var origin: String
    /// The network compartment of the niche (its founders).
    public var niche: Int
    /// The assay's counted compartments of the same origin (`C_o`).
    public var counted: [Int]
    /// `μ`: the mean number of the clone's cells the assay counts when the
    /// niche is occupied and accepts (θ times the clone's mean cells in the sampled compartment).
    public var meanSeen: Double
    /// The probability that the host's niche accepts the origin (`Niche.acceptance`).
    public var acceptance: Double

    public init(origin: String, niche: Int, counted: [Int], meanSeen: Double, acceptance: Double = 1) {
        self.origin = origin
        self.niche = niche
        self.counted = counted
        self.meanSeen = meanSeen
        self.acceptance = acceptance
    }

    /// `P(the clone adds at least one counted cell | niche occupied) = a·(1 − e^{−μ})`.
    public var pSeen: Double { acceptance * -expm1(-meanSeen) }

    /// `E[e^{−μ·1[accepted]}] = 1 − a·(1 − e^{−μ})`: the chance that an occupied
    /// niche's clone adds no counted cell (`e^{−μ}` exactly when a = 1).
    public var pUnseen: Double { acceptance == 1 ? exp(-meanSeen) : 1 - pSeen }
}
