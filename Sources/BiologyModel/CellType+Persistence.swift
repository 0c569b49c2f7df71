import Foundation

/// Persistence: the self-renewal of one tissue derived from how fast a type's
/// circulating cells decline once no more arrive.
///
/// The circulating cells of a type are those in blood and in every tissue
/// that both receives them (homing h_k > 0) and returns them (r_k > 0). With
/// blood's total exit `c = clearance + Σ_k h_k + δ` (every homing, and δ the
/// sum of the type's differentiation rates) and tissue k's net rate
/// `a_k = s_k − r_k − d_k − e_k − δ` (e_k the seeding of a niche in k, else 0), their mean generator is a star around blood;
/// it is Metzler and irreducible, so its growth rate (spectral abscissa) is
/// its Perron root λ, the unique root above `max a_k` of
///
///     f(λ) = λ + c − Σ_k h_k r_k / (λ − a_k) = 0,
///
/// on which f is increasing. Tissues that only receive (the brain, r = 0) or
/// only return do not exchange with blood and keep their own rates.
///
/// Asking tissue m to have persistence ρ (a decline at rate ρ, half-life
/// `ln 2 / ρ`) sets λ = −ρ and solves f for its net rate in closed form:
/// `a_m = λ − h_m r_m / R` with `R = λ + c − Σ_{k≠m} h_k r_k / (λ − a_k)`,
/// hence `s_m = a_m + r_m + d_m + δ`. It is the rates of a host without an
/// immune factor (`ImmuneFactor` and sensitisation multiply clearance and
/// death afterwards) and before a cohort's or a population's multipliers,
/// so that a woman who clears faster also loses her cells faster. Cost:
/// O(tissues).
extension CellType {
    /// Why a type's persistence cannot be met, in the tissue that asks for it.
    public struct PersistenceProblem: Error, Hashable, Sendable {
        /// The tissue whose `persistence` is at fault (`default` for the type's default kinetics).
        public var tissue: String
        /// What is wrong and how to fix it.
        public var message: String
    }

    /// The growth rate per day of the type's circulating cells (blood and
    /// the tissues that exchange cells with it) at its current rates: the
    /// Perron root of their mean generator, negative when they decline.
    /// Bisection on f to a relative width of 1e-15. O(tissues) per step.
    public func circulatingGrowthRate(tissues: [String]) -> Double {
        let star = exchange(tissues: tissues)
        return star.perronRoot()
    }

    /// This type with the self-renewal of the tissue that sets `persistence`
    /// derived from it (unchanged if none does).
    ///
    /// - Throws: `PersistenceProblem` when `persistence` is set in the
    ///   default kinetics or in several tissues, when the tissue does not
    ///   exchange cells with blood, or when no self-renewal of at least zero
    ///   gives that decline.
    public func resolvingPersistence(tissues: [String]) throws(PersistenceProblem) -> CellType {
        if defaultTissue.persistence != nil {
            throw PersistenceProblem(tissue: "default", message: "persistence belongs to the one tissue whose self-renewal "
                + "it sets (e.g. bone_marrow), not to 'default'")
        }
        let carriers = tissues.filter { tissue[$0]?.persistence != nil }
        guard let m = carriers.first, let rho = tissue[m]?.persistence else { return self }
        if carriers.count > 1 {
            throw PersistenceProblem(tissue: carriers[1], message: "persistence is set in \(carriers.joined(separator: " and ")); "
                + "set it in one tissue only: it fixes that tissue's self-renewal")
        }
        let star = exchange(tissues: tissues)
        guard let target = star.members.firstIndex(where: { $0.name == m }) else {
            throw PersistenceProblem(tissue: m, message: "persistence through '\(m)' needs cells to home into it and to return "
                + "from it to blood (both rates above zero) for '\(name)'; give both or set self_renewal instead")
        }
        let lambda = -rho
        var others = 0.0
        for (k, member) in star.members.enumerated() where k != target {
            let gap = lambda - member.net
            guard gap > 0 else {
                throw PersistenceProblem(tissue: m, message: "'\(member.name)' alone keeps '\(name)' cells longer than this: its net "
                    + "rate \(Self.format(member.net))/day is above −\(Self.format(rho))/day; ask for a longer half-life or lower "
                    + "self-renewal in '\(member.name)'")
            }
            others += member.homing * member.returnRate / gap
        }
        let rest = lambda + star.bloodExit - others
        let k = tissue[m]!
        let selfRenewal = rest > 0
            ? lambda - star.members[target].homing * star.members[target].returnRate / rest + k.returnRate + k.death + seeding(in: m)
                + star.differentiation
            : -Double.infinity
        guard selfRenewal >= 0, selfRenewal.isFinite else {
            var zero = star
            zero.members[target].net = -(k.returnRate + k.death + seeding(in: m) + star.differentiation)
            let slowest = log(2) / -zero.perronRoot()
            throw PersistenceProblem(tissue: m, message: "even without self-renewal in '\(m)' the circulating '\(name)' cells decline "
                + "with a half-life of \(Self.format(slowest / 365.25)) years, no faster: ask for a half-life at least that long, "
                + "or raise clearance or death")
        }
        var resolved = self
        resolved.tissue[m]!.selfRenewal = selfRenewal
        return resolved
    }

    /// Blood and the tissues exchanging cells with it.
    private func exchange(tissues: [String]) -> Star {
        let delta = differentiation.reduce(0) { $0 + $1.rate }
        let homingTotal = tissues.reduce(0) { $0 + (homing[$1] ?? 0) }
        var members: [Star.Member] = []
        for t in tissues {
            let h = homing[t] ?? 0, k = kinetics(in: t)
            guard h > 0, k.returnRate > 0 else { continue }
            members.append(.init(name: t, homing: h, returnRate: k.returnRate,
                                 net: k.selfRenewal - k.returnRate - k.death - seeding(in: t) - delta))
        }
        return Star(bloodExit: bloodClearance + homingTotal + delta, differentiation: delta, members: members)
    }

    /// The per-cell rate of leaving tissue `t` into the type's niche (0 without a niche there): a loss like death.
    private func seeding(in t: String) -> Double { niche.map { $0.tissue == t ? $0.seeding : 0 } ?? 0 }

    private static func format(_ x: Double) -> String { String(format: "%.4g", x) }
}

/// The circulating compartments of one type: blood at the centre, tissues around it.
private struct Star {
    struct Member {
        var name: String
        var homing: Double
        var returnRate: Double
        /// Division minus every loss inside the tissue, per day.
        var net: Double
    }

    var bloodExit: Double
    var differentiation: Double
    var members: [Member]

    /// f(λ) of the secular equation, increasing above every member's net rate.
    func secular(_ lambda: Double) -> Double {
        members.reduce(lambda + bloodExit) { $0 - $1.homing * $1.returnRate / (lambda - $1.net) }
    }

    /// The root of `secular` above every member's net rate, by bisection.
    func perronRoot() -> Double {
        guard let top = members.map(\.net).max() else { return -bloodExit }
        var low = top, step = max(1e-12, abs(top), bloodExit)
        var high = top + step
        while secular(high) <= 0 { step *= 2; high = top + step }
        for _ in 0..<200 {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { break }
            if secular(mid) > 0 { high = mid } else { low = mid }
        }
        return low + (high - low) / 2
    }
}
