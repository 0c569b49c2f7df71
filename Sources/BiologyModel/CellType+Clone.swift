/// Where the clone of a type's niche has its cells.
extension CellType {
    /// The mean number of cells of an established, accepted clone of this
    /// type's niche in the whole of `compartment` (0 without a niche).
    ///
    /// In blood `Niche.bloodCells`, in the niche's tissue `Niche.tissueCells`.
    /// In another tissue k the clone's blood cells B home at `s·h_k` per cell
    /// and day (s = `Niche.tissueSupply`, h_k the type's homing to k) and
    /// leave it at the net rate `λ_k = r_k + d_k + Σ differentiation − ρ_k`
    /// (return, death, differentiation out, minus self-renewal; the host's
    /// immune factor does not apply, the clone being accepted). With the
    /// clone's blood level held constant, the tissue's clone cells obey
    /// `n' = s·h_k·B − λ_k·n`, whose steady state `s·h_k·B/λ_k` is taken at
    /// once, as the clone itself is established at once; a tissue where the
    /// type does not decline (`λ_k ≤ 0`: no steady state) gets none. O(1)
    /// plus the type's differentiations.
    public func cloneCells(in compartment: String) -> Double {
        guard let niche else { return 0 }
        if compartment == BiologyDefaults.blood { return niche.bloodCells }
        if compartment == niche.tissue { return niche.tissueCells }
        let inflow = niche.tissueSupply * (homing[compartment] ?? 0) * niche.bloodCells
        guard inflow > 0 else { return 0 }
        let k = kinetics(in: compartment)
        let net = k.returnRate + k.death + differentiation.reduce(0) { $0 + $1.rate } - k.selfRenewal
        return net > 0 ? inflow / net : 0
    }
}
