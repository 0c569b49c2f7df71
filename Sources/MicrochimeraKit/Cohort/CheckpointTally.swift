import Reporting

/// A cohort's carriage at each woman's own checkpoints: for every reported
/// series and checkpoint, how many women have the series, how many of them
/// reach the checkpoint inside the horizon, and how many carry cells then.
///
/// The checkpoints of a woman's series count from the end of the last
/// transfer of its cells in her family (`SummaryCheckpoints`), so each woman
/// is looked at the same time after her own pregnancies. Tallies of disjoint
/// sets of women add exactly.
struct CheckpointTally: Sendable, Equatable {
    let seriesCount: Int
    /// Women whose family has series `s`.
    private(set) var women: [Int]
    /// Index `s * checkpoints + c`: women whose checkpoint `c` of series `s` lies inside the horizon.
    private(set) var eligible: [Int]
    /// Index `s * checkpoints + c`: of those, women with cells of the series then.
    private(set) var present: [Int]

    static var checkpoints: Int { SummaryCSV.checkpointYears.count }

    init(seriesCount: Int) {
        self.seriesCount = seriesCount
        women = Array(repeating: 0, count: seriesCount)
        eligible = Array(repeating: 0, count: seriesCount * Self.checkpoints)
        present = eligible
    }

    mutating func countWoman(series s: Int) { women[s] += 1 }

    mutating func countCheckpoint(series s: Int, checkpoint c: Int, carrying: Bool) {
        eligible[s * Self.checkpoints + c] += 1
        if carrying { present[s * Self.checkpoints + c] += 1 }
    }

    mutating func merge(_ other: CheckpointTally) {
        precondition(other.seriesCount == seriesCount, "merging tallies of different layouts")
        for s in women.indices { women[s] += other.women[s] }
        for i in eligible.indices {
            eligible[i] += other.eligible[i]
            present[i] += other.present[i]
        }
    }

    /// The fraction carrying at each checkpoint of series `s` (nil where no woman is eligible).
    func prevalence(series s: Int) -> [Double?] {
        (0..<Self.checkpoints).map { c in
            let n = eligible[s * Self.checkpoints + c]
            return n > 0 ? Double(present[s * Self.checkpoints + c]) / Double(n) : nil
        }
    }
}
