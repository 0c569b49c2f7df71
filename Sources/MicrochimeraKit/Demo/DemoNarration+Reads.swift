import BiologyModel
import RateModel
import Reporting

/// Which probabilities of presence the sentences read, so that a caller can
/// solve for those alone (the teaching page: each is a backward solve from its
/// time to 0, and the sentences read a few dozen of a run's thousands).
extension DemoNarration {
    /// The values `sentences` reads: P(present) of series `series` at checkpoint
    /// `checkpoint` (an index of `SummaryCSV.checkpointYears`), and of
    /// `assaySeries` at `assayTime`, the assay sentence's sampling time.
    public struct PresenceReads: Sendable, Equatable {
        public var checkpoints: [(series: Int, checkpoint: Int)]
        public var assayTime: Double?
        public var assaySeries: [Int]

        public static func == (a: Self, b: Self) -> Bool {
            a.checkpoints.map { [$0.series, $0.checkpoint] } == b.checkpoints.map { [$0.series, $0.checkpoint] }
                && a.assayTime == b.assayTime && a.assaySeries == b.assaySeries
        }
    }

    /// The P(present) values `sentences` reads for a run with series `labels`
    /// (checkpoints counted from `references`, those after `horizon` absent)
    /// and assay rows `assays` (only their assays and times matter).
    ///
    /// A summary that has P(present) exactly at these (series, checkpoint)
    /// pairs, and a result that has it for `assaySeries` at `assayTime`, give
    /// the same sentences as one that has it everywhere: every checkpoint a
    /// sentence chooses (`checkpoint(_:preferring:)`: the preferred year if it
    /// has a value, else the latest that has one) is chosen the same way,
    /// because each headline row keeps its 10- and 30-year checkpoints and its
    /// latest one. O(series · checkpoints + assay rows).
    public static func presenceReads(labels: [SeriesLabel], references: [Double], horizon: Double,
                                     assays: [AssayCSV.Row]) -> PresenceReads {
        let rows = labels.enumerated().map { s, label in
            SeriesSummary(label: label, referenceDays: references[s], peakMean: 0, peakTimeDays: 0,
                          pPresent: SummaryCSV.checkpointYears.map { y in
                              SummaryCheckpoints.time(after: references[s], years: y) <= horizon ? 0 : nil
                          })
        }
        let index = Dictionary(labels.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var pairs: [(series: Int, checkpoint: Int)] = []
        func read(_ row: SeriesSummary, at c: Int?) {
            if let c, row.pPresent[c] != nil, let s = index[row.label] { pairs.append((s, c)) }
        }
        for (i, head) in RunHeadline.headlineRows(rows).prefix(3).enumerated() {
            read(head, at: checkpoint(head, preferring: 10))
            read(head, at: checkpoint(head, preferring: 30))
            read(head, at: head.pPresent.lastIndex { $0 != nil })
            guard i == 0 else { continue }
            let l = head.label
            let parts = rows.filter { $0.label.host == l.host && $0.label.origin == l.origin && $0.label.cellType == l.cellType
                && $0.label.compartment != .total }
            let c = checkpoint(head, preferring: 10)
            for part in parts { read(part, at: c) }
            if let blood = parts.first(where: { $0.label.compartment == .named(BiologyDefaults.blood) }) {
                let c = checkpoint(blood, preferring: 10)
                for row in rows where row.label.host == l.host && row.label.origin == l.origin
                    && row.label.compartment == .named(BiologyDefaults.blood) && row.label.cellType != l.cellType {
                    read(row, at: c)
                }
            }
        }
        var seen = Set<[Int]>()
        pairs = pairs.filter { seen.insert([$0.series, $0.checkpoint]).inserted }
        guard let row = assayReading(assays) else { return PresenceReads(checkpoints: pairs, assayTime: nil, assaySeries: []) }
        return PresenceReads(checkpoints: pairs, assayTime: row.time,
                             assaySeries: labels.indices.filter { isOtherPerson(labels[$0], in: row) })
    }

    /// The assay row the assay sentence reads: the first assay with a detection
    /// probability, at its sampling time nearest year 27 (the earlier on a tie).
    static func assayReading(_ rows: [AssayCSV.Row]) -> AssayCSV.Row? {
        let rows = rows.filter { $0.pDetect != nil }
        guard let assay = rows.first?.assay else { return nil }
        let target = 27 * Days.perYear
        return rows.filter { $0.assay == assay }.min { abs($0.time - target) < abs($1.time - target) }
    }

    /// Whether series `label` holds another person's cells in the host and compartment `row` samples.
    static func isOtherPerson(_ label: SeriesLabel, in row: AssayCSV.Row) -> Bool {
        label.host == row.host && label.compartment == .named(row.compartment) && label.origin.text != row.host
    }
}
