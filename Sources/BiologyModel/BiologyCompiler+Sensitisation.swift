import Foundation

/// Maternal sensitisation: later pregnancies' cells are cleared faster.
///
/// Anti-paternal HLA antibodies become more frequent with every pregnancy
/// (Triulzi et al. 2009, Transfusion 49:1825), and fetal microchimerism does
/// not rise with the number of births (Gammill et al. 2010, Blood 116:2706),
/// although every birth adds cells. The compiler models this as a clearance
/// factor: the cells of a conceptus inside its own mother have clearance from
/// blood and death in tissues multiplied by `sensitisation^k`, where `k`
/// counts her pregnancies (any outcome) that ended before this one was
/// conceived. Co-twins share `k`; cells already in her (earlier children,
/// her own mother's) are not affected, nor are cells in other hosts. The
/// factor multiplies any `immunity:` factor of the same pair. It keeps the
/// model linear: each origin has its own constant rates.
extension BiologyCompiler {
    /// `sensitisation^k` for every (mother, conceptus) pair with `k ≥ 1`;
    /// pairs not listed have factor 1.
    static func sensitisationFactors(_ s: BiologyScenario) -> [ImmunePair: Double] {
        guard s.sensitisation != 1 else { return [:] }
        var factors: [ImmunePair: Double] = [:]
        for p in s.pregnancies {
            let earlier = s.pregnancies.filter { $0.mother == p.mother && $0.end <= p.start }.count
            guard earlier > 0 else { continue }
            let factor = pow(s.sensitisation, Double(earlier))
            for child in p.children { factors[ImmunePair(host: p.mother, origin: child.name)] = factor }
        }
        return factors
    }
}

/// A (host, origin) pair: whose immune system meets whose cells.
struct ImmunePair: Hashable {
    var host: String
    var origin: String
}
