import Foundation

/// The clone of a niche that every origin in a host shares (`Niche.shared`),
/// as one assay sees it.
///
/// Each member is an origin the host carries, with its founders' compartment
/// `h/o/t/niche`. With m members holding at least one founder, of which s are
/// origins the assay sees, a permissive niche (probability `acceptance`, once
/// per host) adds Poisson(μ·s/m) counted cells, μ = `meanSeen`; a niche no
/// origin founded adds none. Integrated over acceptance, the clone leaves
/// nothing seen with probability
///
///     V(m, s) = 1 − a·(1 − e^{−μ·s/m})   (V = 1 when m = 0 or s = 0),
///
/// and adds `a·μ·s/m` counted cells on average.
public struct SharedNicheClone: Sendable, Hashable {
    /// One origin of the host that may found the niche.
    public struct Member: Sendable, Hashable {
        /// The origin.
        public var origin: String
        /// The network compartment of the origin's founders.
        public var niche: Int
        /// Whether the assay's marker sees the origin (its share of the clone is counted).
        public var seen: Bool
        /// The assay's counted compartments of the origin (`C_o`; empty when not seen).
        public var counted: [Int]

        public init(origin: String, niche: Int, seen: Bool, counted: [Int]) {
            self.origin = origin
            self.niche = niche
            self.seen = seen
            self.counted = counted
        }
    }

    /// The host's origins with a founders' compartment of the niche's type, in origin order.
    public var members: [Member]
    /// `μ`: θ times the whole clone's mean cells in the sampled compartment.
    public var meanSeen: Double
    /// The probability that the host's niche is permissive (`Niche.acceptance`).
    public var acceptance: Double

    public init(members: [Member], meanSeen: Double, acceptance: Double) {
        self.members = members
        self.meanSeen = meanSeen
        self.acceptance = acceptance
    }

    /// The mean counted cells of the seen origins' share when `occupied`
    /// members hold founders and `seen` of them are seen: `μ·s/m` (0 when m = 0).
    public func meanSeen(occupied m: Int, seen s: Int) -> Double {
        m == 0 ? 0 : meanSeen * Double(s) / Double(m)
    }

    /// `V(m, s) = 1 − a·(1 − e^{−μ·s/m})`: the chance that the clone adds no
    /// counted cell given the members' occupancy (`e^{−μ s/m}` when a = 1).
    public func pUnseen(occupied m: Int, seen s: Int) -> Double {
        let mu = meanSeen(occupied: m, seen: s)
        return acceptance == 1 ? exp(-mu) : 1 + acceptance * expm1(-mu)
    }
}
