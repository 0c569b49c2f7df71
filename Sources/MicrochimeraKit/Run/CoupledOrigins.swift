import BiologyModel
import Engines
import Foundation

/// The factor of `P(nothing seen)` for the origins of a host that shared
/// niches couple (`SharedNicheClone`): they are independent parts of the
/// network, but a shared clone's visible share depends on how many of them
/// founded it.
///
/// For each member origin o and each set P of its shared niches, the pattern
/// "exactly P occupied" has the weight
///
///     w_o(P) = E[(1 − θ)^{X_{C_o}} · Π_{j ∈ J_o} u_j^{1[N_j > 0]} · 1[occupied shared niches of o = P]]
///
/// (J_o its own niches the assay sees, u_j as in `NicheClone.pUnseen`),
/// expanded into generating functions with niches forced empty: each own
/// niche by `u^{1[N>0]} = u + (1 − u)·1[N = 0]`, and "exactly P" by
/// inclusion–exclusion, `1[N_j > 0 ∀j ∈ P] = Σ_{U ⊆ P} (−1)^{|U|} 1[N_j = 0 ∀j ∈ U]`.
/// The origins are independent, so with every shared niche g's count of
/// occupying members m_g and of seen ones s_g,
///
///     factor = Σ over the origins' patterns Π_o w_o(P_o) · Π_g V_g(m_g, s_g),
///
/// summed by dynamic programming over the origins with the state (m_g, s_g)
/// for every g. Cost per evaluation: O(origins · states · 2^{|P|}), states
/// at most Π_g (members_g + 1)²; targets per origin 2^{|J_o|}·3^{|M_o|}.
struct CoupledOrigins {
    /// One occupancy pattern of one origin.
    struct Pattern {
        /// Indices (into `groups`) of the shared niches the origin occupies.
        var occupies: [Int]
        /// The subset of `occupies` whose clone share the assay sees.
        var seenIn: [Int]
        /// Signed weights and targets whose sum is the pattern's `w_o(P)`.
        var terms: [CloneDetection.Term]
    }

    /// The shared niches of the assay.
    let groups: [SharedNicheClone]
    /// Per coupled origin, its patterns.
    private(set) var origins: [[Pattern]] = []

    /// The patterns of every origin that is a member of one of `groups`;
    /// `own` are the assay's own-niche clones, `add` registers a target and
    /// returns its index.
    init(groups: [SharedNicheClone], own: [NicheClone], argument: Double, add: (GeneratingTarget) -> Int) {
        self.groups = groups
        for origin in Self.origins(of: groups) {
            let memberships = groups.indices.compactMap { g in groups[g].members.first { $0.origin == origin }.map { (g, $0) } }
            let counted = memberships.first { $0.1.seen }?.1.counted ?? []
            let clones = own.filter { $0.origin == origin }
            var patterns: [Pattern] = []
            for occupied in 0..<(1 << memberships.count) {
                let inP = memberships.indices.filter { occupied & (1 << $0) != 0 }
                let emptyShared = memberships.indices.filter { occupied & (1 << $0) == 0 }.map { memberships[$0].1.niche }
                var terms: [CloneDetection.Term] = []
                for own in CloneDetection.expansion(of: clones) {
                    for u in 0..<(1 << inP.count) {
                        let forced = inP.indices.filter { u & (1 << $0) != 0 }.map { memberships[inP[$0]].1.niche }
                        let sign = forced.count.isMultiple(of: 2) ? 1.0 : -1.0
                        terms.append((sign * own.weight,
                                      add(GeneratingTarget(compartments: counted, argument: argument, empty: emptyShared + own.empty + forced))))
                    }
                }
                patterns.append(Pattern(occupies: inP.map { memberships[$0].0 },
                                        seenIn: inP.filter { memberships[$0].1.seen }.map { memberships[$0].0 }, terms: terms))
            }
            origins.append(patterns)
        }
    }

    /// The origins that are members of any of `groups`, sorted.
    static func origins(of groups: [SharedNicheClone]) -> [String] {
        Set(groups.flatMap { $0.members.map(\.origin) }).sorted()
    }

    /// The factor from the targets' values `g` (not logarithms). A pattern
    /// weight that rounding makes negative counts as 0.
    func value(_ g: [Double]) -> Double {
        var states: [[Int]: Double] = [Array(repeating: 0, count: 2 * groups.count): 1]
        for patterns in origins {
            var next: [[Int]: Double] = [:]
            for pattern in patterns {
                let w = max(0, pattern.terms.reduce(0) { $0 + $1.weight * g[$1.target] })
                guard w > 0 else { continue }
                for (state, value) in Self.ordered(states) {
                    var moved = state
                    for k in pattern.occupies { moved[2 * k] += 1 }
                    for k in pattern.seenIn { moved[2 * k + 1] += 1 }
                    next[moved, default: 0] += value * w
                }
            }
            states = next
        }
        return Self.ordered(states).reduce(0) { total, entry in
            total + entry.value * groups.indices.reduce(1) { $0 * groups[$1].pUnseen(occupied: entry.key[2 * $1], seen: entry.key[2 * $1 + 1]) }
        }
    }

    /// `E[a·μ·s/m]` of one shared niche from its members' chances of holding
    /// no founder `empty[i]` (independent origins): dynamic programming over
    /// the members with the state (m, s). O(members³).
    static func meanSeen(_ group: SharedNicheClone, empty: [Double]) -> Double {
        var law: [[Int]: Double] = [[0, 0]: 1]
        for (member, pEmpty) in zip(group.members, empty) {
            var next: [[Int]: Double] = [:]
            for (state, p) in ordered(law) {
                next[state, default: 0] += p * pEmpty
                next[[state[0] + 1, state[1] + (member.seen ? 1 : 0)], default: 0] += p * (1 - pEmpty)
            }
            law = next
        }
        return group.acceptance * ordered(law).reduce(0) { $0 + $1.value * group.meanSeen(occupied: $1.key[0], seen: $1.key[1]) }
    }

    /// A state law's entries in ascending (lexicographic) order of state: a
    /// dictionary's own order changes from one process to the next (seeded
    /// hashing), and sums taken in it would change the last digits with it.
    static func ordered(_ law: [[Int]: Double]) -> [(key: [Int], value: Double)] {
        law.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }
}
