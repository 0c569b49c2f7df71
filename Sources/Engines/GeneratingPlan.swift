/// How `MomentsEngine` evaluates a list of generating-function targets: which
/// pieces go to the forward (cohort) pass and which to the backward solve of
/// which part, each distinct piece once.
///
/// The network splits into independent parts (`NetworkParts`), over which
/// `G_S` factorises. A target whose parts never divide is evaluated whole by
/// the forward pass; otherwise each piece `S ∩ part` of a dividing part is a
/// column of that part's backward solve (terminal vector `(1 − s)·1_{S∩part}`
/// in the part's local indices, 1 on its forced-empty compartments) and each piece of a division-free part goes to
/// the forward pass. `method` forces one path (see `MomentsEngine.ExtinctionMethod`).
/// Complexity: O(Σ_targets |S|·(parts touched)) to build.
struct GeneratingPlan {
    /// Where one factor of a target's value comes from.
    enum Source {
        /// Column of the forward (cohort) pass.
        case cohort(Int)
        /// Column of the backward solve of a part.
        case backward(part: Int, column: Int)
    }

    let parts: NetworkParts
    /// The factors of each target (empty: `G = 1`, an empty set or s = 1).
    private(set) var factors: [[Source]] = []
    /// The forward pass's targets.
    private(set) var cohortTargets: [GeneratingTarget] = []
    /// Per part, the terminal vectors of its backward columns (empty: no backward solve).
    private(set) var terminals: [[[Double]]]

    init(targets: [GeneratingTarget], parts: NetworkParts, method: MomentsEngine.ExtinctionMethod?) {
        self.parts = parts
        terminals = [[[Double]]](repeating: [], count: parts.members.count)
        var cohortIndex: [GeneratingTarget: Int] = [:]
        var backwardIndex = [[GeneratingTarget: Int]](repeating: [:], count: parts.members.count)
        for target in targets {
            if target.isTrivial {
                factors.append([])
                continue
            }
            let touched = parts.parts(touching: target.touched)
            if method == .cohorts || (method == nil && !touched.contains { parts.divides[$0] }) {
                factors.append([cohort(target, index: &cohortIndex)])
                continue
            }
            factors.append(touched.map { part in
                let piece = touched.count == 1 ? target
                    : GeneratingTarget(compartments: target.compartments.filter { parts.label[$0] == part }, argument: target.argument,
                                       empty: target.empty.filter { parts.label[$0] == part })
                return method == nil && !parts.divides[part] ? cohort(piece, index: &cohortIndex)
                    : backward(piece, part: part, index: &backwardIndex[part])
            })
        }
    }

    private mutating func cohort(_ target: GeneratingTarget, index: inout [GeneratingTarget: Int]) -> Source {
        if let c = index[target] { return .cohort(c) }
        index[target] = cohortTargets.count
        cohortTargets.append(target)
        return .cohort(cohortTargets.count - 1)
    }

    private mutating func backward(_ piece: GeneratingTarget, part: Int, index: inout [GeneratingTarget: Int]) -> Source {
        if let c = index[piece] { return .backward(part: part, column: c) }
        let members = parts.members[part]
        var column = [Double](repeating: 0, count: members.count)
        var a = 0
        for i in piece.compartments { // both ascending
            while members[a] != i { a += 1 }
            column[a] = 1 - piece.argument
        }
        a = 0
        for i in piece.empty { // argument 0: p = 1 at the end
            while members[a] != i { a += 1 }
            column[a] = 1
        }
        index[piece] = terminals[part].count
        terminals[part].append(column)
        return .backward(part: part, column: terminals[part].count - 1)
    }
}
