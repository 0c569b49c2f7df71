import Foundation

/// The end-of-pregnancy pulse scaled by gestational age.
extension PlacentalTransfer {
    /// The gestational age (days) at which an outcome's pulse has its
    /// nominal size: 10 weeks for a miscarriage or a termination, 32 weeks
    /// for a stillbirth; `nil` for a live birth, whose pulse is not scaled.
    public static func pulseReferenceAge(_ outcome: PregnancyOutcome) -> Double? {
        switch outcome {
        case .liveBirth: nil
        case .stillbirth: 32 * 7
        case .miscarriage, .termination: 10 * 7
        }
    }

    /// The largest pulse a scaling gives: 2^53, the largest exact whole number of cells.
    static let maximumPulse = 9_007_199_254_740_992.0

    /// Cells `direction` releases at the end of pregnancy `p`.
    ///
    /// The pregnancy's own `pulse` if it has one; otherwise the outcome's
    /// pulse `P_o` scaled by the gestational age `g` at which transfer
    /// stopped (`Pregnancy.transferEnd`: the end, or the fetal demise):
    /// `round(P_o·(g / g_ref)^γ)` with `γ = pulseGrowth` and `g_ref` from
    /// `pulseReferenceAge` (a live birth is never scaled), at most 2^53. O(1).
    public func endPulse(_ p: Pregnancy, _ direction: DirectionalTransfer) -> Int {
        if let pulse = p.pulse { return pulse }
        let nominal = direction.pulse.cells(for: p.outcome)
        guard pulseGrowth != 0, nominal > 0, let reference = Self.pulseReferenceAge(p.outcome) else { return nominal }
        return Int(min((Double(nominal) * pow(p.transferEnd / reference, pulseGrowth)).rounded(), Self.maximumPulse))
    }
}
