/// The independent solves of a `GeneratingPlan` and how their values combine.
extension GeneratingPlan {
    /// One independent solve of the plan.
    enum Solve: Sendable {
        /// The forward (cohort) pass of every `cohortTargets` entry.
        case forward
        /// The backward solve of one part's pieces (`terminals[part]`) for the output times `outputs`.
        case backward(part: Int, outputs: Range<Int>)
    }

    /// The value of one `Solve`.
    enum Solved: Sendable {
        /// `ln G` per output (rows) and cohort target (columns).
        case forward([[Double]])
        /// `ln G` of one part's pieces at the outputs `outputs`, flattened as
        /// `[(output − outputs.lowerBound) · pieces + piece]`.
        case backward(part: Int, outputs: Range<Int>, [Double])
    }

    /// The solves the plan needs: the forward pass if it has cohort targets, then
    /// each part with backward pieces, in part order, each split into the output
    /// ranges `split(part)` gives (ascending, together every output once). O(parts).
    func solves(split: (Int) -> [Range<Int>]) -> [Solve] {
        (cohortTargets.isEmpty ? [] : [.forward])
            + terminals.indices.filter { !terminals[$0].isEmpty }.flatMap { part in
                split(part).map { Solve.backward(part: part, outputs: $0) }
            }
    }

    /// `ln G` per output and target from the values of `solves` (any order):
    /// each target is the sum of its factors, taken in the plan's order, so the
    /// bits do not depend on the order the solves ran in. O(times·Σ factors).
    func combine(_ solved: [Solved], times: Int) -> [[Double]] {
        var forward: [[Double]] = []
        var backward = [[Double]](repeating: [], count: parts.members.count)
        for value in solved {
            switch value {
            case .forward(let f): forward = f
            case .backward(let part, let outputs, let values):
                let pieces = terminals[part].count
                if backward[part].isEmpty { backward[part] = [Double](repeating: 0, count: times * pieces) }
                backward[part].replaceSubrange((outputs.lowerBound * pieces)..<(outputs.upperBound * pieces), with: values)
            }
        }
        func value(_ source: Source, _ k: Int) -> Double {
            switch source {
            case .cohort(let c): return forward[k][c]
            case .backward(let part, let column): return backward[part][k * terminals[part].count + column]
            }
        }
        return (0..<times).map { k in
            factors.map { factors in
                guard let first = factors.first else { return 0 }
                return factors.dropFirst().reduce(value(first, k)) { $0 + value($1, k) }
            }
        }
    }
}
